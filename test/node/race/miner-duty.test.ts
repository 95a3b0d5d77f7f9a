import { describe, expect, it } from '@jest/globals';
import { silentLogger } from '../../../chain/util/log.js';
import { MsgSubmitProofBatch } from '../../../proto/gen/race/race/v1/tx.js';
import { MinerDuty, type MinerDutyOpts } from '../../../node/race/miner-duty.js';
import { raceKeyFromPrivKey } from '../../../node/race/race-key.js';
import { epochInfo, FakeMiner, flush, ManualTimers, params, RecordingSubmitter } from './fakes.js';

const key = raceKeyFromPrivKey(new Uint8Array(32).fill(3));
const BATCH = '/race.race.v1.MsgSubmitProofBatch';

function setup(over: Partial<MinerDutyOpts> = {}, onChain: bigint[] = []) {
  const sub = new RecordingSubmitter();
  const miners: FakeMiner[] = [];
  const timers = new ManualTimers();
  const duty = new MinerDuty(
    { device: 'cpu', threads: 1, throttle: 1, forgeNonces: false, ...over },
    {
      address: key.address,
      publicKey: key.pubKey,
      submit: sub.submit,
      proofNonces: async () => onChain,
      createMiner: (o) => {
        const m = new FakeMiner(o);
        miners.push(m);
        return m;
      },
      log: silentLogger(),
      timers,
    },
  );
  const batches = () => sub.of(BATCH).map((m) => MsgSubmitProofBatch.decode(m.value));
  return { sub, miners, duty, timers, batches };
}

describe('MinerDuty', () => {
  it('mines in the race window, submits sorted size-bounded batches each block, stops before the end', async () => {
    const { miners, duty, batches } = setup();
    const e0 = epochInfo(0);
    await duty.onBlock(0, e0, params(), true, true); // next height 1 = race start
    await duty.starting;
    expect(miners).toHaveLength(1);
    const m = miners[0]!;
    expect(m.opts.epochSeed).toEqual(e0.seed);
    expect(m.opts.publicKey).toEqual(key.pubKey);
    expect(m.opts.config.name).toBe('test');
    expect(m.opts.config.difficulty).toBe(900);
    m.prove(7n, 3n, 11n, 20n, 3n); // 3 twice: submitted once
    await duty.onBlock(1, e0, params(), true, true);
    expect(batches().map((b) => b.nonces)).toEqual([[3n, 7n, 11n], [20n]]); // max_batch_nonces = 3
    expect(batches().every((b) => b.participant === key.address && b.epoch === 0n)).toBe(true);
    // race [1, 11): the miner stops once the next height reaches 11 − 2 = 9
    await duty.onBlock(7, e0, params(), true, true);
    expect(m.calls).not.toContain('stop');
    m.prove(30n);
    await duty.onBlock(8, e0, params(), true, true);
    expect(m.calls).toContain('stop');
    expect(batches().at(-1)!.nonces).toEqual([30n]);
    expect(duty.current).toMatchObject({ state: 'stopped', submitted: 5 });
    // a proof emitted late still goes out at height 9 (next = 10, inside the window) but not after the window
    m.prove(40n);
    await duty.onBlock(9, e0, params(), true, true);
    expect(batches().at(-1)!.nonces).toEqual([40n]);
    m.prove(50n);
    await duty.onBlock(10, e0, params(), true, true);
    expect(batches().at(-1)!.nonces).toEqual([40n]);
    expect(duty.current!.pending).toBe(0);
    // the next epoch starts a fresh miner on the new seed
    await duty.onBlock(40, epochInfo(1), params(), true, true);
    await duty.starting;
    expect(miners).toHaveLength(2);
    expect(miners[1]!.opts.epochSeed).toEqual(epochInfo(1).seed);
  });

  it('does not mine with mining off, when not registered, or outside the window', async () => {
    const { miners, duty } = setup();
    await duty.onBlock(0, epochInfo(0), params(), true, false);
    await duty.onBlock(0, epochInfo(0), params(), false, true);
    await duty.onBlock(12, epochInfo(0), params(), true, true);
    await duty.onBlock(8, epochInfo(0), params(), true, true); // next = 9: too late to start
    await duty.starting;
    expect(miners).toHaveLength(0);
  });

  it('after a restart mid-race, resumes past the nonces already on chain and never resubmits them', async () => {
    const { miners, duty, batches } = setup({}, [5n, 9n]);
    await duty.onBlock(4, epochInfo(0), params(), true, true);
    await duty.starting;
    expect(miners[0]!.opts.startNonce).toBe(10n);
    miners[0]!.prove(9n, 12n);
    await duty.onBlock(5, epochInfo(0), params(), true, true);
    expect(batches().map((b) => b.nonces)).toEqual([[12n]]);
  });

  it('with RACE_TEST_FORGE_NONCES submits nonces that were never found', async () => {
    const { miners, duty, batches } = setup({ forgeNonces: true });
    await duty.onBlock(0, epochInfo(0), params(), true, true);
    await duty.starting;
    miners[0]!.prove(100n, 200n);
    await duty.onBlock(1, epochInfo(0), params(), true, true);
    expect(batches().map((b) => b.nonces)).toEqual([[101n, 201n]]);
  });

  it('with RACE_TEST_MINER_THROTTLE=0.5 pauses and resumes the miner for equal times', async () => {
    const { miners, duty, timers } = setup({ throttle: 0.5 });
    await duty.onBlock(0, epochInfo(0), params(), true, true);
    await duty.starting;
    const m = miners[0]!;
    await timers.advance(124);
    expect(m.calls).toEqual(['start']);
    await timers.advance(1);
    expect(m.calls).toEqual(['start', 'pause']);
    await timers.advance(125);
    expect(m.calls).toEqual(['start', 'pause', 'resume']);
    await timers.advance(500);
    expect(m.calls.filter((c) => c === 'pause')).toHaveLength(3);
    expect(m.calls.filter((c) => c === 'resume')).toHaveLength(3);
    await duty.stop();
    const n = m.calls.length;
    await timers.advance(10_000);
    expect(m.calls.length).toBe(n); // the cycle ends with the miner
  });

  it('keeps refused batches and sends them after the next block; user pause holds the miner', async () => {
    const { sub, miners, duty, batches } = setup();
    await duty.onBlock(0, epochInfo(0), params(), true, true);
    await duty.starting;
    miners[0]!.prove(1n, 2n);
    sub.refuse = true;
    await duty.onBlock(1, epochInfo(0), params(), true, true);
    expect(batches()).toHaveLength(0);
    sub.refuse = false;
    await duty.onBlock(2, epochInfo(0), params(), true, true);
    expect(batches().map((b) => b.nonces)).toEqual([[1n, 2n]]);
    await duty.pause();
    expect(miners[0]!.state).toBe('paused');
    duty.resume();
    expect(miners[0]!.state).toBe('running');
  });

  it('survives a miner that fails to start or fails while running', async () => {
    const { miners, duty } = setup();
    await duty.onBlock(0, epochInfo(0), params({ modelConfig: 'nope' }), true, true);
    await duty.starting;
    expect(miners).toHaveLength(0);
    expect(duty.current!.state).toBe('failed');
    await duty.onBlock(40, epochInfo(1), params(), true, true);
    await duty.starting;
    miners[0]!.emit('error', new Error('worker died'));
    expect(duty.current!.state).toBe('failed');
    await flush();
    await duty.onBlock(41, epochInfo(1), params(), true, true);
    expect(miners).toHaveLength(1);
  });
});
