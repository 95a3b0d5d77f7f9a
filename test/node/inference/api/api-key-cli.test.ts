import { describe, expect, it, jest } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openKeyring } from '../../../../chain/crypto/keyring/index.js';
import { apiKeysFile, loadApiKeys } from '../../../../node/inference/api/api-keys.js';
import { buildProgram } from '../../../../node/cli/main.js';

async function run(args: string[]): Promise<{ out: string; err: unknown }> {
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  try {
    await (await buildProgram(args)).parseAsync(['node', 'raced', ...args]);
    return { out, err: undefined };
  } catch (e) {
    return { out, err: e };
  } finally {
    spy.mockRestore();
  }
}

describe('raced inference api-key create', () => {
  it('binds a new key to a test-keyring key and refuses an unknown one without writing anything', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'race-apikey-'));
    try {
      const dev = await openKeyring({ backend: 'test', home }).add('dev');
      const ok = await run(['inference', 'api-key', 'create', '--from', 'dev', '--home', home, '-o', 'json']);
      expect(ok.err).toBeUndefined();
      const printed = JSON.parse(ok.out) as { api_key: string; address: string };
      expect(printed.address).toBe(dev.address);
      expect(loadApiKeys(apiKeysFile(path.join(home, 'config')))).toEqual([
        { key: printed.api_key, key_name: 'dev', address: dev.address },
      ]);
      const bad = await run(['inference', 'api-key', 'create', '--from', 'nobody', '--home', home]);
      expect((bad.err as Error).message).toMatch(/key "nobody" not found.*test keyring/);
      expect(loadApiKeys(apiKeysFile(path.join(home, 'config')))).toHaveLength(1);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});
