import { createHash } from "node:crypto";

/**
 * The Merkle tree over the public record (RFC 6962 §2.1, RFC 9162 §2.1), as pure functions: no
 * database, no server, so the standalone audit (`npm run ledger:audit`) imports this module alone.
 *
 * Leaves are the record's entries in order: leaf i is entry `seq = i + 1`, and its leaf input is the
 * 32 bytes of the entry's own hash (the SHA-256 of the entry's canonical JSON, which already binds
 * every field and the previous hash). Hashing follows RFC 6962: a leaf is SHA-256(0x00 || input),
 * an inner node SHA-256(0x01 || left || right), the empty tree SHA-256("").
 *
 * Stored trees keep one node per *perfect* subtree: level 0, index i is the leaf hash of leaf i;
 * level k, index i the root of leaves [i·2^k, (i+1)·2^k). Every hash a root or a proof needs is a
 * fold of such nodes (`rangeNodes`, `rangeHash`), so a store reads O(log² n) of them at most.
 */

export type Hash = Uint8Array;
export type NodeId = { level: number; index: number };
/** The stored perfect-subtree node at (level, index); must exist for every id `rangeNodes` names. */
export type NodeGetter = (level: number, index: number) => Hash;
/** A half-open range of leaves [start, end). */
export type Range = { start: number; end: number };

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

function sha256(...parts: Uint8Array[]): Hash {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/** RFC 6962 leaf hash: SHA-256(0x00 || input). */
export function hashLeaf(input: Uint8Array): Hash {
  return sha256(LEAF_PREFIX, input);
}

/** RFC 6962 inner node: SHA-256(0x01 || left || right). */
export function hashChildren(left: Hash, right: Hash): Hash {
  return sha256(NODE_PREFIX, left, right);
}

/** The root of the empty tree: SHA-256 of nothing. */
export function emptyRoot(): Hash {
  return sha256();
}

/** The leaf hash of a record entry, from the entry's hash (64 hex characters). */
export function entryLeafHash(entryHashHex: string): Hash {
  if (!/^[0-9a-f]{64}$/.test(entryHashHex)) throw new Error("an entry hash is 64 lowercase hex characters");
  return hashLeaf(fromHex(entryHashHex));
}

export function toHex(hash: Uint8Array): string {
  return Buffer.from(hash).toString("hex");
}

export function fromHex(hex: string): Hash {
  return new Uint8Array(Buffer.from(hex, "hex"));
}

export function toBase64(hash: Uint8Array): string {
  return Buffer.from(hash).toString("base64");
}

export function fromBase64(text: string): Hash {
  return new Uint8Array(Buffer.from(text, "base64"));
}

export function equalHashes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i += 1) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** The largest power of two strictly smaller than n (n ≥ 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}

function log2(n: number): number {
  return 31 - Math.clz32(n);
}

/**
 * The root of a list of leaf hashes, straight from RFC 6962's recursive definition of MTH. Quadratic
 * in nothing but slow for big trees: the reference the incremental and stored forms are tested
 * against, and what the audit uses on a whole export.
 */
export function rootFromLeaves(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return emptyRoot();
  return mth(leaves, 0, leaves.length);
}

function mth(leaves: readonly Hash[], start: number, end: number): Hash {
  if (end - start === 1) return leaves[start]!;
  const k = splitPoint(end - start);
  return hashChildren(mth(leaves, start, start + k), mth(leaves, start + k, end));
}

/**
 * The perfect-subtree nodes whose fold is MTH(leaves[start:end)), in the order `rangeHash` reads
 * them. A range of one leaf is its level-0 node; an aligned power-of-two range is one node.
 */
export function rangeNodes(range: Range): NodeId[] {
  const out: NodeId[] = [];
  collect(range.start, range.end);
  return out;

  function collect(start: number, end: number) {
    const size = end - start;
    if (size < 1) throw new Error(`empty range [${start}, ${end})`);
    if (isPowerOfTwo(size) && start % size === 0) {
      out.push({ level: log2(size), index: start / size });
      return;
    }
    const k = splitPoint(size);
    collect(start, start + k);
    collect(start + k, end);
  }
}

/** MTH(leaves[start:end)) from stored perfect-subtree nodes. */
export function rangeHash(range: Range, node: NodeGetter): Hash {
  return fold(range.start, range.end);

  function fold(start: number, end: number): Hash {
    const size = end - start;
    if (size < 1) throw new Error(`empty range [${start}, ${end})`);
    if (isPowerOfTwo(size) && start % size === 0) return node(log2(size), start / size);
    const k = splitPoint(size);
    return hashChildren(fold(start, start + k), fold(start + k, end));
  }
}

/** The range whose hash is the tree head of a tree of `size` leaves (none for the empty tree). */
export function headRange(size: number): Range[] {
  return size === 0 ? [] : [{ start: 0, end: size }];
}

