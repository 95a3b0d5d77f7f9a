import fs from 'node:fs';
import { DEFAULT_CONSENSUS_PARAMS } from '../chain/consensus/params.js';
import { formatGenesisDoc, parseGenesisDoc, type GenesisDoc } from '../chain/consensus/genesis.js';
import { writeFileAtomic } from '../chain/crypto/atomic-file.js';
import { normalizeCoins, type Coin } from '../chain/types/coins.js';
import { defaultAppState } from './app/build-app.js';

export function readGenesis(file: string): GenesisDoc {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`cannot read genesis file ${file}: ${(e as Error).message}`, { cause: e });
  }
  try {
    return parseGenesisDoc(text);
  } catch (e) {
    throw new Error(`${file}: ${(e as Error).message}`, { cause: e });
  }
}

export function writeGenesis(file: string, doc: GenesisDoc): void {
  writeFileAtomic(file, formatGenesisDoc(doc), 0o644);
}

export interface NewGenesisOpts {
  chainId: string;
  genesisTimeNs: bigint;
  validator: { address: Uint8Array; pubKey: Uint8Array; power: bigint; name: string };
  /** The node's Race hot key (config/race_key.json): it becomes the validator's epoch-0 participant with weight 1. */
  raceKey?: { address: string; pubKey: Uint8Array };
  /** Operator (cold) address of that participant (`raced init --operator`); none if omitted. */
  operator?: string;
}

/** A genesis for `raced init`: one validator (weight 1 for epoch 0) and every module's default state. */
export function newGenesis(opts: NewGenesisOpts): GenesisDoc {
  const doc: GenesisDoc = {
    genesisTimeNs: opts.genesisTimeNs,
    chainId: opts.chainId,
    initialHeight: 1,
    consensusParams: structuredClone(DEFAULT_CONSENSUS_PARAMS),
    validators: [opts.validator],
    appHash: new Uint8Array(0),
    appStateJson: JSON.stringify(defaultAppState()),
  };
  if (!opts.raceKey) return doc;
  return addGenesisParticipant(doc, {
    address: opts.raceKey.address,
    pubKey: opts.raceKey.pubKey,
    consensusPubKey: opts.validator.pubKey,
    weight: opts.validator.power,
    ...(opts.operator !== undefined ? { operator: opts.operator } : {}),
  });
}

export interface GenesisParticipant {
  /** Bech32 account address (the node's hot key address for a racing node). */
  address: string;
  /** 33-byte secp256k1 key of that account; leave out for a weight holder that does not race. */
  pubKey?: Uint8Array;
  /** 32-byte ed25519 consensus key; leave out for a participant that is not a validator. */
  consensusPubKey?: Uint8Array;
  weight: bigint;
  /** Operator (cold) address whose gov and price votes count with this weight (docs/race-module.md "Operator address"). */
  operator?: string;
}

/**
 * Makes `address` a Race participant of epoch 0 (app_state.race.participants; replaces an entry for the same
 * address) and creates its account, so its duty txs pass the ante. Participants with a consensus key and positive
 * weight form the validator set that InitChain hands to consensus (power = weight).
 */
export function addGenesisParticipant(doc: GenesisDoc, p: GenesisParticipant): GenesisDoc {
  const state = JSON.parse(doc.appStateJson) as Record<string, any>;
  state.race ??= defaultAppState().race;
  const entry = {
    address: p.address,
    pub_key: Buffer.from(p.pubKey ?? new Uint8Array(0)).toString('base64'),
    consensus_pub_key: Buffer.from(p.consensusPubKey ?? new Uint8Array(0)).toString('base64'),
    weight: p.weight.toString(),
    reputation: '0',
    registered_height: '0',
    missed_validations: '0',
    failed_epochs: '0',
    double_sign_count: '0',
  };
  const list = ((state.race.participants ?? []) as Array<{ address: string }>).filter((x) => x.address !== p.address);
  list.push(entry);
  list.sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  state.race.participants = list;
  if (p.operator !== undefined) setOperatorEntry(state.race, p.address, p.operator);
  state.auth ??= { accounts: [] };
  state.auth.accounts ??= [];
  const accounts = state.auth.accounts as Array<Record<string, any>>;
  const addressOf = (a: Record<string, any>) => (a.base_account?.address ?? a.address) as string;
  if (!accounts.some((a) => addressOf(a) === p.address)) {
    const next = accounts.reduce((n, a) => {
      const num = BigInt(a.base_account?.account_number ?? a.account_number ?? '0');
      return num >= n ? num + 1n : n;
    }, 0n);
    accounts.push({
      '@type': '/cosmos.auth.v1beta1.BaseAccount',
      address: p.address,
      pub_key: null,
      account_number: next.toString(),
      sequence: '0',
    });
  }
  return { ...doc, appStateJson: JSON.stringify(state) };
}

