/**
 * Splits a node's CPU profile (node --cpu-prof; `bench:tx --cpu-prof DIR` writes one) into the stages of the tx path
 * of docs/performance.md: each sample goes to the first stage in the list below found anywhere on its stack.
 *
 *   node --import tsx scripts/profile-stages.ts <file.cpuprofile>
 */
import fs from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

type Match = (fn: string, url: string) => boolean;
const STAGES: Array<[string, Match]> = [
  ['consensus: propose (reap, build, validate, sign)', (f) => f === 'doPropose'],
  ['consensus: block store save', (f) => f === 'saveBlock'],
  ['consensus: finalizeBlock (pre-verify + DeliverTx)', (f, u) => f === 'finalizeBlock' && u.includes('base-app')],
  ['commit: tx index + results ops', (f) => f === 'commitOps'],
  ['commit: state store (merkle root, level batch)', (f, u) => f === 'commit' && u.includes('commit-store')],
  ['mempool: update + recheck', (f, u) => f === 'update' && u.includes('mempool/mempool')],
  ['admission: pre-verify (decode, sign bytes, dispatch)', (f) => f === 'preVerify'],
  ['CheckTx', (f, u) => f === 'checkTx' && u.includes('mempool/mempool')],
  ['events: websocket / JSON rendering', (_f, u) => u.includes('chain/events/') || u.includes('rpc/websocket')],
  ['rpc: HTTP + JSON-RPC decode/encode', (_f, u) => u.includes('node/rpc/')],
  ['consensus: votes, WAL, privval, gossip', (_f, u) => u.includes('chain/consensus/') || u.includes('chain/p2p')],
  ['p2p / libp2p', (_f, u) => u.includes('libp2p') || u.includes('gossipsub')],
  ['race service', (_f, u) => u.includes('node/race/')],
];

const p = JSON.parse(fs.readFileSync(process.argv[2]!, 'utf8')) as Profile;
const byId = new Map(p.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const totals = new Map<string, number>();
let total = 0;
let idle = 0;
p.samples.forEach((sample, i) => {
  const d = p.timeDeltas[i] ?? 0;
  total += d;
  if (byId.get(sample)!.callFrame.functionName === '(idle)') {
    idle += d;
    return;
  }
  const stack: ProfileNode[] = [];
  for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) stack.push(byId.get(id)!);
  const stage =
    STAGES.find(([, m]) => stack.some((n) => m(n.callFrame.functionName, n.callFrame.url)))?.[0] ??
    'other (GC, startup, module loading, misc)';
  totals.set(stage, (totals.get(stage) ?? 0) + d);
});
const lines = [`profile ${(total / 1e6).toFixed(1)} s, idle ${((100 * idle) / total).toFixed(1)} %`];
for (const [k, v] of [...totals].sort((a, b) => b[1] - a[1]))
  lines.push(`${((100 * v) / total).toFixed(1).padStart(5)} %  ${(v / 1e6).toFixed(2).padStart(6)} s  ${k}`);
process.stdout.write(lines.join('\n') + '\n');
