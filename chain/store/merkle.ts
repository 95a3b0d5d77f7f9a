import { sha256 } from '@noble/hashes/sha2.js';

/**
 * A sparse Merkle tree over sha256(key) with shortcut leaves (a subtree holding one entry is that entry's leaf, at
 * any depth), so the tree's shape depends only on the set of keys, never on insertion order. An update touches
 * O(log n) nodes and hashes are recomputed lazily, only along dirty paths, when root() is asked: the cost of a block's
 * app hash grows with the keys the block changed, not with the size of the state.
 *
 *   leaf  = sha256(0x00 ‖ sha256(key) ‖ sha256(value))
 *   inner = sha256(0x01 ‖ left ‖ right),  empty = 32 zero bytes
 */
interface Leaf {
  readonly kind: 0;
  readonly path: Uint8Array;
  readonly hash: Uint8Array;
}

interface Inner {
  readonly kind: 1;
  left: Node | null;
  right: Node | null;
  hash: Uint8Array | null;
}

type Node = Leaf | Inner;

/** One sha256 of the concatenated parts. */
export type Hasher = (...parts: Uint8Array[]) => Uint8Array;

export interface MerkleTreeDeps {
  /** Replaceable so tests can count hash work; must compute sha256 or the app hash changes. */
  hash?: Hasher;
}

const sha256Hasher: Hasher = (...parts) => {
  const h = sha256.create();
  for (const part of parts) h.update(part);
  return h.digest();
};

export const EMPTY_ROOT = new Uint8Array(32);
const LEAF_TAG = Uint8Array.of(0);
const INNER_TAG = Uint8Array.of(1);

function bit(path: Uint8Array, depth: number): number {
  return (path[depth >> 3]! >> (7 - (depth & 7))) & 1;
}

function samePath(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return false;
  return true;
}

function leafOf(hash: Hasher, key: Uint8Array, value: Uint8Array): Leaf {
  const path = hash(key);
  return { kind: 0, path, hash: hash(LEAF_TAG, path, hash(value)) };
}

function split(a: Leaf, b: Leaf, depth: number): Inner {
  const ba = bit(a.path, depth);
  const bb = bit(b.path, depth);
  if (ba !== bb)
    return ba === 0 ? { kind: 1, left: a, right: b, hash: null } : { kind: 1, left: b, right: a, hash: null };
  const child = split(a, b, depth + 1);
  return ba === 0
    ? { kind: 1, left: child, right: null, hash: null }
    : { kind: 1, left: null, right: child, hash: null };
}

function insert(node: Node | null, depth: number, leaf: Leaf): Node {
  if (node === null) return leaf;
  if (node.kind === 0) return samePath(node.path, leaf.path) ? leaf : split(node, leaf, depth);
  if (bit(leaf.path, depth) === 0) node.left = insert(node.left, depth + 1, leaf);
  else node.right = insert(node.right, depth + 1, leaf);
  node.hash = null;
  return node;
}

function remove(node: Node | null, depth: number, path: Uint8Array): Node | null {
  if (node === null) return null;
  if (node.kind === 0) return samePath(node.path, path) ? null : node;
  if (bit(path, depth) === 0) node.left = remove(node.left, depth + 1, path);
  else node.right = remove(node.right, depth + 1, path);
  node.hash = null;
  // Keep the shape canonical: a lone leaf moves up to take its parent's place.
  if (node.left === null && node.right === null) return null;
  if (node.left === null && node.right!.kind === 0) return node.right;
  if (node.right === null && node.left!.kind === 0) return node.left;
  return node;
}

function hashOf(hash: Hasher, node: Node | null): Uint8Array {
  if (node === null) return EMPTY_ROOT;
  if (node.kind === 0) return node.hash;
  if (node.hash === null) node.hash = hash(INNER_TAG, hashOf(hash, node.left), hashOf(hash, node.right));
  return node.hash;
}

export class MerkleTree {
  private root: Node | null = null;
  private readonly hash: Hasher;

  constructor(deps: MerkleTreeDeps = {}) {
    this.hash = deps.hash ?? sha256Hasher;
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.root = insert(this.root, 0, leafOf(this.hash, key, value));
  }

  delete(key: Uint8Array): void {
    this.root = remove(this.root, 0, this.hash(key));
  }

  rootHash(): Uint8Array {
    return hashOf(this.hash, this.root);
  }
}
