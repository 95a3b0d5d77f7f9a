/**
 * `raced race …`: the race engine from the command line.
 *   race bench   throughput against ONNX Runtime's own MatMul peak (`--json`: last line is one JSON object)
 *   race mine    mine a seeded race with terminal progress
 *   race verify  re-run nonces of a participant and print pass/fail with distances
 */
import type { Command } from 'commander';
import { createLogger } from '../../../chain/util/log.js';
import { getRaceConfig, type RaceConfig } from '../../../race/engine/config.js';
import { taggedHash, toNonce } from '../../../race/engine/seeds.js';
import type { RaceDevice } from '../../../race/engine/session.js';
import { CliError, printJson, printText } from '../output.js';

function config(name: string): RaceConfig {
  try {
    return getRaceConfig(name);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

/** The engine loads ONNX Runtime, so it is imported only when a race command runs (not by `raced --help`). */
async function engine() {
  // One import at a time: jest's ESM loader fails ("not in cache") on concurrent imports that share modules.
  const bench = await import('../../../race/engine/bench.js');
  const miner = await import('../../../race/engine/miner.js');
  const progress = await import('../../../race/engine/progress.js');
  const session = await import('../../../race/engine/session.js');
  const verifier = await import('../../../race/engine/verifier.js');
  return { ...bench, ...miner, ...progress, ...session, ...verifier };
}

function device(parseDevice: (v: string) => RaceDevice, value: string): RaceDevice {
  try {
    return parseDevice(value);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
}

function positive(value: string | undefined, name: string, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0))
    throw new CliError(`--${name} must be a ${allowZero ? 'non-negative' : 'positive'} number, got "${value}"`);
  return n;
}

function integer(value: string | undefined, name: string): number | undefined {
  const n = positive(value, name);
  if (n !== undefined && !Number.isInteger(n)) throw new CliError(`--${name} must be an integer, got "${value}"`);
  return n;
}

/** `--seed` as 64 hex characters, or a fixed demo seed. */
function seedBytes(hex: string | undefined, what: string, demoTag: string): Uint8Array {
  if (hex === undefined) return taggedHash(demoTag, new Uint8Array(0));
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new CliError(`${what} must be 64 hex characters`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

function hexBytes(hex: string, what: string, length: number): Uint8Array {
  if (!new RegExp(`^[0-9a-fA-F]{${2 * length}}$`).test(hex))
    throw new CliError(`${what} must be ${2 * length} hex characters`);
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

interface BenchFlags {
  config: string;
  device: string;
  seconds?: string;
  threads?: string;
  batches?: string;
  rounds?: string;
  json?: boolean;
}
interface MineFlags {
  config: string;
  device: string;
  seconds?: string;
  threads?: string;
  batch?: string;
  seed?: string;
  pubkey?: string;
  json?: boolean;
}
interface VerifyFlags {
  config: string;
  device: string;
  seed?: string;
  pubkey: string;
  nonces: string;
  threads?: string;
  json?: boolean;
}

export function registerRaceCommands(program: Command): void {
  const race = program
    .command('race')
    .description('the Proof-of-Work 2.0 transformer race (engine, benchmark, mining)');

  race
    .command('bench')
    .description('race throughput vs ONNX Runtime MatMul peak, seed-to-first-nonce time and verification cost')
    .option('--config <name>', 'model config: paper, dev or test', 'dev')
    .option('--device <device>', 'auto, cpu or cuda', 'auto')
    .option('--seconds <n>', 'seconds of throughput measurement', '20')
    .option('--threads <n>', 'ONNX Runtime intra-op threads (default: all CPUs)')
    .option('--batches <list>', 'comma-separated batch sizes (default depends on the config)')
    .option('--rounds <n>', 'paired race/MatMul rounds for the ratio (its median is reported)', '5')
    .option('--json', 'print progress to stderr and one JSON object as the last stdout line')
    .action(async (flags: BenchFlags) => {
      const { runRaceBench, parseDevice } = await engine();
      const out = flags.json ? process.stderr : process.stdout;
      const batchSizes = flags.batches?.split(',').map((b) => integer(b.trim(), 'batches')!);
      const result = await runRaceBench({
        config: config(flags.config),
        device: device(parseDevice, flags.device),
        seconds: positive(flags.seconds, 'seconds'),
        threads: integer(flags.threads, 'threads'),
        batchSizes,
        rounds: integer(flags.rounds, 'rounds'),
        logger: { info: (obj, msg) => out.write(`${msg}${obj.reason ? `: ${String(obj.reason)}` : ''}\n`) },
        onProgress: (line) => out.write(line + '\n'),
      });
      if (flags.json) {
        printJson(result);
        return;
      }
      printText(
        [
          `config ${result.config} (${(result.params / 1e9).toFixed(3)} B params, ${result.gflop_per_nonce.toFixed(4)} GFLOP/nonce) on ${result.device}, ${result.threads} threads`,
          `seed to first nonce   ${result.seed_to_first_nonce_s.toFixed(2)} s`,
          `best batch            ${result.best_batch}: ${result.nonces_per_s.toFixed(1)} nonces/s (${result.sustained_nonces_per_s.toFixed(1)} sustained) in the median round`,
          `achieved              ${result.gflops.toFixed(1)} GFLOP/s`,
          `MatMul peak           ${result.matmul_peak_gflops.toFixed(1)} GFLOP/s (around the same window)`,
          `ratio                 ${result.ratio.toFixed(3)} (median of ${result.rounds.length} paired rounds: ${result.rounds.map((r) => r.ratio.toFixed(3)).join(' ')})`,
          `verification          ${result.verify_ms_per_nonce.toFixed(2)} ms per nonce`,
        ].join('\n'),
      );
    });

  race
    .command('mine')
    .description('mine a race (a demo seed unless --seed) and show progress')
    .option('--config <name>', 'model config: paper, dev or test', 'dev')
    .option('--device <device>', 'auto, cpu or cuda', 'auto')
    .option('--seconds <n>', 'stop after N seconds (0: until Ctrl-C)', '10')
    .option('--threads <n>', 'ONNX Runtime intra-op threads', '1')
    .option('--batch <n>', 'initial nonces per batch', '64')
    .option('--seed <hex>', '32-byte epoch seed (hex)')
    .option('--pubkey <hex>', '33-byte compressed secp256k1 public key of the participant (hex)')
    .option('--json', 'print found proofs and the summary as JSON lines')
    .action(async (flags: MineFlags) => {
      const { Miner, formatProgress, progressWriter, parseDevice } = await engine();
      const seconds = positive(flags.seconds, 'seconds', true) ?? 10;
      const logger = createLogger({ destination: process.stderr, pretty: false, level: 'warn' });
      const miner = new Miner(
        {
          config: config(flags.config),
          epochSeed: seedBytes(flags.seed, '--seed', 'race/cli/demo-epoch'),
          ...(flags.pubkey
            ? { publicKey: hexBytes(flags.pubkey, '--pubkey', 33) }
            : { nodeSeed: taggedHash('race/cli/demo-node', new Uint8Array(0)) }),
          device: device(parseDevice, flags.device),
          threads: integer(flags.threads, 'threads'),
          batchSize: integer(flags.batch, 'batch'),
        },
        { logger },
      );
      const started = performance.now();
      const bar = progressWriter(flags.json ? process.stderr : process.stdout);
      const proofs: { nonce: bigint; distance: number }[] = [];
      miner.on('proof', (p: { nonce: bigint; distance: number }) => {
        proofs.push(p);
        if (flags.json) printJson({ proof: p });
      });
      miner.on('stats', (s) => bar.update(formatProgress(s, performance.now() - started)));
      const ready = await miner.start();
      bar.update(`race: ${ready.device} ready in ${((ready.buildMs + ready.sessionMs) / 1000).toFixed(2)} s`);
      let onSigint = () => {};
      await new Promise<void>((resolve) => {
        onSigint = resolve;
        process.once('SIGINT', onSigint);
        if (seconds > 0) setTimeout(resolve, seconds * 1000).unref();
      });
      process.off('SIGINT', onSigint);
      const stats = await miner.stop();
      bar.done();
      const summary = {
        device: ready.device,
        tried: stats.tried,
        found: stats.found,
        nonces_per_s: stats.noncesPerSec,
        threshold: ready.threshold,
      };
      if (flags.json) printJson(summary);
      else
        printText(
          `${formatProgress(stats, performance.now() - started)}; first proofs: ${
            proofs
              .slice(0, 5)
              .map((p) => p.nonce)
              .join(', ') || 'none'
          }`,
        );
    });

  race
    .command('verify')
    .description('re-run nonces of a participant and print pass or fail with the recomputed distance')
    .requiredOption('--pubkey <hex>', '33-byte compressed secp256k1 public key of the participant (hex)')
    .requiredOption('--nonces <list>', 'comma-separated nonces')
    .option('--config <name>', 'model config: paper, dev or test', 'dev')
    .option('--device <device>', 'auto, cpu or cuda', 'cpu')
    .option('--seed <hex>', '32-byte epoch seed (hex; default: the demo seed of race mine)')
    .option('--threads <n>', 'ONNX Runtime intra-op threads', '1')
    .option('--json', 'print the report as JSON')
    .action(async (flags: VerifyFlags) => {
      const { Verifier, parseDevice } = await engine();
      const nonces = flags.nonces.split(',').map((s) => {
        try {
          return toNonce(BigInt(s.trim()));
        } catch {
          throw new CliError(`invalid nonce "${s}"`);
        }
      });
      const verifier = await Verifier.create({
        config: config(flags.config),
        epochSeed: seedBytes(flags.seed, '--seed', 'race/cli/demo-epoch'),
        device: device(parseDevice, flags.device),
        threads: integer(flags.threads, 'threads'),
      });
      try {
        const report = await verifier.verify({ publicKey: hexBytes(flags.pubkey, '--pubkey', 33) }, nonces);
        if (flags.json) printJson(report);
        else
          printText(
            [
              ...report.results.map((r) => `${String(r.nonce)}  ${r.verdict}  ${r.distance ?? '-'}`),
              `${report.pass ? 'PASS' : 'FAIL'} ${report.passCount}/${report.results.length} (threshold ${report.threshold})`,
            ].join('\n'),
          );
      } finally {
        await verifier.close();
      }
    });
}
