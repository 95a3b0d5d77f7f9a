/**
 * A many-epoch Race simulation over the real app (node/app/build-app.ts → BaseApp over a temp level store): synthetic
 * participants mine real proofs in-process with race/engine's evaluator (test model, low difficulty), validate what
 * the chain assigns them, and run the beacon with race/beacon's dealer/member helpers. Behaviours per participant:
 * honest, slow (half the nonces per block), forge (submits nonces it never evaluated), offline (does nothing),
 * withhold (honest, but never reveals its beacon secret), silent-beacon (never commits), bad-dealer (deals one member
 * a corrupted share; honest members check their shares and complain), liar (mines honestly, but as checker and
 * re-verifier posts the opposite of every verdict: fails honest nonces, passes forged ones).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import type { ExecTxResult, ValidatorUpdate } from '../../../chain/abci.js';
import { addressBytesFromSecp256k1, toBech32 } from '../../../chain/crypto/address.js';
import { ed25519PubkeyFromSeed } from '../../../chain/crypto/ed25519.js';
import { secp256k1PubkeyFromPrivkey } from '../../../chain/crypto/secp256k1.js';
import type { GenesisDoc } from '../../../chain/consensus/genesis.js';
import { ChainDb } from '../../../chain/store/db.js';
import { CommitStore } from '../../../chain/store/commit-store.js';
import { silentLogger } from '../../../chain/util/log.js';
import type { AbciEvent } from '../../../chain/types/events.js';
import { buildRaceApp, defaultAppState, type RaceApp } from '../../../node/app/build-app.js';
import { addGenesisParticipant, setGenesisRaceParams } from '../../../node/genesis-file.js';
import { signDutyTx, type EncodedMsg } from '../../../node/race/duty-tx.js';
import {
  buildComplaint,
  buildShareMsg,
  dealBeacon,
  dealersAwaitingShares,
  decodeBeaconState,
  openShares,
  type DealtSecret,
} from '../../../race/beacon/index.js';
import { RaceEvaluator, getRaceConfig, nodeSeedFromPublicKey } from '../../../race/engine/index.js';
import { fromHex } from '../../../chain/types/bytes.js';
import { RACE_URLS } from '../../../race/module/client/msgs.js';
import { TEST_RACE_PARAMS } from '../../../race/module/params.js';
import { RACE_QUERY_PREFIX } from '../../../race/module/query-path.js';
import {
  QueryBeaconRequest,
  QueryBeaconResponse,
  QueryDutiesRequest,
  QueryDutiesResponse,
  QueryParticipantRequest,
  QueryParticipantResponse,
  QueryWeightsRequest,
  QueryWeightsResponse,
} from '../../../proto/gen/race/race/v1/query.js';
import {
  MsgBeaconCommit,
  MsgBeaconComplaint,
  MsgBeaconReveal,
  MsgBeaconShare,
  MsgRegisterParticipant,
  MsgSubmitProofBatch,
  MsgSubmitValidation,
} from '../../../proto/gen/race/race/v1/tx.js';
import { snakeKeys } from '../../../chain/util/json-case.js';
import { Params } from '../../../proto/gen/race/race/v1/types.js';

export const CHAIN_ID = 'race-sim-1';

export type Behaviour = 'honest' | 'slow' | 'forge' | 'offline' | 'withhold' | 'silent-beacon' | 'bad-dealer' | 'liar';

export interface SimParticipant {
  name: string;
  priv: Uint8Array;
  pub: Uint8Array;
  address: string;
  consensusPubKey: Uint8Array;
  nodeSeed: Uint8Array;
  behaviour: Behaviour;
  /** Next nonce to try in the current epoch. */
  cursor: bigint;
  dealt?: DealtSecret;
  dealtEpoch?: number;
}

export function simParticipant(name: string, behaviour: Behaviour): SimParticipant {
  const priv = sha256(new TextEncoder().encode(`race sim ${name}`));
  const pub = secp256k1PubkeyFromPrivkey(priv);
  return {
    name,
    priv,
    pub,
    address: toBech32(addressBytesFromSecp256k1(pub)),
    consensusPubKey: ed25519PubkeyFromSeed(sha256(new TextEncoder().encode(`cons ${name}`))),
    nodeSeed: nodeSeedFromPublicKey(pub),
    behaviour,
    cursor: 0n,
  };
}

export interface BlockResult {
  height: number;
  txs: ExecTxResult[];
  events: AbciEvent[];
  validatorUpdates: ValidatorUpdate[];
}

/** Nonces an honest participant evaluates per race block (a slow one half of it). */
export const NONCES_PER_BLOCK = 48;

