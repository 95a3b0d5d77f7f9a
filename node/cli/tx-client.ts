import { DirectSecp256k1Wallet, Registry, type EncodeObject } from '@cosmjs/proto-signing';
import { calculateFee, defaultRegistryTypes, GasPrice, SigningStargateClient, type StdFee } from '@cosmjs/stargate';
import { toHex } from '@cosmjs/encoding';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import { ACCOUNT_PREFIX, isValidAddress } from '../../chain/crypto/address.js';
import type { TypeRegistry } from '../../chain/client/type-registry.js';
import { coinsToString } from '../../chain/types/coins.js';
import { parseUserCoins } from '../../modules/bank/client/coins-input.js';
import { openCliKeyring, StdinReader } from './commands/keys.js';
import { CliError } from './output.js';
import { nodeUrl } from './node-url.js';
import { connectComet } from './rpc-client.js';

export interface TxFlags {
  node?: string;
  home?: string;
  keyringBackend?: string;
  /** Key name or address in the keyring. */
  from: string;
  chainId?: string;
  fees?: string;
  gasPrices?: string;
  /** A number or "auto". Default 200000, as in the SDK. */
  gas?: string;
  gasAdjustment?: string;
  memo?: string;
  yes?: boolean;
  /** sync (default, as in the SDK), async, or block (wait for inclusion). */
  broadcastMode?: string;
}

/** The SDK's TxResponse as `-o json` prints it. */
export interface TxResponseJson {
  height: string;
  txhash: string;
  codespace: string;
  code: number;
  data: string;
  raw_log: string;
  logs: unknown[];
  info: string;
  gas_wanted: string;
  gas_used: string;
  tx: null;
  timestamp: string;
  events: unknown[];
}

const DEFAULT_GAS = 200000;

/**
 * Signs msgs with a keyring key and broadcasts them, the way `raced tx …` commands do (CosmJS underneath, as users
 * would). `msgs` may be a function of the signer's address, for messages that name their sender; every message type
 * of the app's modules can be encoded (from the type registry).
 */
export async function signAndBroadcastMsgs(
  flags: TxFlags,
  msgsOrBuilder: EncodeObject[] | ((sender: string) => EncodeObject[]),
  types: TypeRegistry,
): Promise<TxResponseJson> {
  const reader = new StdinReader(process.stdin);
  try {
    const keyring = openCliKeyring({ home: flags.home, keyringBackend: flags.keyringBackend }, reader);
    const record = isValidAddress(flags.from)
      ? await keyring.findByAddress(flags.from)
      : await keyring.get(flags.from).catch(() => undefined);
    if (!record) throw new CliError(`key "${flags.from}" not found in the keyring`);
    const msgs = typeof msgsOrBuilder === 'function' ? msgsOrBuilder(record.address) : msgsOrBuilder;
    const wallet = await DirectSecp256k1Wallet.fromKey(await keyring.privateKey(record.name), ACCOUNT_PREFIX);
    const registry = new Registry([...defaultRegistryTypes, ...types.cosmjsTypes()]);
    const comet = await connectComet(flags.node);
    const client = await SigningStargateClient.createWithSigner(comet, wallet, { registry });
    try {
      const chainId = await client.getChainId();
      if (flags.chainId && flags.chainId !== chainId)
        throw new CliError(`--chain-id ${flags.chainId} does not match the node's chain id ${chainId}`);
      const fee = await resolveFee(flags, client, record.address, msgs);
      if (!flags.yes) await confirm(reader, msgs, fee);
      const signed = await client.sign(record.address, msgs, fee, flags.memo ?? '');
      const bytes = TxRaw.encode(signed).finish();
      return await broadcast(client, comet, bytes, flags.broadcastMode ?? 'sync');
    } finally {
      client.disconnect();
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    const msg = (e as Error).message;
    if (/ECONNREFUSED|fetch failed/.test(msg))
      throw new CliError(`cannot reach the node at ${nodeUrl(flags.node)}: ${msg}`);
    throw new CliError(msg);
  } finally {
    reader.close();
  }
}

async function resolveFee(
  flags: TxFlags,
  client: SigningStargateClient,
  from: string,
  msgs: EncodeObject[],
): Promise<StdFee> {
  if (flags.fees && flags.gasPrices) throw new CliError('cannot provide both --fees and --gas-prices');
  let gas: number;
  if (flags.gas === 'auto') {
    const used = await client.simulate(from, msgs, flags.memo ?? '');
    const adj = Number(flags.gasAdjustment ?? '1.5');
    if (!Number.isFinite(adj) || adj < 1) throw new CliError(`invalid --gas-adjustment ${flags.gasAdjustment}`);
    gas = Math.ceil(used * adj);
  } else if (flags.gas !== undefined) {
    if (!/^[0-9]+$/.test(flags.gas)) throw new CliError(`invalid --gas "${flags.gas}": a number or auto`);
    gas = Number(flags.gas);
  } else {
    gas = DEFAULT_GAS;
  }
  if (flags.gasPrices) {
    try {
      return calculateFee(gas, GasPrice.fromString(flags.gasPrices));
    } catch (e) {
      throw new CliError(`invalid --gas-prices "${flags.gasPrices}": ${(e as Error).message}`);
    }
  }
  const coins = flags.fees ? parseUserCoins(flags.fees) : [];
  return { amount: coins.map((c) => ({ denom: c.denom, amount: c.amount.toString() })), gas: String(gas) };
}

async function confirm(reader: StdinReader, msgs: EncodeObject[], fee: StdFee): Promise<void> {
  process.stderr.write(
    `${JSON.stringify({ messages: msgs.map((m) => m.typeUrl), fee: { amount: coinsToString(fee.amount.map((c) => ({ denom: c.denom, amount: BigInt(c.amount) }))), gas: fee.gas } })}\n`,
  );
  process.stderr.write('confirm transaction before signing and broadcasting [y/N]: ');
  const answer = (await reader.nextLine())?.trim().toLowerCase();
  if (answer !== 'y' && answer !== 'yes')
    throw new CliError('transaction cancelled (pass --yes to skip this question)');
}

async function broadcast(
  client: SigningStargateClient,
  comet: Awaited<ReturnType<typeof connectComet>>,
  bytes: Uint8Array,
  mode: string,
): Promise<TxResponseJson> {
  const empty = {
    height: '0',
    codespace: '',
    code: 0,
    data: '',
    raw_log: '',
    logs: [],
    info: '',
    gas_wanted: '0',
    gas_used: '0',
    tx: null,
    timestamp: '',
    events: [],
  };
  if (mode === 'async') {
    const r = await comet.broadcastTxAsync({ tx: bytes });
    return { ...empty, txhash: toHex(r.hash).toUpperCase() };
  }
  if (mode !== 'sync' && mode !== 'block') throw new CliError(`invalid --broadcast-mode ${mode}: sync, async or block`);
  const r = await comet.broadcastTxSync({ tx: bytes });
  const txhash = toHex(r.hash).toUpperCase();
  if (r.code !== 0 || mode === 'sync')
    return { ...empty, txhash, code: r.code, codespace: r.codespace ?? '', raw_log: r.log ?? '' };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const tx = await client.getTx(txhash);
    if (tx) {
      return {
        ...empty,
        txhash,
        height: String(tx.height),
        code: tx.code,
        raw_log: tx.rawLog ?? '',
        gas_wanted: tx.gasWanted.toString(),
        gas_used: tx.gasUsed.toString(),
        events: [...tx.events],
      };
    }
    await new Promise((r2) => setTimeout(r2, 500));
  }
  throw new CliError(`tx ${txhash} was accepted but not included within 30 s`);
}
