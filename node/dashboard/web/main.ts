/**
 * The dashboard page: history from the node's aggregates (/dashboard/api/history, merged incrementally), the current
 * state from the public REST routes, and new blocks pushed over the node's JSON-RPC websocket (polling when the
 * socket is down). Chain data reaches the DOM only as text (textContent), never as markup.
 */
import type {
  BlockPoint,
  BucketPoint,
  DashboardHistory,
  EpochPoint,
  ExecutorShare,
  FirstTokenPoint,
} from '../aggregator.js';
import { ChartBox } from './chart.js';
import { DENOMS_LARGEST_FIRST, formatSeconds, perSecond, shiftDecimal, shortAddress } from './format.js';

type Json = Record<string, any>;

interface NodeView {
  chain_id: string;
  moniker: string;
  height: number;
  catching_up: boolean;
  peers: Array<{ id: string; moniker: string; address: string; outbound: boolean }>;
  mempool: { txs: number; bytes: number };
  rpc_port: number | null;
  modules: string[];
}

const RECENT_BLOCKS = 1200;
const LIVE_EVERY_MS = 2000;
const POLL_EVERY_MS = 3000;

const $ = (id: string): HTMLElement => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`missing element #${id}`);
  return el;
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    path: string,
  ) {
    super(`${path}: HTTP ${status}`);
  }
}

async function getJson<T = Json>(path: string): Promise<T> {
  const r = await fetch(path, { headers: { Accept: 'application/json' } });
  if (!r.ok) throw new HttpError(r.status, path);
  return (await r.json()) as T;
}

