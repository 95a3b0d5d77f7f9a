/**
 * npm run bench:race-spam — the per-block cost of the worst proof and registration spam funded accounts can send,
 * through the real app in-process (test model, test params: 4 batches of max_batch_nonces 256 per participant and
 * block, max_block_nonces 8192 per block, registration_fee 100 nicoin). Work is counted, not timed: nonce keys written
 * and the metered store gas of the block's txs; wall time is printed alongside for information only.
 *
 * Blocks measured in one run, each in the race window of epoch 1:
 *   full   — 8 registered spammers each send 4 full batches: exactly max_block_nonces nonces, the intake ceiling;
 *   double — 64 spammers each send 8 full batches (8× the ceiling offered);
 *   dust   — 1000 unfunded accounts each try to register.
 * The bound: a block writes at most max_block_nonces nonce keys whatever is offered, so double/full ≤ 1 for keys,
 * and gas grows only by the constant refusal cost per extra tx (bounded by the block's byte limit).
 * Last line: JSON.
 */
import { addGenesisAccount } from '../node/genesis-file.js';
import { noncePrefix } from '../race/module/keys.js';
import { TEST_RACE_PARAMS } from '../race/module/params.js';
import { batch, RaceSim, registerMsg, signedTx, simParticipant, type BlockResult } from '../test/race/module/sim.js';

const SPAMMERS = 64;
const DUST = 1000;

async function main(): Promise<void> {
  const params = { ...TEST_RACE_PARAMS, maxParticipants: 1000 };
  const honest = [simParticipant('bench-h1', 'offline'), simParticipant('bench-h2', 'offline')];
  const spammers = Array.from({ length: SPAMMERS }, (_, i) => simParticipant(`bench-spam-${i}`, 'offline'));
  const dust = Array.from({ length: DUST }, (_, i) => simParticipant(`bench-dust-${i}`, 'offline'));
  const sim = new RaceSim(honest, params, (doc) => {
    let d = doc;
    for (const p of spammers) d = addGenesisAccount(d, p.address, [{ denom: 'nicoin', amount: 10_000n }]);
    for (const p of dust) d = addGenesisAccount(d, p.address, [{ denom: 'nicoin', amount: 99n }]);
    return d;
  });
  await sim.start();
  try {
    await sim.step([], [], true);
    const reg = await sim.step(
      spammers.map((p) => signedTx(sim, p, [registerMsg(p)])),
      [],
      true,
    );
    if (reg.txs.some((t) => t.code !== 0)) throw new Error('a funded spammer could not register');
    // Epoch 0 races nothing; its beacon falls back (nobody commits here) and epoch 1's race opens.
    while (!(await sim.duties(honest[0]!)).racing) await sim.step([], [], true);
    const epoch = (await sim.duties(honest[0]!)).epoch!.epoch;
    const keys = () => {
      const prefix = noncePrefix(epoch);
      const end = Uint8Array.from(prefix);
      end[end.length - 1]! += 1;
      let n = 0;
      for (const _ of sim.race.keepers.race.kv(sim.race.app.queryContext()).iterate(prefix, end)) n++;
      return n;
    };
    let cursor = 0n;
    const full = () => Array.from({ length: params.maxBatchNonces }, () => cursor++);
    const measure = async (txs: Uint8Array[]) => {
      const before = keys();
      const t0 = performance.now();
      const r: BlockResult = await sim.step(txs, [], true);
      const ms = performance.now() - t0;
      const gas = r.txs.reduce((s, t) => s + t.gasUsed, 0n);
      return { txs: txs.length, accepted: r.txs.filter((t) => t.code === 0).length, keys: keys() - before, gas, ms };
    };
    const empty = await measure([]);
    const batches = (ps: typeof spammers, n: number) =>
      ps.flatMap((p) => Array.from({ length: n }, (_, k) => signedTx(sim, p, [batch(p, epoch, full())], BigInt(k))));
    const fullBlock = await measure(batches(spammers.slice(0, 8), 4));
    const doubleBlock = await measure(batches(spammers, 8));
    const dustBlock = await measure(dust.map((p) => signedTx(sim, p, [registerMsg(p)])));
    const row = (name: string, m: typeof empty) =>
      `${name.padEnd(7)} txs ${String(m.txs).padStart(5)}  accepted ${String(m.accepted).padStart(4)}  nonce keys ${String(m.keys).padStart(5)}  gas ${String(m.gas).padStart(10)}  ${m.ms.toFixed(0)} ms`;
    for (const [n, m] of [
      ['empty', empty],
      ['full', fullBlock],
      ['double', doubleBlock],
      ['dust', dustBlock],
    ] as const)
      process.stdout.write(row(n, m) + '\n');
    const gasPerRefused = Number(doubleBlock.gas - fullBlock.gas) / (doubleBlock.txs - doubleBlock.accepted);
    const result = {
      max_block_nonces: params.maxBlockNonces,
      full_keys: fullBlock.keys,
      double_keys: doubleBlock.keys,
      keys_ratio_double_over_full: doubleBlock.keys / fullBlock.keys,
      keys_within_bound: fullBlock.keys <= params.maxBlockNonces && doubleBlock.keys <= params.maxBlockNonces,
      gas_full: fullBlock.gas.toString(),
      gas_double: doubleBlock.gas.toString(),
      gas_per_refused_tx: Math.round(gasPerRefused),
      dust_registered: dustBlock.accepted,
      dust_keys: dustBlock.keys,
      ms_ratio_full_over_empty: fullBlock.ms / Math.max(empty.ms, 1),
      ms_ratio_double_over_full: doubleBlock.ms / Math.max(fullBlock.ms, 1),
    };
    process.stdout.write(JSON.stringify(result) + '\n');
    if (!result.keys_within_bound || result.dust_registered !== 0) process.exitCode = 1;
  } finally {
    await sim.stop();
  }
}

void main();