export class RaceSim {
  race!: RaceApp;
  height = 0;
  private committed = false;
  readonly blocks: BlockResult[] = [];
  /** Nonces each participant submitted per epoch ("epoch/name"). */
  readonly found = new Map<string, bigint>();
  private db!: ChainDb;
  private dir!: string;
  private evaluator: { seed: string; ev: RaceEvaluator } | undefined;
  private randomCounter = 0;

  constructor(
    readonly participants: SimParticipant[],
    readonly params: Params = { ...TEST_RACE_PARAMS, targetDifficulty: 16n },
    private readonly extra: (doc: GenesisDoc) => GenesisDoc = (d) => d,
  ) {}

  genesisDoc(): GenesisDoc {
    let doc: GenesisDoc = {
      genesisTimeNs: 1_700_000_000_000_000_000n,
      chainId: CHAIN_ID,
      initialHeight: 1,
      consensusParams: undefined as never,
      validators: [],
      appHash: new Uint8Array(0),
      appStateJson: JSON.stringify(defaultAppState()),
    };
    doc = setGenesisRaceParams(doc, snakeKeys(Params.toJSON(this.params)) as Record<string, unknown>);
    for (const p of this.participants)
      doc = addGenesisParticipant(doc, {
        address: p.address,
        pubKey: p.pub,
        consensusPubKey: p.consensusPubKey,
        weight: 1n,
      });
    return this.extra(doc);
  }

  async start(appStateJson?: string, initialHeight = 1): Promise<ValidatorUpdate[]> {
    this.dir = mkdtempSync(join(tmpdir(), 'race-sim-'));
    this.db = await ChainDb.open(join(this.dir, 'chain.db'));
    const store = await CommitStore.open(this.db);
    this.race = buildRaceApp({ chainId: CHAIN_ID }, { store, log: silentLogger() });
    const res = await this.race.app.initChain({
      chainId: CHAIN_ID,
      timeNs: 1_700_000_000_000_000_000n,
      initialHeight,
      validators: [],
      appStateJson: appStateJson ?? this.genesisDoc().appStateJson,
    });
    this.height = initialHeight - 1;
    return res.validators;
  }