function el(tag: string, text?: string, cls?: string): HTMLElement {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

function table(target: HTMLElement, headers: string[], rows: Array<Array<string | number>>, empty: string): void {
  if (rows.length === 0) {
    target.replaceChildren(el('div', empty, 'empty'));
    return;
  }
  const t = el('table');
  const head = el('tr');
  for (const h of headers) head.append(el('th', h));
  t.append(head);
  for (const r of rows) {
    const tr = el('tr');
    r.forEach((v, i) => tr.append(el('td', String(v), headers[i] === 'address' ? 'addr' : undefined)));
    t.append(tr);
  }
  target.replaceChildren(t);
}

function facts(target: HTMLElement, items: Array<[string, string | number]>): void {
  target.replaceChildren(
    ...items.map(([k, v]) => {
      const d = el('div');
      d.append(el('span', k), el('b', String(v)));
      return d;
    }),
  );
}

const charts = {
  interval: new ChartBox($('chart-block-interval'), {
    xLabel: 'height',
    series: [{ label: 'interval (s)', stroke: '#2f6fde' }],
    emptyText: 'No blocks seen yet',
  }),
  txs: new ChartBox($('chart-block-txs'), {
    xLabel: 'height',
    series: [
      { label: 'txs', stroke: '#1f9d74', bars: true },
      { label: 'failed', stroke: '#e0245e', bars: true },
    ],
    emptyText: 'No blocks seen yet',
  }),
  longRange: new ChartBox($('chart-long-range'), {
    xLabel: 'time',
    time: true,
    series: [
      { label: 'mean interval (s)', stroke: '#2f6fde' },
      { label: 'txs', stroke: '#1f9d74' },
    ],
    emptyText: 'No history yet',
  }),
  nonces: new ChartBox($('chart-epoch-nonces'), {
    xLabel: 'epoch',
    series: [
      { label: 'nonces', stroke: '#2f6fde', bars: true },
      { label: 'participants', stroke: '#b5671f' },
    ],
    emptyText: 'No epoch seen yet',
  }),
  disputes: new ChartBox($('chart-epoch-disputes'), {
    xLabel: 'epoch',
    series: [
      { label: 'disputes', stroke: '#b5671f', bars: true },
      { label: 'convictions', stroke: '#e0245e', bars: true },
    ],
    emptyText: 'No epoch seen yet',
  }),
  price: new ChartBox($('chart-unit-price'), {
    xLabel: 'epoch',
    series: [
      { label: 'unit price (nicoin)', stroke: '#2f6fde' },
      { label: 'price votes', stroke: '#b5671f', bars: true },
    ],
    emptyText: 'No epoch seen yet',
  }),
  inference: new ChartBox($('chart-inference'), {
    xLabel: 'time',
    time: true,
    series: [
      { label: 'requests/s', stroke: '#2f6fde' },
      { label: 'settled/s', stroke: '#1f9d74' },
      { label: 'tokens/s', stroke: '#b5671f' },
    ],
    emptyText: 'No blocks seen yet',
  }),
  ttft: new ChartBox($('chart-ttft'), {
    xLabel: 'time',
    time: true,
    series: [{ label: 'time to first token (ms)', stroke: '#7a3fb8' }],
    emptyText: 'No request relayed by this node yet',
  }),
};

const state = {
  blocks: new Map<number, BlockPoint>(),
  buckets: new Map<number, BucketPoint>(),
  epochs: new Map<number, EpochPoint>(),
  executors: [] as ExecutorShare[],
  firstTokens: new Map<number, FirstTokenPoint>(),
  since: 0,
  height: 0,
  node: undefined as NodeView | undefined,
  weights: [] as Json[],
  unitPrice: {} as Json,
};

/** Sums over the kept epochs; drawn with every history refresh, so traffic shows as soon as its block does. */
function drawMarketFacts(): void {
  const epochs = [...state.epochs.values()];
  const up = state.unitPrice;
  facts($('market-facts'), [
    ['unit price', `${up.price ?? '…'} nicoin (epoch ${up.epoch ?? '…'})`],
    ['price votes (kept epochs)', epochs.reduce((s, e) => s + e.priceVotes, 0)],
    ['inference requests (kept epochs)', epochs.reduce((s, e) => s + e.inferences, 0)],
    ['disputes', epochs.reduce((s, e) => s + e.disputes, 0)],
    ['convictions', epochs.reduce((s, e) => s + e.convictions, 0)],
  ]);
}

function showHeight(h: number): void {
  if (h <= state.height) return;
  state.height = h;
  $('height').textContent = String(h);
}

function mergeHistory(h: DashboardHistory): void {
  for (const b of h.blocks) state.blocks.set(b.height, b);
  for (const b of h.buckets) state.buckets.set(b.fromHeight, b);
  for (const e of h.epochs) state.epochs.set(e.epoch, e);
  state.executors = h.executors;
  for (const t of h.firstTokens) state.firstTokens.set(t.time, t);
  // Insertion order is arrival order: the oldest go first, so the page stays bounded however long it is open.
  for (const k of state.firstTokens.keys()) {
    if (state.firstTokens.size <= 400) break;
    state.firstTokens.delete(k);
  }
  if (state.blocks.size > RECENT_BLOCKS) {
    const keep = [...state.blocks.keys()].sort((a, b) => a - b).slice(-RECENT_BLOCKS);
    const kept = new Map(keep.map((k) => [k, state.blocks.get(k)!]));
    state.blocks.clear();
    for (const [k, v] of kept) state.blocks.set(k, v);
  }
  state.since = Math.max(state.since, h.height);
  showHeight(h.height);
}

function drawHistory(): void {
  const blocks = [...state.blocks.values()].sort((a, b) => a.height - b.height);
  const withInterval = blocks.filter((b) => b.interval !== null);
  charts.interval.update(
    withInterval.map((b) => b.height),
    [withInterval.map((b) => b.interval)],
  );
  charts.txs.update(
    blocks.map((b) => b.height),
    [blocks.map((b) => b.txs), blocks.map((b) => b.failedTxs)],
  );
  charts.inference.update(
    blocks.map((b) => b.time),
    [
      blocks.map((b) => perSecond(b.inferences, b.interval)),
      blocks.map((b) => perSecond(b.settled, b.interval)),
      blocks.map((b) => perSecond(b.completionTokens, b.interval)),
    ],
  );
  const firstTokens = [...state.firstTokens.values()].sort((a, b) => a.time - b.time).slice(-400);
  charts.ttft.update(
    firstTokens.map((t) => t.time),
    [firstTokens.map((t) => t.ms)],
  );
  const buckets = [...state.buckets.values()].sort((a, b) => a.fromHeight - b.fromHeight);
  charts.longRange.update(
    buckets.map((b) => b.time),
    [buckets.map((b) => b.meanInterval), buckets.map((b) => b.txs)],
  );
  const epochs = [...state.epochs.values()].sort((a, b) => a.epoch - b.epoch);
  const x = epochs.map((e) => e.epoch);
  charts.nonces.update(x, [epochs.map((e) => e.nonces), epochs.map((e) => e.submitters)]);
  charts.disputes.update(x, [epochs.map((e) => e.disputes), epochs.map((e) => e.convictions)]);
  charts.price.update(x, [
    epochs.map((e) => (e.unitPrice === null ? null : Number(e.unitPrice))),
    epochs.map((e) => e.priceVotes),
  ]);
  const recent = withInterval.slice(-100);
  const mean = recent.reduce((s, b) => s + (b.interval ?? 0), 0) / Math.max(1, recent.length);
  const n = state.node;
  facts($('chain-facts'), [
    ['height', state.height],
    ['mean interval (last 100)', formatSeconds(mean)],
    ['catching up', n ? (n.catching_up ? 'yes' : 'no') : '…'],
    ['peers', n ? n.peers.length : '…'],
    ['mempool', n ? `${n.mempool.txs} txs, ${n.mempool.bytes} B` : '…'],
  ]);
  drawExecutors();
  drawMarketFacts();
}

function drawExecutors(): void {
  const total = state.executors.reduce((s, e) => s + e.inferences, 0);
  const weightTotal = state.weights.reduce((s, w) => s + BigInt(w.weight ?? '0'), 0n);
  const weightOf = new Map(state.weights.map((w) => [String(w.address), BigInt(w.weight ?? '0')]));
  const share = (part: bigint, whole: bigint) => (whole > 0n ? `${Number((part * 10000n) / whole) / 100}%` : '—');
  table(
    $('executors'),
    ['address', 'requests', 'share of requests', 'share of weight'],
    state.executors.map((e) => [
      shortAddress(e.address),
      e.inferences,
      share(BigInt(e.inferences), BigInt(total)),
      share(weightOf.get(e.address) ?? 0n, weightTotal),
    ]),
    'No inference requests seen yet',
  );
}

async function refreshHistory(): Promise<void> {
  mergeHistory(await getJson<DashboardHistory>(`/dashboard/api/history?since=${state.since}`));
  drawHistory();
}

function drawTimeline(ep: Json): void {
  const start = Number(ep.start_height);
  const next = Number(ep.next_epoch_height);
  const span = Math.max(1, next - start);
  const seg = (cls: string, label: string, from: number, to: number) => {
    const d = el('div', label, cls);
    d.style.width = `${(Math.max(0, to - from) / span) * 100}%`;
    return d;
  };
  const bar = el('div', undefined, 'timeline');
  const raceEnd = Number(ep.race_end_height);
  const valEnd = Number(ep.validation_end_height);
  const beacon = Number(ep.beacon_commit_height);
  bar.append(
    seg('race', 'race', start, raceEnd),
    seg('validation', 'validation', raceEnd, valEnd),
    seg('idle', 'idle', valEnd, Math.max(valEnd, beacon)),
    seg('beacon', 'beacon', Math.max(valEnd, beacon), next),
  );
  const now = el('div', undefined, 'now');
  now.style.left = `${(Math.min(span, Math.max(0, Number(ep.height) - start)) / span) * 100}%`;
  bar.append(now);
  const legend = el('div', `heights ${start}–${next - 1}; now ${ep.height} (${ep.phase})`, 'note');
  $('timeline').replaceChildren(bar, legend);
  $('epoch').textContent = String(ep.epoch);
  $('phase').textContent = String(ep.phase);
}

async function refreshCoin(node: NodeView): Promise<void> {
  const box = $('coin');
  const supply = await getJson('/cosmos/bank/v1beta1/supply/by_denom?denom=nicoin').catch(() => undefined);
  const total = supply?.amount?.amount as string | undefined;
  const parts: HTMLElement[] = [];
  const f = el('div', undefined, 'facts');
  facts(f, [['total supply', total === undefined ? '…' : `${shiftDecimal(total, 9)} icon`]]);
  parts.push(f);
  if (!node.modules.includes('issuance')) {
    parts.push(
      el(
        'div',
        'issuance module not present on this node: phase, minted, subsidy share and supply breakdown appear once it is',
        'empty',
      ),
    );
    box.replaceChildren(...parts);
    return;
  }
  // The issuance module's routes (modules/issuance); a route it does not serve yet is shown as absent, not as zero.
  for (const [title, path] of [
    ['Issuance phase', '/race/issuance/v1/phase'],
    ['Allocations', '/race/issuance/v1/allocations'],
    ['Training fund', '/race/issuance/v1/training_fund'],
    ['Liquidity sale', '/race/issuance/v1/pool'],
  ] as const) {
    parts.push(el('h3', title));
    try {
      const body = await getJson(path);
      const flat = Object.entries(body).filter(([, v]) => typeof v !== 'object' || v === null);
      const minted = body.minted_in_phase ?? body.minted;
      // Each of the 12 phases mints 50 M icon (10^9 nicoin each): the bar is minted_in_phase / 50 M.
      const size = body.phase_size ?? (Number(body.phase) > 0 ? '50000000000000000' : undefined);
      if (minted !== undefined && size !== undefined && BigInt(size) > 0n) {
        const bar = el('div', undefined, 'bar');
        const fill = el('div');
        fill.style.width = `${Number((BigInt(minted) * 1000n) / BigInt(size)) / 10}%`;
        bar.append(fill);
        parts.push(bar);
      }
      const t = el('div');
      table(
        t,
        ['field', 'value'],
        flat.map(([k, v]) => [k, String(v)]),
        'empty reply',
      );
      parts.push(t);
    } catch (e) {
      parts.push(
        el(
          'div',
          e instanceof HttpError && (e.status === 404 || e.status === 501)
            ? 'issuance module not present (route not served)'
            : `unavailable: ${(e as Error).message}`,
          'empty',
        ),
      );
    }
  }
  box.replaceChildren(...parts);
}

/** The beacon query's epoch: the dispute beacon's instances are numbered from 2^40 (race/module/beacon-driver.ts). */
function beaconLabel(epoch: string): string {
  const n = BigInt(/^\d+$/.test(epoch) ? epoch : '0');
  const offset = 1n << 40n;
  return n >= offset ? `dispute beacon of epoch ${n - offset}` : `seed beacon for epoch ${n}`;
}

async function refreshLive(): Promise<void> {
  const node = await getJson<NodeView>('/dashboard/api/node');
  state.node = node;
  $('chain-id').textContent = node.chain_id;
  showHeight(node.height);
  table(
    $('peers'),
    ['moniker', 'id', 'address', 'direction'],
    node.peers.map((p) => [p.moniker, p.id, p.address, p.outbound ? 'out' : 'in']),
    'No peers (a one-node network)',
  );

  const [epoch, beacon, weights, outcomes, price, models] = await Promise.all([
    getJson('/race/race/v1/epoch'),
    getJson('/race/race/v1/beacon'),
    getJson('/race/race/v1/weights'),
    getJson('/race/race/v1/outcomes'),
    getJson('/race/pricing/v1/price'),
    getJson('/race/pricing/v1/models'),
  ]);
  drawTimeline(epoch.epoch);
  state.weights = weights.weights ?? [];
  table(
    $('validators'),
    ['address', 'Race weight', 'voting power'],
    state.weights.map((w) => [shortAddress(String(w.address)), w.weight, w.power]),
    'No weighted participants',
  );
  facts($('race-facts'), [
    ['total weight', weights.total_weight ?? '0'],
    ['beacon', `${beaconLabel(String(beacon.epoch))} · ${beacon.phase}${beacon.fallback ? ' (fallback)' : ''}`],
    ['assignments', (outcomes.assignments ?? []).length],
  ]);
  table(
    $('outcomes'),
    ['address', 'epoch', 'nonces', 'accepted', 'accept / reject / missing weight'],
    (outcomes.outcomes ?? []).map((o: Json) => [
      shortAddress(String(o.participant)),
      o.epoch,
      o.nonce_count,
      o.accepted ? 'yes' : 'no',
      `${o.accept_weight} / ${o.reject_weight} / ${o.missing_weight}`,
    ]),
    'No validation completed yet',
  );
  state.unitPrice = price.unit_price ?? {};
  drawMarketFacts();
  const rows: Array<Array<string | number>> = [];
  for (const m of models.models ?? models.prices ?? []) {
    for (const [side, key] of [
      ['input', 'price_per_input_token'],
      ['output', 'price_per_output_token'],
    ] as const) {
      rows.push([
        `${m.model_id} (${side})`,
        ...DENOMS_LARGEST_FIRST.map(([, exp]) => shiftDecimal(String(m[key] ?? '0'), exp)),
      ]);
    }
  }
  table($('models'), ['model', ...DENOMS_LARGEST_FIRST.map(([d]) => d)], rows, 'No priced models');
  drawExecutors();
  await refreshCoin(node);
}

let busy = false;
let pending = false;
let lastLive = 0;

/** One refresh at a time; a block arriving meanwhile queues exactly one more. */
async function refresh(): Promise<void> {
  if (busy) {
    pending = true;
    return;
  }
  busy = true;
  try {
    await refreshHistory();
    if (Date.now() - lastLive >= LIVE_EVERY_MS) {
      lastLive = Date.now();
      await refreshLive();
    }
    $('live').textContent = `updated at height ${state.height}${socketOpen ? ' · live' : ' · polling'}`;
    $('live').dataset.socket = socketOpen ? 'open' : 'closed';
  } catch (e) {
    $('live').textContent = `refresh failed: ${(e as Error).message}`;
  } finally {
    busy = false;
    if (pending) {
      pending = false;
      void refresh();
    }
  }
}

let socketOpen = false;
let lastPush = 0;

function connect(rpcPort: number): void {
  const ws = new WebSocket(`ws://${location.hostname}:${rpcPort}/websocket`);
  ws.onopen = () => {
    socketOpen = true;
    ws.send(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: { query: "tm.event='NewBlockHeader'" } }),
    );
  };
  ws.onmessage = (m) => {
    const h = Number(JSON.parse(String(m.data))?.result?.data?.value?.header?.height);
    if (!Number.isFinite(h) || h <= 0) return;
    lastPush = Date.now();
    showHeight(h);
    void refresh();
  };
  ws.onclose = () => {
    socketOpen = false;
    setTimeout(() => connect(rpcPort), 5000);
  };
}

async function main(): Promise<void> {
  lastLive = Date.now();
  await refreshLive().catch((e: unknown) => ($('live').textContent = `node unreachable: ${(e as Error).message}`));
  await refresh();
  if (state.node?.rpc_port) connect(state.node.rpc_port);
  // Polling covers a closed socket (and a proxy that only forwards the REST port).
  setInterval(() => {
    if (Date.now() - lastPush > POLL_EVERY_MS) void refresh();
  }, POLL_EVERY_MS);
  window.addEventListener('resize', () => Object.values(charts).forEach((c) => c.resize()));
}

void main();
