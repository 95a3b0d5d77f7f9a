import { afterEach, describe, expect, it } from '@jest/globals';
import type { CheckTxResult } from '../../../chain/abci.js';
import { MempoolError } from '../../../chain/mempool/mempool.js';
import { STANDARD_CHANNELS } from '../../../chain/p2p/channels.js';
import type { P2PHost } from '../../../chain/p2p/host.js';
import { silentLogger } from '../../../chain/util/log.js';
import { MempoolGossip, verdictForCheckTx } from '../../../node/services/net-mempool.js';
import { connected, loopbackAddr, makeHost, waitFor } from '../../chain/p2p/harness.js';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array): string => new TextDecoder().decode(b);

/** A mempool whose CheckTx answers by the tx's text: "ok…" passes, "seq…" fails on state, "bad…" is malformed. */
class ScriptedMempool {
  readonly accepted: string[] = [];
  private readonly seen = new Set<string>();
  private readonly listeners: Array<(tx: Uint8Array) => void> = [];
  checkTx(tx: Uint8Array): CheckTxResult {
    const text = dec(tx);
    if (this.seen.has(text)) throw new MempoolError('tx already exists in cache');
    const res = (code: number): CheckTxResult => ({
      code,
      codespace: 'sdk',
      log: '',
      gasWanted: 0n,
      gasUsed: 0n,
      events: [],
    });
    if (text.startsWith('seq')) return res(32);
    if (text.startsWith('bad')) return res(2);
    this.seen.add(text);
    this.accepted.push(text);
    for (const l of this.listeners) l(tx);
    return res(0);
  }
  onTxAdded(l: (tx: Uint8Array) => void): void {
    this.listeners.push(l);
  }
}

interface Peer {
  host: P2PHost;
  mempool: ScriptedMempool;
  gossip: MempoolGossip;
  /** Every mempool gossip message delivered to this node, with its verdict: what "nothing happened" waits for. */
  delivered: Array<{ tx: string; verdict: ReturnType<MempoolGossip['validate']> }>;
}

const hosts: P2PHost[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((h) => h.stop()));
});

async function peer(i: number, peers: string[], syncing = false): Promise<Peer> {
  const mempool = new ScriptedMempool();
  const ref: { host?: P2PHost } = {};
  const gossip = new MempoolGossip(
    {},
    {
      p2p: { broadcast: (c, d) => ref.host!.broadcast(c, d) },
      mempool,
      isSyncing: () => syncing,
      logger: silentLogger(),
    },
  );
  const delivered: Peer['delivered'] = [];
  const validate: MempoolGossip['validate'] = (tx, from) => {
    const verdict = gossip.validate(tx, from);
    delivered.push({ tx: dec(tx), verdict });
    return verdict;
  };
  const channels = STANDARD_CHANNELS.map((c) => (c.name === 'mempool' ? { ...c, validate } : c));
  const host = makeHost(i, { channels, persistentPeers: peers, pex: false });
  ref.host = host;
  hosts.push(host);
  await host.start();
  gossip.start();
  return { host, mempool, gossip, delivered };
}

