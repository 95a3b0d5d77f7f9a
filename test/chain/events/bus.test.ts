import { describe, expect, it } from '@jest/globals';
import type { ExecTxResult } from '../../../chain/abci.js';
import { EventBus, EventBusError, type TxEventData } from '../../../chain/events/bus.js';
import { QuerySyntaxError } from '../../../chain/events/query.js';
import { OUT_OF_CAPACITY, SubscriptionCancelledError, type BusMessage } from '../../../chain/events/subscription.js';
import { toHexUpper } from '../../../chain/types/bytes.js';
import { txHash } from '../../../chain/block/hashing.js';
import { event } from '../../../chain/types/events.js';

function result(sender: string, recipient: string): ExecTxResult {
  return {
    code: 0,
    codespace: '',
    log: '',
    info: '',
    data: new Uint8Array(),
    gasWanted: 100n,
    gasUsed: 90n,
    events: [
      event('message', [
        ['action', '/cosmos.bank.v1beta1.MsgSend'],
        ['sender', sender],
      ]),
      event('transfer', [
        ['recipient', recipient],
        ['sender', sender],
        ['amount', '5nicoin'],
      ]),
    ],
  };
}

const tx = (n: number) => new Uint8Array([1, 2, 3, n]);

describe('EventBus routing', () => {
  it('routes NewBlock, NewBlockHeader and Tx by query', () => {
    const bus = new EventBus();
    const got: Record<string, BusMessage[]> = { blocks: [], headers: [], txs: [], alice: [] };
    bus.subscribe('c1', "tm.event='NewBlock'", { onMessage: (m) => got.blocks!.push(m) });
    bus.subscribe('c1', "tm.event='NewBlockHeader'", { onMessage: (m) => got.headers!.push(m) });
    bus.subscribe('c2', "tm.event='Tx'", { onMessage: (m) => got.txs!.push(m) });
    bus.subscribe('c2', "tm.event='Tx' AND message.sender='alice'", { onMessage: (m) => got.alice!.push(m) });

    expect(bus.publishNewBlock({ height: 3, events: [event('mint', [['amount', '7']])], data: { block: 'b3' } })).toBe(
      1,
    );
    expect(bus.publishNewBlockHeader({ height: 3, data: { header: 'h3' } })).toBe(1);
    expect(bus.publishTx({ height: 3, index: 0, tx: tx(0), result: result('alice', 'bob') })).toBe(2);
    expect(bus.publishTx({ height: 3, index: 1, tx: tx(1), result: result('carol', 'bob') })).toBe(1);

    expect(got.blocks!.map((m) => m.data)).toEqual([{ block: 'b3' }]);
    expect(got.blocks![0]!.events).toMatchObject({
      'tm.event': ['NewBlock'],
      'block.height': ['3'],
      'mint.amount': ['7'],
    });
    expect(got.headers!.map((m) => m.type)).toEqual(['NewBlockHeader']);
    expect(got.txs).toHaveLength(2);
    expect(got.alice).toHaveLength(1);
    const data = got.alice![0]!.data as TxEventData;
    expect(data).toMatchObject({ height: 3, index: 0, tx: tx(0) });
    expect(toHexUpper(data.hash)).toBe(toHexUpper(txHash(tx(0))));
  });

  it('carries the composite events map CometBFT puts in websocket frames', () => {
    const bus = new EventBus();
    const msgs: BusMessage[] = [];
    bus.subscribe('c', "tm.event='Tx'", { onMessage: (m) => msgs.push(m) });
    bus.publishTx({ height: 12, index: 4, tx: tx(9), result: result('alice', 'bob') });
    expect({ ...msgs[0]!.events }).toEqual({
      'tm.event': ['Tx'],
      'tx.hash': [toHexUpper(txHash(tx(9)))],
      'tx.height': ['12'],
      'message.action': ['/cosmos.bank.v1beta1.MsgSend'],
      'message.sender': ['alice'],
      'transfer.recipient': ['bob'],
      'transfer.sender': ['alice'],
      'transfer.amount': ['5nicoin'],
    });
  });

  it('matches tx.hash case-insensitively (Keplr TxTracer) and applies the same-instance rule', () => {
    const bus = new EventBus();
    const byHash: BusMessage[] = [];
    const sameInstance: BusMessage[] = [];
    bus.subscribe('k', `tm.event='Tx' AND tx.hash='${toHexUpper(txHash(tx(5))).toLowerCase()}'`, {
      onMessage: (m) => byHash.push(m),
    });
    bus.subscribe('k', "transfer.sender='alice' AND transfer.recipient='carol'", {
      onMessage: (m) => sameInstance.push(m),
    });
    const twoTransfers = result('alice', 'bob');
    twoTransfers.events.push(
      event('transfer', [
        ['recipient', 'carol'],
        ['sender', 'zed'],
      ]),
    );
    bus.publishTx({ height: 1, index: 0, tx: tx(4), result: twoTransfers });
    bus.publishTx({ height: 1, index: 1, tx: tx(5), result: result('alice', 'carol') });
    expect(byHash.map((m) => (m.data as TxEventData).index)).toEqual([1]);
    expect(sameInstance.map((m) => (m.data as TxEventData).index)).toEqual([1]);
  });

  it('publishing with no subscribers does nothing and a failing callback only cancels its own subscription', () => {
    const bus = new EventBus();
    expect(bus.publishTx({ height: 1, index: 0, tx: tx(1), result: result('a', 'b') })).toBe(0);
    const ok: BusMessage[] = [];
    const bad = bus.subscribe('bad', "tm.event='Tx'", {
      onMessage: () => {
        throw new Error('socket closed');
      },
    });
    bus.subscribe('good', "tm.event='Tx'", { onMessage: (m) => ok.push(m) });
    expect(() => bus.publishTx({ height: 1, index: 0, tx: tx(1), result: result('a', 'b') })).not.toThrow();
    expect(bad.cancelled).toBe(true);
    expect(bad.cancelReason).toMatch(/subscriber callback failed: socket closed/);
    expect(bus.numClientSubscriptions('bad')).toBe(0);
    bus.publishTx({ height: 2, index: 0, tx: tx(2), result: result('a', 'b') });
    expect(ok).toHaveLength(2);
  });
});

