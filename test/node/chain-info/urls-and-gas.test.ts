/** Public URLs from a request or a listen address, and the gas price steps from the node's fee floor. */
import { describe, expect, it } from '@jest/globals';
import {
  checkPublicUrl,
  gasPriceSteps,
  listenAddressUrl,
  publicUrlsForRequest,
} from '../../../node/chain-info/index.js';

describe('gasPriceSteps', () => {
  it('low is the node floor, average 2.5x, high 4x', () => {
    expect(gasPriceSteps('0.025nicoin')).toEqual({ low: '0.025', average: '0.0625', high: '0.1' });
    expect(gasPriceSteps('1uicon,0.5nicoin')).toEqual({ low: '0.5', average: '1.25', high: '2' });
  });

  it('falls back to the devnet floor when the node accepts free txs or names no nicoin price', () => {
    expect(gasPriceSteps('')).toEqual({ low: '0.001', average: '0.0025', high: '0.004' });
    expect(gasPriceSteps('0nicoin')).toEqual(gasPriceSteps(''));
    expect(gasPriceSteps('1uicon')).toEqual(gasPriceSteps(''));
  });

  it('rejects text that is not a coin list', () => {
    expect(() => gasPriceSteps('cheap')).toThrow(/invalid decimal coin/);
  });
});

describe('public URLs', () => {
  it('listen addresses become local URLs', () => {
    expect(listenAddressUrl('tcp://0.0.0.0:26657')).toBe('http://127.0.0.1:26657');
    expect(listenAddressUrl(':1317')).toBe('http://127.0.0.1:1317');
    expect(listenAddressUrl('tcp://10.0.0.5:1317')).toBe('http://10.0.0.5:1317');
    expect(() => listenAddressUrl('nonsense')).toThrow(/invalid listen address/);
  });

  it("a request's Host gives the REST URL and, with the RPC port, the RPC URL", () => {
    expect(publicUrlsForRequest({ host: 'node.example:1317' }, 'tcp://0.0.0.0:26657')).toEqual({
      rpc: 'http://node.example:26657',
      rest: 'http://node.example:1317',
    });
    expect(publicUrlsForRequest({ host: '[::1]:1317' }, 'tcp://127.0.0.1:26657')).toEqual({
      rpc: 'http://[::1]:26657',
      rest: 'http://[::1]:1317',
    });
    expect(publicUrlsForRequest({ host: 'node.example', forwardedProto: 'https' }, 'tcp://127.0.0.1:26657').rest).toBe(
      'https://node.example',
    );
    expect(publicUrlsForRequest({}, 'tcp://0.0.0.0:26657')).toEqual({
      rpc: 'http://127.0.0.1:26657',
      rest: 'http://127.0.0.1:1317',
    });
  });

  it('explicit URLs win; bad hosts and URLs are refused', () => {
    expect(
      publicUrlsForRequest(
        { host: 'a:1317', rpc: 'https://rpc.example/', rest: 'https://api.example' },
        'tcp://0.0.0.0:26657',
      ),
    ).toEqual({ rpc: 'https://rpc.example', rest: 'https://api.example' });
    expect(() => publicUrlsForRequest({ host: 'evil.example/path' }, 'tcp://0.0.0.0:26657')).toThrow(
      /invalid Host header/,
    );
    expect(() => publicUrlsForRequest({ rpc: 'javascript:alert(1)' }, 'tcp://0.0.0.0:26657')).toThrow(
      /rpc must be a plain http/,
    );
    expect(() => checkPublicUrl('http://u:p@h', 'rest')).toThrow(/without credentials/);
    expect(() => checkPublicUrl('not a url', 'rest')).toThrow(/must be an http\(s\) URL/);
  });
});
