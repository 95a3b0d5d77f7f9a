import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { Command } from 'commander';
import { registerRaceCommands } from '../../../node/cli/commands/race.js';

function program(): Command {
  const p = new Command().exitOverride();
  registerRaceCommands(p);
  return p;
}

function captureStdout(): { text: () => string } {
  let out = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    out += String(chunk);
    return true;
  });
  jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  return { text: () => out };
}

afterEach(() => {
  jest.restoreAllMocks();
});

describe('raced race', () => {
  it('bench --json ends with one JSON object holding the required fields', async () => {
    const out = captureStdout();
    await program().parseAsync([
      'node',
      'raced',
      'race',
      'bench',
      '--config',
      'test',
      '--device',
      'cpu',
      '--seconds',
      '0.3',
      '--threads',
      '1',
      '--batches',
      '8,16',
      '--json',
    ]);
    const last = out.text().trim().split('\n').pop()!;
    const r = JSON.parse(last);
    for (const k of [
      'config',
      'device',
      'seed_to_first_nonce_s',
      'best_batch',
      'nonces_per_s',
      'gflops',
      'matmul_peak_gflops',
      'ratio',
      'verify_ms_per_nonce',
    ]) {
      expect(r).toHaveProperty(k);
    }
    expect(r.config).toBe('test');
    expect(r.device).toBe('cpu');
  });

  it('mine shows progress and verify re-checks the nonces it prints', async () => {
    const pub = Buffer.from(secp256k1.getPublicKey(new Uint8Array(32).fill(3), true)).toString('hex');
    const out = captureStdout();
    await program().parseAsync([
      'node',
      'raced',
      'race',
      'mine',
      '--config',
      'test',
      '--device',
      'cpu',
      '--seconds',
      '1',
      '--pubkey',
      pub,
      '--json',
      '--batch',
      '256',
    ]);
    const lines = out
      .text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const summary = lines.pop();
    expect(summary.tried).toBeGreaterThan(0);
    const nonces = lines.map((l) => l.proof.nonce as string);
    expect(nonces.length).toBe(summary.found);
    if (nonces.length === 0) return;
    const out2 = captureStdout();
    await program().parseAsync([
      'node',
      'raced',
      'race',
      'verify',
      '--config',
      'test',
      '--pubkey',
      pub,
      '--nonces',
      nonces.slice(0, 3).join(','),
      '--json',
    ]);
    expect(JSON.parse(out2.text().trim()).pass).toBe(true);
  });

  it('rejects bad flags with clear errors', async () => {
    captureStdout();
    await expect(program().parseAsync(['node', 'raced', 'race', 'bench', '--config', 'huge'])).rejects.toThrow(
      /unknown race config/,
    );
    await expect(program().parseAsync(['node', 'raced', 'race', 'bench', '--device', 'tpu'])).rejects.toThrow(
      /invalid race device/,
    );
    await expect(
      program().parseAsync(['node', 'raced', 'race', 'bench', '--config', 'test', '--seconds', '-1']),
    ).rejects.toThrow(/--seconds/);
    await expect(
      program().parseAsync(['node', 'raced', 'race', 'verify', '--pubkey', 'zz', '--nonces', '1']),
    ).rejects.toThrow(/--pubkey/);
  });
});
