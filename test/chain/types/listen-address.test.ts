import { describe, expect, it } from '@jest/globals';
import { parseListenAddress } from '../../../chain/types/listen-address.js';

describe('chain/types/listen-address', () => {
  it('reads CometBFT and SDK listen addresses', () => {
    expect(parseListenAddress('tcp://127.0.0.1:26657')).toEqual({ host: '127.0.0.1', port: 26657 });
    expect(parseListenAddress('127.0.0.1:1317')).toEqual({ host: '127.0.0.1', port: 1317 });
    expect(parseListenAddress('http://localhost:1317/')).toEqual({ host: 'localhost', port: 1317 });
    expect(parseListenAddress(':26660')).toEqual({ host: '0.0.0.0', port: 26660 });
    expect(parseListenAddress('tcp://[::1]:0')).toEqual({ host: '::1', port: 0 });
  });

  it('refuses anything else, naming what was being read', () => {
    for (const bad of [
      'nonsense',
      'tcp://host',
      'tcp://host:99999',
      'unix:///tmp/s.sock',
      'tcp://a:b:1',
      'host:-1',
      '',
    ]) {
      expect(() => parseListenAddress(bad, 'rpc.laddr')).toThrow(
        /^rpc\.laddr: invalid listen address .*expected tcp:\/\/HOST:PORT/,
      );
    }
  });
});
