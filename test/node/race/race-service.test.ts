import { describe, expect, it } from '@jest/globals';
import { silentLogger } from '../../../chain/util/log.js';
import type { QueryDutiesResponse } from '../../../proto/gen/race/race/v1/query.js';
import { MsgRegisterParticipant } from '../../../proto/gen/race/race/v1/tx.js';
import { RaceService } from '../../../node/race/race-service.js';
import type { RaceChain } from '../../../node/race/race-chain.js';
import { raceKeyFromPrivKey } from '../../../node/race/race-key.js';
import type { BeaconDuty } from '../../../node/race/beacon-duty.js';
import type { DutySubmitter } from '../../../node/race/duty-submitter.js';
import type { MinerDuty } from '../../../node/race/miner-duty.js';
import type { ValidatorDuty } from '../../../node/race/validator-duty.js';
import { epochInfo, params, RecordingSubmitter } from './fakes.js';

const key = raceKeyFromPrivKey(new Uint8Array(32).fill(21));
const consensusPubKey = new Uint8Array(32).fill(4);

function duties(over: Partial<QueryDutiesResponse> = {}): QueryDutiesResponse {
  return {
    epoch: epochInfo(0),
    registered: true,
    racing: true,
    submitted: 0n,
    validations: [],
    beaconMember: false,
    beaconEpoch: 1n,
    beaconPhase: 'before',
    ...over,
  };
}

const OPERATOR = 'race1dxx6h6pk76g4z455s37zcecd0pm46z5azzjsml';

function setup(opts: { mining?: boolean; answer?: () => QueryDutiesResponse; operator?: string } = {}) {
  const calls: string[] = [];
  const sub = new RecordingSubmitter();
  let syncs = 0;
  const chain: RaceChain = {
    duties: async () => (opts.answer ?? (() => duties()))(),
    params: async () => params(),
    beacon: async () => {
      throw new Error('unused');
    },
    proofNonces: async () => [],
  };
  const service = new RaceService(
    { mining: opts.mining ?? true, consensusPubKey, operator: opts.operator },
    {
      key,
      chain,
      log: silentLogger(),
      submitter: {
        submit: sub.submit,
        onBlockCommitted: () => {
          syncs++;
        },
      } as unknown as DutySubmitter,
      miner: {
        onBlock: async (h: number, _e: unknown, _p: unknown, registered: boolean, mining: boolean) => {
          calls.push(`miner ${h} ${registered} ${mining}`);
        },
        stop: async () => {
          calls.push('miner stop');
        },
        pause: async () => {
          calls.push('pause');
        },
        resume: () => calls.push('resume'),
      } as unknown as MinerDuty,
      validator: {
        onBlock: (h: number) => {
          calls.push(`validator ${h}`);
        },
        idle: Promise.resolve(),
      } as unknown as ValidatorDuty,
      beacon: {
        onBlock: async (h: number, member: boolean) => {
          calls.push(`beacon ${h} ${member}`);
        },
      } as unknown as BeaconDuty,
    },
  );
  return { service, calls, sub, syncs: () => syncs };
}

describe('RaceService', () => {
  it('drives miner, validator and beacon duties in order for each committed block', async () => {
    const { service, calls, syncs } = setup();
    service.start();
    service.onBlockCommitted(5);
    await service.settled();
    service.onBlockCommitted(6);
    await service.settled();
    expect(calls).toEqual([
      'miner 5 true true',
      'validator 5',
      'beacon 5 false',
      'miner 6 true true',
      'validator 6',
      'beacon 6 false',
    ]);
    expect(syncs()).toBe(2);
    await service.pause();
    service.resume();
    await service.stop();
    expect(calls.slice(-3)).toEqual(['pause', 'resume', 'miner stop']);
    service.onBlockCommitted(7); // ignored once stopped
    await service.settled();
    expect(calls.filter((c) => c.startsWith('miner 7'))).toHaveLength(0);
  });

  it('skips blocks it fell behind on (block sync) but keeps the submitter in step', async () => {
    const { service, calls, syncs } = setup();
    for (let h = 1; h <= 5; h++) service.onBlockCommitted(h);
    await service.settled();
    expect(calls.filter((c) => c.startsWith('miner'))).toEqual(['miner 5 true true']);
    expect(syncs()).toBe(5);
  });

  it('registers an unregistered node once (again only after 5 blocks), never with mining off', async () => {
    const unregistered = () => duties({ registered: false, racing: false });
    const { service, sub } = setup({ answer: unregistered });
    for (let h = 10; h <= 16; h++) {
      service.onBlockCommitted(h);
      await service.settled();
    }
    const regs = sub.of('/race.race.v1.MsgRegisterParticipant').map((m) => MsgRegisterParticipant.decode(m.value));
    expect(regs).toHaveLength(2); // at 10 and 15
    expect(regs[0]).toEqual({ participant: key.address, pubKey: key.pubKey, consensusPubKey, operator: '' });
    // With [race] operator set, the registration names it (the hot key's one naming, race/module/operator.ts).
    const named = setup({ answer: unregistered, operator: OPERATOR });
    named.service.onBlockCommitted(10);
    await named.service.settled();
    const reg = named.sub.of('/race.race.v1.MsgRegisterParticipant').map((m) => MsgRegisterParticipant.decode(m.value));
    expect(reg.map((r) => r.operator)).toEqual([OPERATOR]);
    const off = setup({ mining: false, answer: unregistered });
    off.service.onBlockCommitted(10);
    await off.service.settled();
    expect(off.sub.sent).toHaveLength(0);
    expect(off.calls[0]).toBe('miner 10 false false');
  });

  it('keeps going when the Race module does not answer', async () => {
    const { service, calls } = setup({
      answer: () => {
        throw new Error('unknown query path');
      },
    });
    service.onBlockCommitted(3);
    await service.settled();
    expect(calls).toEqual([]);
  });
});
