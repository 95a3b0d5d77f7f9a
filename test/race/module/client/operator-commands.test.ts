import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CliError } from '../../../../chain/client/cli-error.js';
import { appTypeRegistry } from '../../../../node/app/module-list.js';
import { encodeRaceKey, generateRaceKey } from '../../../../node/race/race-key.js';
import { newHotKeyPubKey } from '../../../../race/module/client/operator-commands.js';
import { RACE_URLS } from '../../../../race/module/client/msgs.js';

describe('race operator client', () => {
  it('declares amino names, so CosmJS AminoTypes (Keplr, Ledger) can sign the operator messages', () => {
    const amino = appTypeRegistry().aminoConverters();
    expect(amino[RACE_URLS.setOperator]?.aminoType).toBe('race/MsgSetOperator');
    expect(amino[RACE_URLS.rotateHotKey]?.aminoType).toBe('race/MsgRotateHotKey');
  });

  it('reads the new hot key from hex or from a race_key.json, and refuses anything else', () => {
    const key = generateRaceKey();
    const hex = Buffer.from(key.pubKey).toString('hex');
    expect(newHotKeyPubKey(hex)).toEqual(key.pubKey);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'race-key-'));
    try {
      const file = path.join(dir, 'race_key.json');
      fs.writeFileSync(file, JSON.stringify(encodeRaceKey(key)));
      expect(newHotKeyPubKey(file)).toEqual(key.pubKey);
      fs.writeFileSync(file, '{"pub_key":{"value":"AAAA"}}');
      expect(() => newHotKeyPubKey(file)).toThrow(CliError);
      expect(() => newHotKeyPubKey(hex.slice(2))).toThrow('neither a 33-byte hex public key');
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
