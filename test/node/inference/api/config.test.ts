import { describe, expect, it } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultNodeConfig, loadNodeConfig } from '../../../../node/config.js';

describe('config.toml [inference]', () => {
  it('is off by default at 127.0.0.1:8080, and a bad address or limit is refused naming the key', () => {
    expect(defaultNodeConfig('m').inference).toEqual({
      enable: false,
      address: 'tcp://127.0.0.1:8080',
      requests_per_minute: 600,
      models_dir: 'models',
      max_model_bytes: 8 * 2 ** 30,
    });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'race-cfg-'));
    try {
      const file = path.join(dir, 'config.toml');
      fs.writeFileSync(file, '[inference]\nenable = true\naddress = "tcp://127.0.0.1:9090"\n');
      expect(loadNodeConfig(file).inference).toMatchObject({ enable: true, address: 'tcp://127.0.0.1:9090' });
      fs.writeFileSync(file, '[inference]\nenable = true\naddress = "nowhere"\n');
      expect(() => loadNodeConfig(file)).toThrow(/config\.toml: inference\.address: invalid listen address "nowhere"/);
      fs.writeFileSync(file, '[inference]\nenable = "yes"\n');
      expect(() => loadNodeConfig(file)).toThrow(/inference\.enable must be a boolean/);
      fs.writeFileSync(file, '[inference]\nrequests_per_minute = 1.5\n');
      expect(() => loadNodeConfig(file)).toThrow(/inference\.requests_per_minute must be an integer/);
      fs.writeFileSync(file, '[inference]\nmodels_dir = ""\n');
      expect(() => loadNodeConfig(file)).toThrow(/inference\.models_dir must be a non-empty path/);
      fs.writeFileSync(file, '[inference]\nmax_model_bytes = 0\n');
      expect(() => loadNodeConfig(file)).toThrow(/inference\.max_model_bytes must be a positive integer, got 0/);
      fs.writeFileSync(file, '[inference]\nmodels_dir = "/srv/models"\nmax_model_bytes = 17179869184\n');
      expect(loadNodeConfig(file).inference).toMatchObject({ models_dir: '/srv/models', max_model_bytes: 2 ** 34 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