  async stop(): Promise<void> {
    await this.evaluator?.ev.close();
    await this.db.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  async query<T>(method: string, req: Uint8Array, decode: (b: Uint8Array) => T): Promise<T> {
    const r = await this.race.app.query({ path: `${RACE_QUERY_PREFIX}/${method}`, data: req, height: 0, prove: false });
    if (r.code !== 0) throw new Error(`${method}: ${r.log}`);
    return decode(r.value!);
  }

  duties(p: SimParticipant) {
    return this.query('Duties', QueryDutiesRequest.encode({ address: p.address }).finish(), (b) =>
      QueryDutiesResponse.decode(b),
    );
  }
  weights() {
    return this.query('Weights', QueryWeightsRequest.encode({}).finish(), (b) => QueryWeightsResponse.decode(b));
  }
  participant(p: SimParticipant) {
    return this.query('Participant', QueryParticipantRequest.encode({ address: p.address }).finish(), (b) =>
      QueryParticipantResponse.decode(b),
    );
  }
  beacon() {
    return this.query('Beacon', QueryBeaconRequest.encode({}).finish(), (b) => QueryBeaconResponse.decode(b));
  }

  private randomBytes = (n: number): Uint8Array => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 32)
      out.set(
        sha256(new TextEncoder().encode(`sim random ${this.randomCounter++}`)).subarray(0, Math.min(32, n - i)),
        i,
      );
    return out;
  };

  private async evaluatorFor(seed: Uint8Array): Promise<RaceEvaluator> {
    const hex = Buffer.from(seed).toString('hex');
    if (this.evaluator?.seed === hex) return this.evaluator.ev;
    await this.evaluator?.ev.close();
    const config = { ...getRaceConfig(this.params.modelConfig), difficulty: Number(this.params.targetDifficulty) };
    const ev = await RaceEvaluator.create({ config, epochSeed: seed, device: 'cpu', threads: 1 });
    this.evaluator = { seed: hex, ev };
    return ev;
  }

  /** The duty messages a participant sends before the next block, by its behaviour. */
  private async dutiesOf(p: SimParticipant): Promise<EncodedMsg[]> {
    if (p.behaviour === 'offline' || !this.committed) return []; // genesis is committed with the first block
    const d = await this.duties(p);
    const info = d.epoch!;
    const msgs: EncodedMsg[] = [];
    if (d.racing) {
      const ev = await this.evaluatorFor(info.seed);
      const n = p.behaviour === 'slow' ? NONCES_PER_BLOCK / 2 : NONCES_PER_BLOCK;
      const tried = Array.from({ length: n }, (_, i) => p.cursor + BigInt(i));
      p.cursor += BigInt(n);
      let found: bigint[];
      if (p.behaviour === 'forge') {
        found = tried.filter((_, i) => i % 4 === 0); // never evaluated: claims 1 in 4 instead of 1 in 16
      } else {
        const { distances } = await ev.evaluate(p.nodeSeed, tried);
        found = tried.filter((_, i) => distances[i]! < ev.threshold * (1 - 1e-5));
      }
      const key = `${info.epoch}/${p.name}`;
      this.found.set(key, (this.found.get(key) ?? 0n) + BigInt(found.length));
      if (found.length > 0)
        msgs.push({
          typeUrl: RACE_URLS.submitProofBatch,
          value: MsgSubmitProofBatch.encode({ participant: p.address, epoch: info.epoch, nonces: found }).finish(),
        });
    } else if (info.phase !== 'race') {
      p.cursor = 0n;
    }
    for (const a of d.validations) {
      const ev = await this.evaluatorFor(info.seed);
      const { distances } = await ev.evaluate(nodeSeedFromPublicKey(a.participantPubKey), a.nonces);
      const lie = p.behaviour === 'liar';
      const findings = a.nonces.map((nonce, i) => ({
        nonce,
        pass: distances[i]! < ev.threshold !== lie,
        distance: distances[i]!.toFixed(12),
      }));
      msgs.push({
        typeUrl: RACE_URLS.submitValidation,
        value: MsgSubmitValidation.encode({
          validator: p.address,
          epoch: info.epoch,
          participant: a.participant,
          findings,
        }).finish(),
      });
    }
    if (d.beaconMember) msgs.push(...(await this.beaconDuties(p, d.beaconPhase)));
    return msgs;
  }

  private async beaconDuties(p: SimParticipant, phase: string): Promise<EncodedMsg[]> {
    const b = await this.beacon();
    const state = decodeBeaconState(b.stateJson);
    const out: EncodedMsg[] = [];
    if (phase === 'commit' && p.dealtEpoch !== state.epoch && p.behaviour !== 'silent-beacon') {
      p.dealt = dealBeacon(state, p.address, { randomBytes: this.randomBytes });
      p.dealtEpoch = state.epoch;
      const c = p.dealt.commit;
      if (p.behaviour === 'bad-dealer') {
        const s0 = c.shares[0]!;
        s0.ciphertext = (s0.ciphertext[0] === '0' ? '1' : '0') + s0.ciphertext.slice(1);
      }
      out.push({
        typeUrl: RACE_URLS.beaconCommit,
        value: MsgBeaconCommit.encode({
          dealer: p.address,
          epoch: BigInt(c.epoch),
          commitment: fromHex(c.commitment),
          feldman: c.feldman.map(fromHex),
          shares: c.shares.map((s) => ({
            recipient: s.recipient,
            ephemeralPubKey: fromHex(s.ephemeralPubKey),
            ciphertext: fromHex(s.ciphertext),
          })),
        }).finish(),
      });
    }
    if (phase === 'commit' || phase === 'complaint') {
      for (const d of state.dealers) {
        if (d.dealer === p.address || d.status !== 'committed' || !d.shares.some((x) => x.recipient === p.address))
          continue;
        if (openShares(state, d.dealer, p.address, p.priv).ok) continue;
        const m = buildComplaint(state, d.dealer, p.address, p.priv, { randomBytes: this.randomBytes });
        out.push({
          typeUrl: RACE_URLS.beaconComplaint,
          value: MsgBeaconComplaint.encode({
            complainer: p.address,
            epoch: BigInt(m.epoch),
            dealer: d.dealer,
            sharedPoint: fromHex(m.sharedPoint),
            proof: fromHex(m.proof),
          }).finish(),
        });
      }
    }
    if (
      phase === 'reveal' &&
      p.dealt &&
      p.dealtEpoch === state.epoch &&
      p.behaviour !== 'withhold' &&
      state.dealers.find((d) => d.dealer === p.address)?.status === 'committed'
    ) {
      out.push({
        typeUrl: RACE_URLS.beaconReveal,
        value: MsgBeaconReveal.encode({
          dealer: p.address,
          epoch: BigInt(state.epoch),
          secret: fromHex(p.dealt.reveal.secret),
        }).finish(),
      });
    }
    if (phase === 'reconstruct') {
      for (const dealer of dealersAwaitingShares(state, p.address)) {
        const m = buildShareMsg(state, dealer, p.address, p.priv);
        out.push({
          typeUrl: RACE_URLS.beaconShare,
          value: MsgBeaconShare.encode({
            member: p.address,
            epoch: BigInt(m.epoch),
            dealer,
            values: m.values.map(fromHex),
          }).finish(),
        });
      }
    }
    return out;
  }

  private signAll(p: SimParticipant, msgs: EncodedMsg[]): Uint8Array[] {
    if (msgs.length === 0) return [];
    const acc = this.race.keepers.auth.getAccount(this.race.app.queryContext(), p.address, false);
    if (!acc) throw new Error(`no account for ${p.name}`);
    // One message per tx, so that one refused message does not take the others down with it.
    return msgs.map((m, i) =>
      signDutyTx({
        msgs: [m],
        chainId: CHAIN_ID,
        accountNumber: acc.accountNumber,
        sequence: acc.sequence + BigInt(i),
        gasLimit: 100_000_000n,
        privKey: p.priv,
        pubKey: p.pub,
      }),
    );
  }

  /** One block: every participant's duties as txs (plus `extraTxs`), then finalize and commit. */
  async step(
    extraTxs: Uint8Array[] = [],
    misbehavior: Parameters<RaceApp['app']['finalizeBlock']>[0]['misbehavior'] = [],
    quiet = false,
  ): Promise<BlockResult> {
    const txs: Uint8Array[] = [...extraTxs];
    if (!quiet) for (const p of this.participants) txs.push(...this.signAll(p, await this.dutiesOf(p)));
    this.height++;
    const res = await this.race.app.finalizeBlock({
      height: this.height,
      timeNs: 1_700_000_000_000_000_000n + BigInt(this.height) * 1_000_000_000n,
      hash: sha256(new TextEncoder().encode(`block ${this.height}`)),
      proposerAddress: new Uint8Array(20),
      txs,
      decidedLastCommit: { round: 0, votes: [] },
      misbehavior,
    });
    await this.race.app.commit();
    this.committed = true;
    const broken = this.race.app.checkInvariants();
    if (broken.length > 0) throw new Error(`invariants broken at height ${this.height}: ${broken.join('; ')}`);
    const r = { height: this.height, txs: res.txResults, events: res.events, validatorUpdates: res.validatorUpdates };
    this.blocks.push(r);
    return r;
  }

  async run(blocks: number): Promise<void> {
    for (let i = 0; i < blocks; i++) await this.step();
  }

  /** Runs to the end of the current epoch (its last block included). */
  async runEpoch(): Promise<BlockResult> {
    const start = !this.committed ? 0n : (await this.duties(this.participants[0]!)).epoch!.epoch;
    for (;;) {
      const r = await this.step();
      const now = (await this.duties(this.participants[0]!)).epoch!.epoch;
      if (now !== start) return r;
    }
  }

  events(type: string): Array<Record<string, string>> {
    return this.blocks
      .flatMap((b) => [...b.events, ...b.txs.flatMap((t) => t.events)])
      .filter((e) => e.type === type)
      .map((e) => Object.fromEntries(e.attributes.map((a) => [a.key, a.value])));
  }
}