describe('EventBus pull subscriptions and backpressure', () => {
  it('delivers in order through async iteration', async () => {
    const bus = new EventBus();
    const sub = bus.subscribe('c', "tm.event='NewBlockHeader'");
    for (let h = 1; h <= 3; h++) bus.publishNewBlockHeader({ height: h, data: h });
    const seen: unknown[] = [];
    for await (const m of sub) {
      seen.push(m.data);
      if (seen.length === 3) break; // leaving the loop unsubscribes
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(sub.cancelled).toBe(true);
    expect(bus.numSubscriptions()).toBe(0);
  });

  it('resolves a waiting consumer when a message arrives', async () => {
    const bus = new EventBus();
    const sub = bus.subscribe('c', "tm.event='NewBlockHeader'");
    const pending = sub.next();
    bus.publishNewBlockHeader({ height: 1, data: 'h1' });
    await expect(pending).resolves.toMatchObject({ done: false, value: { data: 'h1' } });
  });

  it('cancels a subscriber that falls behind its limit instead of buffering without bound', async () => {
    const bus = new EventBus();
    const slow = bus.subscribe('slow', "tm.event='NewBlockHeader'", { limit: 3 });
    const reasons: string[] = [];
    slow.onCancel((r) => reasons.push(r));
    for (let h = 1; h <= 3; h++) bus.publishNewBlockHeader({ height: h, data: h });
    expect(slow.cancelled).toBe(false);
    expect(slow.pending).toBe(3);
    bus.publishNewBlockHeader({ height: 4, data: 4 });
    expect(slow.cancelled).toBe(true);
    expect(slow.pending).toBe(0);
    expect(reasons).toEqual([OUT_OF_CAPACITY]);
    expect(bus.numClients()).toBe(0);
    await expect(slow.next()).rejects.toBeInstanceOf(SubscriptionCancelledError);
    await expect(slow.next()).rejects.toThrow(OUT_OF_CAPACITY);
    // Later publishes do not touch it.
    expect(bus.publishNewBlockHeader({ height: 5, data: 5 })).toBe(0);
  });

  it('ends a waiting consumer normally on unsubscribe, and with an error on cancel', async () => {
    const bus = new EventBus();
    const a = bus.subscribe('c', "tm.event='Tx'");
    const b = bus.subscribe('c', "tm.event='NewBlock'");
    const waitA = a.next();
    const waitB = b.next();
    bus.unsubscribe('c', "tm.event = 'Tx'");
    b.cancel('socket backed up');
    await expect(waitA).resolves.toEqual({ value: undefined, done: true });
    await expect(waitB).rejects.toThrow('socket backed up');
    expect(bus.numClients()).toBe(0);
  });
});

describe('EventBus subscription management', () => {
  it('rejects bad queries, duplicates and limits with clear errors', () => {
    const bus = new EventBus({ maxClients: 2, maxSubscriptionsPerClient: 2, maxSubscriptions: 3, maxLimit: 50 });
    expect(() => bus.subscribe('a', "tm.event='Tx' OR x")).toThrow(QuerySyntaxError);
    bus.subscribe('a', "tm.event='Tx'");
    // Same query in another spelling is the same subscription.
    expect(() => bus.subscribe('a', "tm.event = 'Tx'")).toThrow(/already subscribed to tm.event = 'Tx'/);
    bus.subscribe('a', "tm.event='NewBlock'");
    expect(() => bus.subscribe('a', "tm.event='NewBlockHeader'")).toThrow(/max_subscriptions_per_client 2 reached/);
    bus.subscribe('b', "tm.event='Tx'");
    expect(() => bus.subscribe('c', "tm.event='Tx'")).toThrow(/max_subscription_clients 2 reached/);
    expect(() => bus.subscribe('b', "tm.event='NewBlock'")).toThrow(/max subscriptions 3 reached/);
    expect(() => bus.subscribe('b', "tm.event='NewBlock'", { limit: 0 })).toThrow(EventBusError);
    expect(bus.numSubscriptions()).toBe(3);
  });

  it('unsubscribe finds the subscription by canonical query; unknown ones are an error', () => {
    const bus = new EventBus();
    const sub = bus.subscribe('a', "tm.event='Tx' and message.sender='x'");
    expect(() => bus.unsubscribe('a', "tm.event='NewBlock'")).toThrow('subscription not found');
    expect(() => bus.unsubscribe('zz', "tm.event='Tx'")).toThrow('subscription not found');
    bus.unsubscribe('a', "tm.event = 'Tx' AND message.sender = 'x'");
    expect(sub.cancelled).toBe(true);
    expect(sub.cancelReason).toBe('unsubscribed');
    expect(bus.numClients()).toBe(0);
  });

  it('unsubscribeAll ends every subscription of one client only; close ends all', () => {
    const bus = new EventBus();
    const a1 = bus.subscribe('a', "tm.event='Tx'");
    const a2 = bus.subscribe('a', "tm.event='NewBlock'");
    const b1 = bus.subscribe('b', "tm.event='Tx'");
    expect(bus.unsubscribeAll('a')).toBe(2);
    expect(bus.unsubscribeAll('a')).toBe(0);
    expect([a1.cancelled, a2.cancelled, b1.cancelled]).toEqual([true, true, false]);
    // The freed slots can be reused.
    bus.subscribe('a', "tm.event='Tx'");
    bus.close();
    expect(b1.cancelReason).toBe('event bus stopped');
    expect(bus.numSubscriptions()).toBe(0);
  });

  it('a callback subscription cannot be iterated', async () => {
    const bus = new EventBus();
    const sub = bus.subscribe('a', "tm.event='Tx'", { onMessage: () => undefined });
    await expect(sub.next()).rejects.toThrow(/onMessage callback/);
  });
});
