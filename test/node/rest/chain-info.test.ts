/** GET /chain-info/*: the wallet documents from an in-process REST server over the fake chain. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { request } from 'node:http';
import type { RestServerHandle } from '../../../node/rest/server.js';
import { CHAIN_ID, FakeBackend } from '../rpc/fake-backend.js';
import { RestClient, startRest } from './helpers.js';

let server: RestServerHandle;

/** fetch() will not send a custom Host header, so this goes through node:http. */
function getWithHost(path: string, host: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { headers: { host } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}
let rest: RestClient;

beforeAll(async () => {
  ({ server, client: rest } = await startRest(new FakeBackend(), { minimumGasPrices: '0.01nicoin' }));
});

afterAll(async () => {
  await server?.close();
});

describe('chain info routes', () => {
  it('keplr: the chain id, the URLs as the client reached the server, and the node fee floor', async () => {
    const info = await rest.ok('/chain-info/keplr');
    const port = new URL(server.url).port;
    expect(info).toMatchObject({
      chainId: CHAIN_ID,
      rest: `http://127.0.0.1:${port}`,
      rpc: 'http://127.0.0.1:26657',
      bip44: { coinType: 118 },
    });
    expect(info.feeCurrencies[0].gasPriceStep).toEqual({ low: 0.01, average: 0.025, high: 0.04 });
  });

  it('the Host header names the host; ?rpc= and ?rest= override', async () => {
    const viaName = await getWithHost('/chain-info/keplr', 'node.example:1317');
    expect(viaName.status).toBe(200);
    expect(viaName.body).toMatchObject({ rest: 'http://node.example:1317', rpc: 'http://node.example:26657' });
    const overridden = await rest.ok(
      `/chain-info/chain.json?rpc=${encodeURIComponent('https://rpc.example')}&rest=${encodeURIComponent('https://api.example')}`,
    );
    expect(overridden.apis).toEqual({
      rpc: [{ address: 'https://rpc.example', provider: 'racetest' }],
      rest: [{ address: 'https://api.example', provider: 'racetest' }],
    });
  });

  it('assetlist.json lists the four units', async () => {
    const list = await rest.ok('/chain-info/assetlist.json');
    expect(list.assets[0].denom_units.map((u: { denom: string }) => u.denom)).toEqual([
      'nicoin',
      'uicon',
      'micoin',
      'icon',
    ]);
  });

  it('bad overrides and hosts are a 400 with the reason', async () => {
    const badHost = await getWithHost('/chain-info/keplr', 'a..b/x');
    expect(badHost.status).toBe(400);
    expect(badHost.body.message).toMatch(/invalid Host header/);
    const r = await rest.get('/chain-info/keplr?rpc=ftp://x');
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ code: 3, message: expect.stringMatching(/rpc must be a plain http/) });
  });
});
