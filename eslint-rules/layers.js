/**
 * The layer rule: a folder never imports from a folder above it. Each relative import (static, re-export or dynamic)
 * is resolved to a repository path and checked against LAYERS; package imports are not this rule's business.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** Folder → folders it must not import from, with the reason shown in the error. Later folders add to earlier ones. */
export const LAYERS = [
  {
    from: 'chain/',
    forbid: ['modules/', 'race/', 'node/'],
    why: 'the chain engine knows no module, no race and no node',
  },
  { from: 'modules/', forbid: ['node/'], why: 'modules are state machines the node wires, not the other way round' },
  {
    from: 'race/engine/',
    forbid: ['chain/app/', 'chain/store/', 'chain/consensus/', 'modules/', 'race/module/', 'node/'],
    why: "the race engine is pure computation, below the chain's state machine",
  },
  {
    from: 'race/beacon/',
    forbid: ['chain/app/', 'chain/store/', 'chain/consensus/', 'modules/', 'race/module/', 'node/'],
    why: "the beacon is pure protocol logic, below the chain's state machine",
  },
  {
    from: 'chain/types/',
    forbid: [
      'chain/app/',
      'chain/block/',
      'chain/blockstore/',
      'chain/blocksync/',
      'chain/consensus/',
      'chain/crypto/',
      'chain/events/',
      'chain/mempool/',
      'chain/p2p/',
      'chain/store/',
      'chain/tx/',
      'chain/txindex/',
    ],
    why: 'chain/types is the bottom layer',
  },
  {
    from: 'chain/block/',
    forbid: [
      'chain/app/',
      'chain/blockstore/',
      'chain/blocksync/',
      'chain/consensus/',
      'chain/events/',
      'chain/mempool/',
      'chain/p2p/',
      'chain/txindex/',
    ],
    why: 'chain/block sits below consensus and the block store',
  },
  {
    from: 'chain/blockstore/',
    forbid: ['chain/consensus/', 'chain/blocksync/'],
    why: 'the block store sits below consensus and block sync',
  },
  { from: 'chain/events/', forbid: ['chain/txindex/'], why: 'the tx indexer reads events, not the other way round' },
];

function check(context, node, source) {
  if (typeof source !== 'string' || !source.startsWith('.')) return;
  const file = path.relative(ROOT, context.filename).split(path.sep).join('/');
  const target = path
    .relative(ROOT, path.resolve(path.dirname(context.filename), source))
    .split(path.sep)
    .join('/');
  for (const layer of LAYERS) {
    if (!file.startsWith(layer.from)) continue;
    const hit = layer.forbid.find((f) => target.startsWith(f));
    if (hit) context.report({ node, message: `${layer.from} must not import from ${hit} (${layer.why}): ${source}` });
  }
}

export default {
  meta: { type: 'problem', docs: { description: 'a folder never imports from a folder above it' }, schema: [] },
  create(context) {
    const fromSource = (node) => node.source && check(context, node.source, node.source.value);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => node.source.type === 'Literal' && check(context, node.source, node.source.value),
    };
  },
};
