import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import {
  consistencyProofRanges,
  emptyRoot,
  entryLeafHash,
  fromHex,
  hashChildren,
  hashLeaf,
  inclusionProofRanges,
  nodesCompletedBy,
  nodesFor,
  proofHashes,
  rootFromLeaves,
  siblingsForAppend,
  toHex,
  treeHead,
  verifyConsistency,
  verifyInclusion,
  type Hash,
  type NodeGetter,
} from "./merkle.ts";

// The leaf inputs and roots of RFC 6962's reference tree, as used by the certificate-transparency
// implementations' test suites (google/certificate-transparency-go, merkle/testonly).
const RFC_LEAVES = ["", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"];
const RFC_ROOTS = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
];

/** An independent tree: every node of every level built bottom-up, straight from the leaves. */
function naiveTree(leaves: Hash[]) {
  // MTH by RFC 6962's definition, memoised on ranges.
  const memo = new Map<string, Hash>();
  function mth(start: number, end: number): Hash {
    const key = `${start}:${end}`;
    const hit = memo.get(key);
    if (hit) return hit;
    let value: Hash;
    if (end - start === 1) value = leaves[start]!;
    else {
      let k = 1;
      while (k * 2 < end - start) k *= 2;
      value = hashChildren(mth(start, start + k), mth(start + k, end));
    }
    memo.set(key, value);
    return value;
  }
  const node: NodeGetter = (level, index) => mth(index * 2 ** level, (index + 1) * 2 ** level);
  return { mth, node };
}

/** A store like the database's: only the nodes `nodesCompletedBy` wrote, appended one leaf at a time. */
function incrementalStore(leaves: Hash[]) {
  const nodes = new Map<string, Hash>();
  const node: NodeGetter = (level, index) => {
    const hash = nodes.get(`${level}:${index}`);
    if (!hash) throw new Error(`node ${level}:${index} was never stored`);
    return hash;
  };
  leaves.forEach((leaf, index) => {
    for (const written of nodesCompletedBy(index, leaf, node))
      nodes.set(`${written.level}:${written.index}`, written.hash);
  });
  return { nodes, node };
}

function leavesOf(n: number, salt = "leaf"): Hash[] {
  return Array.from({ length: n }, (_, i) => hashLeaf(Buffer.from(`${salt}-${i}`)));
}