/** The root of a tree of `size` leaves from stored nodes. */
export function treeHead(size: number, node: NodeGetter): Hash {
  return size === 0 ? emptyRoot() : rangeHash({ start: 0, end: size }, node);
}

/**
 * The ranges whose hashes make the inclusion proof (audit path) of leaf `index` in a tree of
 * `size` leaves, bottom first: RFC 6962 §2.1.1, PATH(m, D[n]).
 */
export function inclusionProofRanges(index: number, size: number): Range[] {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) {
    throw new RangeError(`leaf ${index} is not in a tree of ${size} leaves`);
  }
  return path(index, 0, size);

  function path(m: number, start: number, end: number): Range[] {
    if (end - start === 1) return [];
    const k = splitPoint(end - start);
    return m < start + k
      ? [...path(m, start, start + k), { start: start + k, end }]
      : [...path(m, start + k, end), { start, end: start + k }];
  }
}

/**
 * The ranges whose hashes make the consistency proof from a tree of `first` leaves to one of
 * `second` leaves: RFC 6962 §2.1.2, PROOF(m, D[n]). Empty when the sizes are equal or `first` is 0.
 */
export function consistencyProofRanges(first: number, second: number): Range[] {
  if (!Number.isInteger(first) || !Number.isInteger(second) || first < 0 || first > second) {
    throw new RangeError(`no consistency proof from ${first} to ${second} leaves`);
  }
  if (first === 0 || first === second) return [];
  return subproof(first, 0, second, true);

  function subproof(m: number, start: number, end: number, whole: boolean): Range[] {
    if (m === end) return whole ? [] : [{ start, end }];
    const k = splitPoint(end - start);
    return m <= start + k
      ? [...subproof(m, start, start + k, whole), { start: start + k, end }]
      : [...subproof(m, start + k, end, false), { start, end: start + k }];
  }
}

/** Every stored node the given ranges need, each once. */
export function nodesFor(ranges: readonly Range[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const range of ranges) {
    for (const id of rangeNodes(range)) seen.set(`${id.level}:${id.index}`, id);
  }
  return [...seen.values()];
}

/** The hashes of proof ranges, from stored nodes. */
export function proofHashes(ranges: readonly Range[], node: NodeGetter): Hash[] {
  return ranges.map((range) => rangeHash(range, node));
}

/**
 * RFC 9162 §2.1.3.2: whether `proof` shows that `leafHash` is leaf `index` of the tree of `size`
 * leaves whose root is `root`.
 */
export function verifyInclusion(index: number, size: number, leafHash: Hash, proof: readonly Hash[], root: Hash) {
  if (!Number.isInteger(index) || !Number.isInteger(size) || index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leafHash;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = hashChildren(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equalHashes(r, root);
}

/**
 * RFC 9162 §2.1.4.2: whether `proof` shows that the tree of `first` leaves with root `firstRoot` is
 * a prefix of the tree of `second` leaves with root `secondRoot`. Equal sizes need an empty proof
 * and equal roots; from the empty tree every tree is consistent.
 */
export function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Hash,
  secondRoot: Hash,
  proof: readonly Hash[],
): boolean {
  if (!Number.isInteger(first) || !Number.isInteger(second) || first < 0 || first > second) return false;
  if (first === second) return proof.length === 0 && equalHashes(firstRoot, secondRoot);
  if (first === 0) return proof.length === 0 && equalHashes(firstRoot, emptyRoot());
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(first) ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return equalHashes(fr, firstRoot) && equalHashes(sr, secondRoot) && sn === 0;
}

/**
 * The nodes that appending leaf `index` (with hash `leafHash`) to a tree of `index` leaves
 * completes: its own level-0 node and, for each perfect subtree it closes, the subtree's root.
 * `siblingsForAppend(index)` names the stored left siblings it reads.
 */
export function nodesCompletedBy(index: number, leafHash: Hash, node: NodeGetter): (NodeId & { hash: Hash })[] {
  const out: (NodeId & { hash: Hash })[] = [{ level: 0, index, hash: leafHash }];
  let hash = leafHash;
  for (const sibling of siblingsForAppend(index)) {
    hash = hashChildren(node(sibling.level, sibling.index), hash);
    out.push({ level: sibling.level + 1, index: sibling.index / 2, hash });
  }
  return out;
}

/** The left siblings, bottom first, whose subtrees leaf `index` closes into bigger ones. */
export function siblingsForAppend(index: number): NodeId[] {
  const out: NodeId[] = [];
  let level = 0;
  let i = index;
  while (i % 2 === 1) {
    out.push({ level, index: i - 1 });
    i = (i - 1) / 2;
    level += 1;
  }
  return out;
}
