import type { FinalizeBlockResponse, ValidatorUpdate } from '../abci.js';
import type { BlockStore } from '../blockstore/block-store.js';
import { SUBLEVELS, type BatchOp, type ChainDb, type SubDb } from '../store/db.js';
import { EMPTY_BLOCK_ID, type BlockId, type Header } from '../types/block.js';
import type { GenesisDoc } from './genesis.js';
import { resultsHash } from '../block/hashing.js';
import { fromTaggedJson, toTaggedJson } from './json-codec.js';
import type { ConsensusParams } from './params.js';
import { consensusAddress } from './signer.js';
import { ValidatorSet, type ValidatorChange } from '../block/validator-set.js';

/**
 * What consensus knows after the last committed block (CometBFT state.State): the validator sets for the next two
 * heights, the previous set (it signed LastCommit), and the hashes the next header must carry. Pure transitions here;
 * ChainStateStore persists it in sublevel `c`.
 */
export interface ChainState {
  chainId: string;
  initialHeight: number;
  /** initialHeight - 1 before the first block. */
  lastBlockHeight: number;
  lastBlockId: BlockId;
  /** Genesis time before the first block. */
  lastBlockTimeNs: bigint;
  /** Signs lastBlockHeight + 1. */
  validators: ValidatorSet;
  /** Signs lastBlockHeight + 2. */
  nextValidators: ValidatorSet;
  /** Signed lastBlockHeight (null before the first block). */
  lastValidators: ValidatorSet | null;
  lastHeightValidatorsChanged: number;
  consensusParams: ConsensusParams;
  lastResultsHash: Uint8Array;
  appHash: Uint8Array;
  appVersion: bigint;
}

function validatorChanges(updates: readonly ValidatorUpdate[]): ValidatorChange[] {
  return updates.map((u) => {
    if (u.pubKey.length !== 32)
      throw new Error(`validator update has a ${u.pubKey.length}-byte key; ed25519 keys are 32 bytes`);
    return { address: consensusAddress(u.pubKey), pubKey: u.pubKey, votingPower: u.power };
  });
}

/** The state before the first block; `validators` are the genesis ones or those InitChain returned. */
export function genesisState(
  doc: GenesisDoc,
  validators: readonly ValidatorUpdate[],
  appHash: Uint8Array,
  appVersion = 0n,
): ChainState {
  if (validators.length === 0) throw new Error('genesis has no validators and InitChain returned none');
  const set = ValidatorSet.fromValidators(validatorChanges(validators));
  return {
    chainId: doc.chainId,
    initialHeight: doc.initialHeight,
    lastBlockHeight: doc.initialHeight - 1,
    lastBlockId: EMPTY_BLOCK_ID,
    lastBlockTimeNs: doc.genesisTimeNs,
    validators: set,
    nextValidators: set.copyIncrementProposerPriority(1),
    lastValidators: null,
    lastHeightValidatorsChanged: doc.initialHeight,
    consensusParams: doc.consensusParams,
    lastResultsHash: new Uint8Array(0),
    appHash,
    appVersion,
  };
}

/** After block `header` (id `blockId`) executed with `resp`. Validator updates take effect at height + 2. */
export function nextState(s: ChainState, header: Header, blockId: BlockId, resp: FinalizeBlockResponse): ChainState {
  const next = s.nextValidators.copy();
  let changed = s.lastHeightValidatorsChanged;
  if (resp.validatorUpdates.length > 0) {
    next.updateWithChangeSet(validatorChanges(resp.validatorUpdates));
    changed = header.height + 2;
  }
  next.incrementProposerPriority(1);
  return {
    ...s,
    lastBlockHeight: header.height,
    lastBlockId: blockId,
    lastBlockTimeNs: header.timeNs,
    validators: s.nextValidators.copy(),
    nextValidators: next,
    lastValidators: s.validators.copy(),
    lastHeightValidatorsChanged: changed,
    lastResultsHash: resultsHash(resp.txResults),
    appHash: resp.appHash,
  };
}

interface StoredState extends Omit<ChainState, 'validators' | 'nextValidators' | 'lastValidators'> {
  validators: Uint8Array;
  nextValidators: Uint8Array;
  lastValidators: Uint8Array | null;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const STATE_KEY = enc.encode('state');
const responseKey = (h: number) => enc.encode(`abci/${String(h).padStart(16, '0')}`);

export class ChainStateStore {
  private readonly sub: SubDb;

  constructor(
    private readonly db: ChainDb,
    private readonly blocks: BlockStore,
  ) {
    this.sub = db.sub(SUBLEVELS.consensus);
  }

  async load(): Promise<ChainState | null> {
    const raw = (await this.sub.get(STATE_KEY)) as Uint8Array | undefined;
    if (!raw) return null;
    const s = fromTaggedJson<StoredState>(dec.decode(raw));
    return {
      ...s,
      validators: ValidatorSet.decode(s.validators),
      nextValidators: ValidatorSet.decode(s.nextValidators),
      lastValidators: s.lastValidators ? ValidatorSet.decode(s.lastValidators) : null,
    };
  }

  /** State plus the validator set(s) it introduces, in one synced batch. */
  async save(s: ChainState, opts: { genesis?: boolean } = {}): Promise<void> {
    const stored: StoredState = {
      ...s,
      validators: s.validators.encode(),
      nextValidators: s.nextValidators.encode(),
      lastValidators: s.lastValidators ? s.lastValidators.encode() : null,
    };
    const ops: BatchOp[] = [
      { type: 'put', sublevel: this.sub, key: STATE_KEY, value: enc.encode(toTaggedJson(stored)) },
    ];
    if (opts.genesis) ops.push(...this.blocks.validatorSetOps(s.lastBlockHeight + 1, s.validators));
    ops.push(...this.blocks.validatorSetOps(s.lastBlockHeight + 2, s.nextValidators));
    await this.db.batch(ops, { sync: true });
  }

  /** Kept so a crash between the app's commit and our state save can be finished without re-executing. */
  async saveFinalizeResponse(height: number, resp: FinalizeBlockResponse): Promise<void> {
    await this.db.batch(
      [{ type: 'put', sublevel: this.sub, key: responseKey(height), value: enc.encode(toTaggedJson(resp)) }],
      { sync: true },
    );
  }

  /** Only the newest response is ever needed by the handshake; older ones are dropped. */
  async deleteFinalizeResponse(height: number): Promise<void> {
    await this.db.batch([{ type: 'del', sublevel: this.sub, key: responseKey(height) }], { sync: false });
  }

  async loadFinalizeResponse(height: number): Promise<FinalizeBlockResponse | null> {
    const raw = (await this.sub.get(responseKey(height))) as Uint8Array | undefined;
    return raw ? fromTaggedJson<FinalizeBlockResponse>(dec.decode(raw)) : null;
  }
}
