/** Assembles the node's RaceService from its home, its app and mempool, the [race] config and the test-only env knobs. */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { QueryRequest, QueryResponse } from '../../chain/abci.js';
import type { Logger } from '../../chain/util/log.js';
import { Miner } from '../../race/engine/miner.js';
import type { RaceDevice } from '../../race/engine/session.js';
import { BeaconDuty } from './beacon-duty.js';
import { FileDealStore } from './beacon-store.js';
import { DutySubmitter, type DutyMempool } from './duty-submitter.js';
import { MinerDuty, type MinerMetrics } from './miner-duty.js';
import { OffThreadVerifier } from './off-thread-verifier.js';
import { AbciRaceChain } from './race-chain.js';
import { loadOrCreateRaceKey } from './race-key.js';
import { RaceService } from './race-service.js';
import { raceTestKnobs } from './throttle.js';
import { ValidatorDuty } from './validator-duty.js';

export interface RaceServiceConfig {
  chainId: string;
  home: { raceKey: string; data: string };
  race: { mining: boolean; device: RaceDevice; threads: number; operator?: string };
  consensusPubKey: Uint8Array;
  env?: Record<string, string | undefined>;
}

export interface RaceMetricsSink extends MinerMetrics {
  validationPosted(passed: number, failed: number): void;
  beaconMessage(kind: string): void;
}

export interface RaceServiceParts {
  app: { query(req: QueryRequest): Promise<QueryResponse> };
  mempool: DutyMempool;
  account: (address: string) => { accountNumber: bigint; sequence: bigint } | undefined;
  log: Logger;
  metrics?: RaceMetricsSink;
}

export function buildRaceService(cfg: RaceServiceConfig, parts: RaceServiceParts): RaceService {
  const log = parts.log.child({ module: 'race' });
  const key = loadOrCreateRaceKey(cfg.home.raceKey);
  const knobs = raceTestKnobs(cfg.env ?? process.env);
  if (knobs.throttle < 1 || knobs.forgeNonces || knobs.lyingValidator)
    log.warn({ ...knobs }, 'race: TEST-ONLY knobs are set');
  const chain = new AbciRaceChain(parts.app);
  const submitter = new DutySubmitter(
    { chainId: cfg.chainId },
    { key, mempool: parts.mempool, account: parts.account, log },
  );
  const submit = submitter.submit.bind(submitter);
  const miner = new MinerDuty(
    { device: cfg.race.device, threads: cfg.race.threads, throttle: knobs.throttle, forgeNonces: knobs.forgeNonces },
    {
      address: key.address,
      publicKey: key.pubKey,
      submit,
      proofNonces: (p, e) => chain.proofNonces(p, e),
      createMiner: (o) => new Miner(o, { logger: log }),
      log,
      metrics: parts.metrics,
    },
  );
  const validator = new ValidatorDuty(
    { device: cfg.race.device, threads: cfg.race.threads, lying: knobs.lyingValidator },
    {
      address: key.address,
      submit,
      verifier: new OffThreadVerifier(),
      log,
      onPosted: (_p, passed, failed) => parts.metrics?.validationPosted(passed, failed),
    },
  );
  const beacon = new BeaconDuty({
    address: key.address,
    privKey: key.privKey,
    submit,
    beaconState: async () => (await chain.beacon()).stateJson,
    store: new FileDealStore(path.join(cfg.home.data, 'race_beacon_secret.json')),
    random: { randomBytes: (n) => new Uint8Array(randomBytes(n)) },
    log,
    onMessage: (k) => parts.metrics?.beaconMessage(k),
  });
  return new RaceService(
    { mining: cfg.race.mining, consensusPubKey: cfg.consensusPubKey, operator: cfg.race.operator },
    { key, chain, submitter, miner, validator, beacon, log },
  );
}
