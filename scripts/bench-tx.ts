/**
 * npm run bench:tx — pre-signed MsgSend txs from many accounts pushed through one node.
 * Prints committed tx/s, p50/p99 latency from broadcast to commit, and, measured in the same run with the same
 * library, how many secp256k1 signatures this machine verifies per second, with the ratio of the two.
 *
 *   node --import tsx scripts/bench-tx.ts [--accounts 100] [--txs-per-account 20] [--concurrency 50] [--json]
 */
import '../node/polyfills.js';
import { DirectSecp256k1Wallet } from '@cosmjs/proto-signing';
import { SigningStargateClient, StargateClient } from '@cosmjs/stargate';
import { sha256 } from '@noble/hashes/sha2.js';
import { TxRaw } from 'cosmjs-types/cosmos/tx/v1beta1/tx';
import WebSocket from 'ws';
import { addressBytesFromSecp256k1, toBech32 } from '../chain/crypto/address.js';
import { secp256k1PubkeyFromPrivkey, signSecp256k1, verifySecp256k1 } from '../chain/crypto/secp256k1.js';
import { makeTestHome, startNode } from '../test/helpers/node-process.js';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}
const ACCOUNTS = arg('accounts', 100);
const PER_ACCOUNT = arg('txs-per-account', 20);
const CONCURRENCY = arg('concurrency', 50);
const JSON_OUT = process.argv.includes('--json');
const out = (s: string) => {
  if (!JSON_OUT) process.stdout.write(s + '\n');
};

function privKey(i: number): Uint8Array {
  return sha256(new TextEncoder().encode(`race bench account ${i}`));
}

function verifyCeiling(seconds = 2): number {
  const priv = privKey(0);
  const pub = secp256k1PubkeyFromPrivkey(priv);
  const msgs = Array.from({ length: 64 }, (_, i) => sha256(Uint8Array.of(i)));
  const sigs = msgs.map((m) => signSecp256k1(m, priv));
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    for (let i = 0; i < 64; i++) verifySecp256k1(sigs[i]!, msgs[i]!, pub);
    n += 64;
  }
  return n / ((performance.now() - t0) / 1000);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function main(): Promise<void> {
  const keys = Array.from({ length: ACCOUNTS }, (_, i) => privKey(i + 1));
  const addrs = keys.map((k) => toBech32(addressBytesFromSecp256k1(secp256k1PubkeyFromPrivkey(k))));
  out(`setting up a node with ${ACCOUNTS} funded accounts…`);
  const h = await makeTestHome({
    accounts: addrs.map((address, i) => ({ name: `a${i}`, address, nicoin: 10n ** 12n })),
    timeoutCommit: '500ms',
  });
  const node = await startNode(h);
  try {
    // Account numbers from the chain: genesis also holds the validator's Race participant account.
    const query = await StargateClient.connect(h.rpcUrl);
    const accountNumbers = await Promise.all(addrs.map(async (a) => (await query.getAccount(a))!.accountNumber));
    query.disconnect();
    out(`pre-signing ${ACCOUNTS * PER_ACCOUNT} txs…`);
    const signed: Array<{ account: number; bytes: Uint8Array; hash: string }> = [];
    for (let a = 0; a < ACCOUNTS; a++) {
      const wallet = await DirectSecp256k1Wallet.fromKey(keys[a]!, 'race');
      const client = await SigningStargateClient.offline(wallet);
      for (let s = 0; s < PER_ACCOUNT; s++) {
        const raw = await client.sign(
          addrs[a]!,
          [
            {
              typeUrl: '/cosmos.bank.v1beta1.MsgSend',
              value: {
                fromAddress: addrs[a]!,
                toAddress: addrs[(a + 1) % ACCOUNTS]!,
                amount: [{ denom: 'nicoin', amount: '1' }],
              },
            },
          ],
          { amount: [{ denom: 'nicoin', amount: '100' }], gas: '100000' },
          '',
          { accountNumber: accountNumbers[a]!, sequence: s, chainId: h.chainId },
        );
        const bytes = TxRaw.encode(raw).finish();
        signed.push({ account: a, bytes, hash: Buffer.from(sha256(bytes)).toString('hex').toUpperCase() });
      }
    }

    const committedAt = new Map<string, number>();
    const ws = new WebSocket(`ws://127.0.0.1:${h.rpcPort}/websocket`);
    await new Promise((r, j) => {
      ws.once('open', r);
      ws.once('error', j);
    });
    ws.on('message', (raw) => {
      const now = performance.now();
      const m = JSON.parse(raw.toString()) as any;
      const txs: string[] = m.result?.data?.value?.block?.data?.txs ?? [];
      for (const t of txs)
        committedAt.set(
          Buffer.from(sha256(Buffer.from(t, 'base64')))
            .toString('hex')
            .toUpperCase(),
          now,
        );
    });
    ws.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: { query: "tm.event='NewBlock'" } }));
    await new Promise((r) => setTimeout(r, 300));

    const sentAt = new Map<string, number>();
    const rejected: string[] = [];
    const byAccount = Array.from({ length: ACCOUNTS }, (_, a) => signed.filter((t) => t.account === a));
    const t0 = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < byAccount.length) {
        const list = byAccount[next++]!;
        for (const t of list) {
          sentAt.set(t.hash, performance.now());
          const res = await fetch(h.rpcUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({
              jsonrpc: '2.0',
              id: 1,
              method: 'broadcast_tx_sync',
              params: { tx: Buffer.from(t.bytes).toString('base64') },
            }),
          });
          const body = (await res.json()) as any;
          if (body.error || body.result.code !== 0) {
            rejected.push(t.hash);
            if (rejected.length <= 3) out(`rejected: ${JSON.stringify(body.error ?? body.result)}`);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ACCOUNTS) }, worker));
    const accepted = signed.length - rejected.length;
    const deadline = performance.now() + 120_000;
    while (committedAt.size < accepted && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    ws.close();

    const lat = signed
      .filter((t) => committedAt.has(t.hash))
      .map((t) => committedAt.get(t.hash)! - sentAt.get(t.hash)!);
    const last = Math.max(...committedAt.values());
    const tps = committedAt.size / ((last - t0) / 1000);
    out('measuring the secp256k1 verification ceiling (same library, one thread)…');
    const ceiling = verifyCeiling();
    const result = {
      txs: signed.length,
      accepted,
      committed: committedAt.size,
      committed_tx_per_s: Math.round(tps * 10) / 10,
      latency_p50_ms: Math.round(pct(lat, 50)),
      latency_p99_ms: Math.round(pct(lat, 99)),
      secp256k1_verify_per_s: Math.round(ceiling),
      ratio: Math.round((tps / ceiling) * 1000) / 1000,
      goal_ratio: 0.5,
    };
    out(
      `committed ${result.committed}/${result.txs} txs: ${result.committed_tx_per_s} tx/s; latency p50 ${result.latency_p50_ms} ms, p99 ${result.latency_p99_ms} ms`,
    );
    out(
      `secp256k1 verifications: ${result.secp256k1_verify_per_s}/s; ratio ${result.ratio} (goal ≥ ${result.goal_ratio})`,
    );
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    await node.stop();
  }
}

await main();