describe('mempool gossip', () => {
  it('maps CheckTx results to verdicts', () => {
    expect(verdictForCheckTx({ code: 0, codespace: '' })).toBe('accept');
    expect(verdictForCheckTx({ code: 32, codespace: 'sdk' })).toBe('ignore');
    expect(verdictForCheckTx({ code: 5, codespace: 'sdk' })).toBe('ignore');
    expect(verdictForCheckTx({ code: 2, codespace: 'sdk' })).toBe('reject');
    expect(verdictForCheckTx({ code: 4, codespace: 'sdk' })).toBe('reject');
    expect(verdictForCheckTx({ code: 2, codespace: 'race' })).toBe('ignore');
  });

  it('does not run CheckTx inside the delivery that queued it: a consensus message read right after a tx flood is handled first', async () => {
    const mempool = new ScriptedMempool();
    const gossip = new MempoolGossip(
      {},
      { p2p: { broadcast: async () => 0 }, mempool, isSyncing: () => false, logger: silentLogger() },
    );
    gossip.start();
    const verdicts = Array.from({ length: 200 }, (_, i) =>
      gossip.validate(enc(i % 10 === 9 ? `bad-${i}` : `ok-${i}`), 'peer'),
    );
    // What the node does next with a vote that arrived in the same read: nothing of the flood has run yet.
    await Promise.resolve();
    expect(mempool.accepted).toHaveLength(0);
    const got = await Promise.all(verdicts);
    expect(got.filter((v) => v === 'accept')).toHaveLength(180);
    expect(got.filter((v) => v === 'reject')).toHaveLength(20);
    expect(await gossip.validate(enc('ok-0'), 'peer')).toBe('ignore'); // duplicate
  });

  it('relays txs that pass CheckTx through a middle node, ignores duplicates and state failures, blames malformed ones', async () => {
    const a = await peer(61, []);
    const b = await peer(62, [loopbackAddr(a.host)]);
    const c = await peer(63, [loopbackAddr(b.host)]);
    await waitFor(() => connected(a.host, b.host) && connected(b.host, c.host), 'a-b-c line');
    await waitFor(
      () => a.host.gossipMeshPeers('mempool').length > 0 && c.host.gossipMeshPeers('mempool').length > 0,
      'mempool mesh',
      15_000,
    );

    // RPC on A: the tx enters A's mempool and reaches C through B (A and C are not connected).
    a.mempool.checkTx(enc('ok-1'));
    await waitFor(() => c.mempool.accepted.includes('ok-1'), 'ok-1 to reach C', 15_000);
    expect(b.mempool.accepted).toEqual(['ok-1']);
    expect(a.host.peers().some((p) => p.peerId === c.host.peerId)).toBe(false);

    // A tx C already has comes back: ignored, nobody blamed.
    await c.host.broadcast('mempool', enc('ok-1'));
    // A tx that fails on state (wrong sequence) is ignored; a malformed one is rejected and blamed on the sender.
    await c.host.broadcast('mempool', enc('seq-1'));
    await c.host.broadcast('mempool', enc('bad-1'));
    await waitFor(() => b.host.peerScore(c.host.peerId) < 0, 'C to be blamed for the malformed tx', 10_000);
    expect(b.host.peerScore(c.host.peerId)).toBeGreaterThan(-30);
    expect(b.mempool.accepted).toEqual(['ok-1']);
    // Nothing invalid was relayed to A: a valid tx C gossips after them reaches A through B, and B relays in the
    // order its verdicts come (one at a time, in delivery order), so by then anything relayed before it is in too.
    await c.host.broadcast('mempool', enc('ok-3'));
    await waitFor(() => a.mempool.accepted.includes('ok-3'), 'ok-3 to reach A through B', 15_000);
    expect(a.mempool.accepted).toEqual(['ok-1', 'ok-3']);
    expect(a.host.peerScore(b.host.peerId)).toBe(0);
  });

  it('ignores gossip while the node is catching up', async () => {
    const a = await peer(64, []);
    const b = await peer(65, [loopbackAddr(a.host)], true);
    await waitFor(() => connected(a.host, b.host), 'connect');
    await waitFor(() => a.host.gossipPeers('mempool').includes(b.host.peerId), 'subscription', 15_000);
    a.mempool.checkTx(enc('ok-2'));
    // Wait for the delivery itself, then for B's verdict on it: ignored, and not in B's mempool.
    const delivery = await waitFor(() => b.delivered.find((d) => d.tx === 'ok-2'), 'ok-2 to be delivered to B', 15_000);
    expect(await delivery.verdict).toBe('ignore');
    expect(b.mempool.accepted).toEqual([]);
    expect(b.host.peerScore(a.host.peerId)).toBe(0);
  });
});