describe("the record's Merkle tree (RFC 6962)", () => {
  test("the empty tree's root is SHA-256 of nothing", () => {
    expect(toHex(emptyRoot())).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(toHex(rootFromLeaves([]))).toBe(toHex(emptyRoot()));
  });

  test("roots match the RFC 6962 reference vectors at every size", () => {
    const leaves = RFC_LEAVES.map((hex) => hashLeaf(fromHex(hex)));
    for (let n = 1; n <= leaves.length; n += 1) {
      expect(toHex(rootFromLeaves(leaves.slice(0, n)))).toBe(RFC_ROOTS[n - 1]);
      const store = incrementalStore(leaves.slice(0, n));
      expect(toHex(treeHead(n, store.node))).toBe(RFC_ROOTS[n - 1]);
    }
  });

  test("a record entry's leaf is SHA-256(0x00 || the 32 bytes of its hash)", () => {
    const entryHash = createHash("sha256").update("entry").digest("hex");
    const expected = createHash("sha256")
      .update(Buffer.concat([Buffer.of(0), Buffer.from(entryHash, "hex")]))
      .digest("hex");
    expect(toHex(entryLeafHash(entryHash))).toBe(expected);
    expect(() => entryLeafHash("not-a-hash")).toThrow();
  });

  test("appending one leaf at a time stores about two nodes per leaf and gives every root", () => {
    const leaves = leavesOf(300);
    const store = incrementalStore(leaves);
    expect(store.nodes.size).toBe(2 * 300 - 4); // 300 = 256 + 32 + 8 + 4: one node short per set bit
    for (let n = 1; n <= leaves.length; n += 1) {
      expect(toHex(treeHead(n, store.node))).toBe(toHex(rootFromLeaves(leaves.slice(0, n))));
    }
    expect(siblingsForAppend(7)).toEqual([
      { level: 0, index: 6 },
      { level: 1, index: 2 },
      { level: 2, index: 0 },
    ]);
  });

  test("inclusion proofs for every leaf of trees up to 70 leaves match the naive tree and verify", () => {
    const leaves = leavesOf(70);
    const naive = naiveTree(leaves);
    const store = incrementalStore(leaves);
    for (let size = 1; size <= leaves.length; size += 1) {
      const root = naive.mth(0, size);
      for (let index = 0; index < size; index += 1) {
        const ranges = inclusionProofRanges(index, size);
        const proof = proofHashes(ranges, store.node);
        expect(proof.map(toHex)).toEqual(ranges.map((r) => toHex(naive.mth(r.start, r.end))));
        expect(verifyInclusion(index, size, leaves[index]!, proof, root)).toBe(true);
        // Another leaf, another index or another root does not verify. (The size is bound by the
        // signed checkpoint: the same path may read as a proof in a tree of another size.)
        expect(verifyInclusion(index, size, leaves[(index + 1) % leaves.length]!, proof, root)).toBe(false);
        if (size > 1) expect(verifyInclusion((index + 1) % size, size, leaves[index]!, proof, root)).toBe(false);
        expect(verifyInclusion(index, size, leaves[index]!, proof, naive.mth(0, size === 1 ? 2 : size - 1))).toBe(
          false,
        );
      }
    }
  });

  test("consistency proofs between every pair of sizes up to 70 leaves verify, and tampered ones do not", () => {
    const leaves = leavesOf(70);
    const other = leavesOf(70, "forged");
    const naive = naiveTree(leaves);
    const store = incrementalStore(leaves);
    for (let second = 1; second <= leaves.length; second += 1) {
      for (let first = 1; first <= second; first += 1) {
        const ranges = consistencyProofRanges(first, second);
        const proof = proofHashes(ranges, store.node);
        expect(proof.map(toHex)).toEqual(ranges.map((r) => toHex(naive.mth(r.start, r.end))));
        const r1 = naive.mth(0, first);
        const r2 = naive.mth(0, second);
        expect(verifyConsistency(first, second, r1, r2, proof)).toBe(true);
        if (first < second) {
          // A first tree that differs in its last leaf is not a prefix of the second.
          const forgedFirst = rootFromLeaves([...leaves.slice(0, first - 1), other[first - 1]!]);
          expect(verifyConsistency(first, second, forgedFirst, r2, proof)).toBe(false);
          // Nor is the second tree with a different last leaf a continuation... of this proof.
          const forgedSecond = rootFromLeaves([...leaves.slice(0, second - 1), other[second - 1]!]);
          expect(verifyConsistency(first, second, r1, forgedSecond, proof)).toBe(false);
          expect(verifyConsistency(first, second, r1, r2, proof.slice(1))).toBe(false);
          expect(verifyConsistency(first, second, r1, r2, [])).toBe(false);
        }
      }
    }
    expect(verifyConsistency(0, 5, emptyRoot(), naive.mth(0, 5), [])).toBe(true);
    expect(verifyConsistency(5, 4, naive.mth(0, 5), naive.mth(0, 4), [])).toBe(false);
  });

  test("proofs verify for every entry of a 10,000-entry record; a leaf not in the tree has none that verifies", () => {
    const size = 10_000;
    const leaves = Array.from({ length: size }, (_, i) =>
      entryLeafHash(
        createHash("sha256")
          .update(`entry ${i + 1}`)
          .digest("hex"),
      ),
    );
    const store = incrementalStore(leaves);
    const root = treeHead(size, store.node);
    expect(toHex(root)).toBe(toHex(rootFromLeaves(leaves)));
    const stranger = entryLeafHash(createHash("sha256").update("never appended").digest("hex"));
    for (let index = 0; index < size; index += 1) {
      const proof = proofHashes(inclusionProofRanges(index, size), store.node);
      expect(verifyInclusion(index, size, leaves[index]!, proof, root)).toBe(true);
      if (index % 97 === 0) expect(verifyInclusion(index, size, stranger, proof, root)).toBe(false);
    }
    // Nor can a proof be asked for a leaf beyond the tree.
    expect(() => inclusionProofRanges(size, size)).toThrow(RangeError);
    expect(verifyInclusion(size, size, stranger, [], root)).toBe(false);
  });

  test("a proof reads O(log² n) stored nodes", () => {
    const ranges = [...inclusionProofRanges(12_345, 1_000_003), ...consistencyProofRanges(777_777, 1_000_003)];
    expect(nodesFor(ranges).length).toBeLessThan(20 * 20);
  });
});
