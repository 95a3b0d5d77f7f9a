import { equalBytes, fromBase64, fromHex, toBase64, toHexUpper } from '../types/bytes.js';
import { DEFAULT_CONSENSUS_PARAMS, validateConsensusParams, type ConsensusParams } from './params.js';
import { consensusAddress } from './signer.js';
import { formatRfc3339Ns, parseRfc3339Ns } from '../types/time.js';

/** CometBFT's genesis.json (types/genesis.go), parsed and checked. */
export interface GenesisValidator {
  address: Uint8Array;
  pubKey: Uint8Array;
  power: bigint;
  name: string;
}

export interface GenesisDoc {
  genesisTimeNs: bigint;
  chainId: string;
  initialHeight: number;
  consensusParams: ConsensusParams;
  validators: GenesisValidator[];
  appHash: Uint8Array;
  /** app_state as JSON text, handed to the app's InitChain untouched. */
  appStateJson: string;
}

const MAX_CHAIN_ID_LEN = 50;
const ED25519_TYPE = 'tendermint/PubKeyEd25519';

class GenesisError extends Error {
  constructor(msg: string) {
    super(`invalid genesis: ${msg}`);
  }
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new GenesisError(`${what} must be an object`);
  return v as Record<string, unknown>;
}

/** Go's int64 fields come as JSON strings; numbers are accepted too. */
function int(v: unknown, what: string, dflt?: bigint): bigint {
  if (v === undefined || v === null) {
    if (dflt !== undefined) return dflt;
    throw new GenesisError(`${what} is missing`);
  }
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  throw new GenesisError(`${what} must be an integer (got ${JSON.stringify(v)})`);
}

function parseParams(v: unknown): ConsensusParams {
  if (v === undefined || v === null) return structuredClone(DEFAULT_CONSENSUS_PARAMS);
  const p = obj(v, 'consensus_params');
  const d = DEFAULT_CONSENSUS_PARAMS;
  const block = p.block === undefined ? {} : obj(p.block, 'consensus_params.block');
  const ev = p.evidence === undefined ? {} : obj(p.evidence, 'consensus_params.evidence');
  const val = p.validator === undefined ? {} : obj(p.validator, 'consensus_params.validator');
  const ver = p.version === undefined ? {} : obj(p.version, 'consensus_params.version');
  const types = val.pub_key_types ?? d.validator.pubKeyTypes;
  if (!Array.isArray(types) || !types.every((t) => typeof t === 'string')) {
    throw new GenesisError('consensus_params.validator.pub_key_types must be a list of strings');
  }
  const params: ConsensusParams = {
    block: {
      maxBytes: int(block.max_bytes, 'consensus_params.block.max_bytes', d.block.maxBytes),
      maxGas: int(block.max_gas, 'consensus_params.block.max_gas', d.block.maxGas),
    },
    evidence: {
      maxAgeNumBlocks: int(
        ev.max_age_num_blocks,
        'consensus_params.evidence.max_age_num_blocks',
        d.evidence.maxAgeNumBlocks,
      ),
      maxAgeDurationNs: int(
        ev.max_age_duration,
        'consensus_params.evidence.max_age_duration',
        d.evidence.maxAgeDurationNs,
      ),
      maxBytes: int(ev.max_bytes, 'consensus_params.evidence.max_bytes', d.evidence.maxBytes),
    },
    validator: { pubKeyTypes: types as string[] },
    version: { app: int(ver.app, 'consensus_params.version.app', d.version.app) },
  };
  try {
    validateConsensusParams(params);
  } catch (e) {
    throw new GenesisError((e as Error).message);
  }
  return params;
}

function parseValidator(v: unknown, i: number): GenesisValidator {
  const o = obj(v, `validators[${i}]`);
  const pk = obj(o.pub_key, `validators[${i}].pub_key`);
  if (pk.type !== ED25519_TYPE)
    throw new GenesisError(`validators[${i}].pub_key.type must be "${ED25519_TYPE}" (got ${JSON.stringify(pk.type)})`);
  if (typeof pk.value !== 'string') throw new GenesisError(`validators[${i}].pub_key.value must be base64`);
  let pubKey: Uint8Array;
  try {
    pubKey = fromBase64(pk.value);
  } catch {
    throw new GenesisError(`validators[${i}].pub_key.value is not base64`);
  }
  if (pubKey.length !== 32) throw new GenesisError(`validators[${i}].pub_key must be 32 bytes, got ${pubKey.length}`);
  const address = consensusAddress(pubKey);
  if (o.address !== undefined && o.address !== '') {
    if (typeof o.address !== 'string' || !equalBytes(fromHexSafe(o.address, i), address)) {
      throw new GenesisError(
        `validators[${i}].address ${String(o.address)} does not match its pub_key (expected ${toHexUpper(address)})`,
      );
    }
  }
  const power = int(o.power, `validators[${i}].power`);
  if (power <= 0n) throw new GenesisError(`validators[${i}].power must be positive`);
  return { address, pubKey, power, name: typeof o.name === 'string' ? o.name : '' };
}