/** One signed duty tx of `p` (sequence = its account's + `seqOffset`), for tests that send messages by hand. */
export function signedTx(sim: RaceSim, p: SimParticipant, msgs: EncodedMsg[], seqOffset = 0n): Uint8Array {
  const acc = sim.race.keepers.auth.getAccount(sim.race.app.queryContext(), p.address, false)!;
  return signDutyTx({
    msgs,
    chainId: CHAIN_ID,
    accountNumber: acc.accountNumber,
    sequence: acc.sequence + seqOffset,
    gasLimit: 100_000_000n,
    privKey: p.priv,
    pubKey: p.pub,
  });
}

/** A MsgSubmitProofBatch of `p`. */
export const batch = (p: SimParticipant, epoch: bigint, nonces: bigint[]): EncodedMsg => ({
  typeUrl: RACE_URLS.submitProofBatch,
  value: MsgSubmitProofBatch.encode({ participant: p.address, epoch, nonces }).finish(),
});

/** A MsgRegisterParticipant of `p` (with `pub` as its key: a test may pass someone else's). */
export const registerMsg = (p: SimParticipant, pub: Uint8Array = p.pub): EncodedMsg => ({
  typeUrl: RACE_URLS.registerParticipant,
  value: MsgRegisterParticipant.encode({
    participant: p.address,
    pubKey: pub,
    consensusPubKey: p.consensusPubKey,
    operator: '',
  }).finish(),
});