function setOperatorEntry(
  race: { operators?: Array<{ participant: string; operator: string }> },
  participant: string,
  operator: string,
) {
  const list = (race.operators ?? []).filter((l) => l.participant !== participant);
  list.push({ participant, operator });
  list.sort((a, b) => (a.participant < b.participant ? -1 : a.participant > b.participant ? 1 : 0));
  race.operators = list;
}

/** Names the operator of a genesis participant (app_state.race.operators; replaces an earlier one). */
export function setGenesisOperator(doc: GenesisDoc, participant: string, operator: string): GenesisDoc {
  const state = JSON.parse(doc.appStateJson) as Record<string, any>;
  state.race ??= defaultAppState().race;
  setOperatorEntry(state.race, participant, operator);
  return { ...doc, appStateJson: JSON.stringify(state) };
}

/** Sets the Race params of a genesis (a preset from race/module/params.ts, or overrides of the current ones). */
export function setGenesisRaceParams(doc: GenesisDoc, params: Record<string, unknown>): GenesisDoc {
  const state = JSON.parse(doc.appStateJson) as Record<string, any>;
  state.race ??= defaultAppState().race;
  state.race.params = { ...state.race.params, ...params };
  return { ...doc, appStateJson: JSON.stringify(state) };
}

interface AppStateShape {
  auth: { accounts: Array<Record<string, any>> };
  bank: {
    balances: Array<{ address: string; coins: Array<{ denom: string; amount: string }> }>;
    supply: Array<{ denom: string; amount: string }>;
  };
}

/**
 * The SDK's AddGenesisAccount: a BaseAccount with the next account number (unless it exists) and its coins added
 * to bank balances and supply.
 */
export function addGenesisAccount(doc: GenesisDoc, address: string, coins: Coin[]): GenesisDoc {
  const state = JSON.parse(doc.appStateJson) as AppStateShape;
  state.auth ??= { accounts: [] } as never;
  state.auth.accounts ??= [];
  state.bank ??= { balances: [], supply: [] } as never;
  state.bank.balances ??= [];
  state.bank.supply ??= [];
  const addressOf = (a: Record<string, any>) => (a.base_account?.address ?? a.address) as string;
  if (!state.auth.accounts.some((a) => addressOf(a) === address)) {
    const next = state.auth.accounts.reduce((n, a) => {
      const num = BigInt(a.base_account?.account_number ?? a.account_number ?? '0');
      return num >= n ? num + 1n : n;
    }, 0n);
    state.auth.accounts.push({
      '@type': '/cosmos.auth.v1beta1.BaseAccount',
      address,
      pub_key: null,
      account_number: next.toString(),
      sequence: '0',
    });
  }
  const toCoins = (cs: Array<{ denom: string; amount: string }>) =>
    cs.map((c) => ({ denom: c.denom, amount: BigInt(c.amount) }));
  const fromCoins = (cs: Coin[]) => cs.map((c) => ({ denom: c.denom, amount: c.amount.toString() }));
  const existing = state.bank.balances.find((b) => b.address === address);
  if (existing) existing.coins = fromCoins(normalizeCoins([...toCoins(existing.coins), ...coins]));
  else state.bank.balances.push({ address, coins: fromCoins(normalizeCoins(coins)) });
  state.bank.balances.sort((a, b) => (a.address < b.address ? -1 : 1));
  state.bank.supply = fromCoins(normalizeCoins([...toCoins(state.bank.supply), ...coins]));
  return { ...doc, appStateJson: JSON.stringify(state) };
}

/** Registers a model in app_state.registry (replacing one with the same id). */
export function addGenesisModel(doc: GenesisDoc, model: { id: string } & Record<string, string>): GenesisDoc {
  const state = JSON.parse(doc.appStateJson) as Record<string, any>;
  state.registry ??= defaultAppState().registry;
  const models = ((state.registry.models ?? []) as Array<{ model: { id: string } }>).filter(
    (m) => m.model.id !== model.id,
  );
  models.push({ model, registered_height: '0' } as never);
  state.registry.models = models;
  return { ...doc, appStateJson: JSON.stringify(state) };
}

/**
 * Makes `address` an inference executor of `models` at genesis (app_state.inference.executors), on CPU: the
 * one-node devnet serves its own requests (its Race weight comes from addGenesisParticipant).
 */
export function addGenesisExecutor(
  doc: GenesisDoc,
  e: { address: string; pubKey: Uint8Array; models: string[] },
): GenesisDoc {
  const state = JSON.parse(doc.appStateJson) as Record<string, any>;
  state.inference ??= defaultAppState().inference;
  const list = ((state.inference.executors ?? []) as Array<{ address: string }>).filter((x) => x.address !== e.address);
  list.push({
    address: e.address,
    pub_key: Buffer.from(e.pubKey).toString('base64'),
    models: e.models,
    hardware: { device_kind: 'cpu', gpus: [] },
    registered_height: '0',
    missed: '0',
  } as never);
  state.inference.executors = list;
  return { ...doc, appStateJson: JSON.stringify(state) };
}