function fromHexSafe(s: string, i: number): Uint8Array {
  try {
    return fromHex(s);
  } catch {
    throw new GenesisError(`validators[${i}].address is not hex`);
  }
}

/** Parses genesis.json text (or an already-parsed object). Every problem is a clear "invalid genesis: …" error. */
export function parseGenesisDoc(input: string | unknown): GenesisDoc {
  let raw: unknown = input;
  if (typeof input === 'string') {
    try {
      raw = JSON.parse(input);
    } catch (e) {
      throw new GenesisError(`not JSON: ${(e as Error).message}`);
    }
  }
  const g = obj(raw, 'the document');
  if (typeof g.chain_id !== 'string' || g.chain_id === '')
    throw new GenesisError('chain_id must be a non-empty string');
  if (g.chain_id.length > MAX_CHAIN_ID_LEN)
    throw new GenesisError(`chain_id is longer than ${MAX_CHAIN_ID_LEN} characters`);
  if (typeof g.genesis_time !== 'string') throw new GenesisError('genesis_time must be an RFC 3339 string');
  let genesisTimeNs: bigint;
  try {
    genesisTimeNs = parseRfc3339Ns(g.genesis_time);
  } catch (e) {
    throw new GenesisError((e as Error).message);
  }
  const initialHeight = int(g.initial_height, 'initial_height', 1n);
  if (initialHeight < 0n || initialHeight > BigInt(Number.MAX_SAFE_INTEGER))
    throw new GenesisError('initial_height out of range');
  const validatorsRaw = g.validators ?? [];
  if (!Array.isArray(validatorsRaw)) throw new GenesisError('validators must be a list');
  const validators = validatorsRaw.map(parseValidator);
  const seen = new Set<string>();
  for (const v of validators) {
    const k = toHexUpper(v.address);
    if (seen.has(k)) throw new GenesisError(`validator ${k} appears twice`);
    seen.add(k);
  }
  let appHash: Uint8Array = new Uint8Array(0);
  if (g.app_hash !== undefined && g.app_hash !== null && g.app_hash !== '') {
    if (typeof g.app_hash !== 'string') throw new GenesisError('app_hash must be a hex string');
    try {
      appHash = fromHex(g.app_hash);
    } catch {
      throw new GenesisError('app_hash must be a hex string');
    }
  }
  return {
    genesisTimeNs,
    chainId: g.chain_id,
    initialHeight: initialHeight === 0n ? 1 : Number(initialHeight),
    consensusParams: parseParams(g.consensus_params),
    validators,
    appHash,
    appStateJson: g.app_state === undefined ? '{}' : JSON.stringify(g.app_state),
  };
}

/** genesis.json text for a GenesisDoc, in CometBFT's field order and string-encoded int64s. */
export function formatGenesisDoc(doc: GenesisDoc): string {
  const p = doc.consensusParams;
  const out = {
    genesis_time: formatRfc3339Ns(doc.genesisTimeNs),
    chain_id: doc.chainId,
    initial_height: String(doc.initialHeight),
    consensus_params: {
      block: { max_bytes: String(p.block.maxBytes), max_gas: String(p.block.maxGas) },
      evidence: {
        max_age_num_blocks: String(p.evidence.maxAgeNumBlocks),
        max_age_duration: String(p.evidence.maxAgeDurationNs),
        max_bytes: String(p.evidence.maxBytes),
      },
      validator: { pub_key_types: p.validator.pubKeyTypes },
      version: { app: String(p.version.app) },
      abci: { vote_extensions_enable_height: '0' },
    },
    validators: doc.validators.map((v) => ({
      address: toHexUpper(v.address),
      pub_key: { type: ED25519_TYPE, value: toBase64(v.pubKey) },
      power: String(v.power),
      name: v.name,
    })),
    app_hash: toHexUpper(doc.appHash),
    app_state: JSON.parse(doc.appStateJson) as unknown,
  };
  return JSON.stringify(out, null, 2) + '\n';
}
