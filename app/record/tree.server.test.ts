import { beforeEach, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { appendAct, recordAct, verifyLedger } from "./ledger.server.ts";
import { entryLeafHash, rootFromLeaves, toHex, treeHead } from "./merkle.ts";
import { catchUpTree, nodesForRanges, storedTreeSize } from "./tree.server.ts";

async function act(i: number) {
  return recordAct({ kind: "proposal.published", subjectType: "proposal", subjectId: `p${i}`, actorId: `u${i}` });
}

/** The stored tree's head at `size`, and the head recomputed from the chain's entries. */
async function heads(size: number) {
  const entries = await prisma().ledgerEntry.findMany({ orderBy: { seq: "asc" }, take: size });
  const expected = toHex(rootFromLeaves(entries.map((e) => entryLeafHash(e.hash))));
  const stored = toHex(treeHead(size, await nodesForRanges([{ start: 0, end: size }])));
  return { stored, expected };
}

describe("the record's stored Merkle tree", () => {
  beforeEach(async () => {
    await prisma().ledgerEntry.deleteMany();
    await prisma().ledgerTreeNode.deleteMany();
  });

  test("each append writes its leaf and the nodes it completes, and every head matches the chain", async () => {
    for (let i = 1; i <= 37; i += 1) {
      await act(i);
      expect(await storedTreeSize()).toBe(i);
      const { stored, expected } = await heads(i);
      expect(stored).toBe(expected);
    }
    // 37 = 32 + 4 + 1 leaves: 2·37 − 3 perfect subtrees.
    expect(await prisma().ledgerTreeNode.count()).toBe(2 * 37 - 3);
  });

  test("an act that fails leaves neither an entry nor a tree node", async () => {
    await act(1);
    await expect(
      prisma().$transaction(async (tx) => {
        await appendAct(tx, { kind: "vote.cast", subjectType: "proposal", subjectId: "p" });
        throw new Error("the act failed");
      }),
    ).rejects.toThrow("the act failed");
    expect(await storedTreeSize()).toBe(1);
    expect(await prisma().ledgerTreeNode.count()).toBe(1);
  });

  test("a record older than its tree catches up, on the next append or on its own", async () => {
    for (let i = 1; i <= 10; i += 1) await act(i);
    await prisma().ledgerTreeNode.deleteMany();
    await act(11);
    expect(await storedTreeSize()).toBe(11);
    expect((await heads(11)).stored).toBe((await heads(11)).expected);

    // The tree of the first 3 entries only: [0,2) at level 1 and leaf 2.
    await prisma().ledgerTreeNode.deleteMany({
      where: { OR: [{ level: 0, idx: { gte: 3 } }, { level: 1, idx: { gte: 1 } }, { level: { gte: 2 } }] },
    });
    expect(await prisma().ledgerTreeNode.count()).toBe(4);
    expect(await catchUpTree(prisma(), 4)).toBe(11);
    expect(await storedTreeSize()).toBe(11);
    expect((await heads(11)).stored).toBe((await heads(11)).expected);
  });

  test("a chain cut shorter than its tree gets its tree cut back on the next append", async () => {
    for (let i = 1; i <= 9; i += 1) await act(i);
    await prisma().ledgerEntry.deleteMany({ where: { seq: { gt: 5 } } });
    await act(6);
    expect(await storedTreeSize()).toBe(6);
    expect((await heads(6)).stored).toBe((await heads(6)).expected);
  });

  test("200 concurrent acts keep the tree and the chain consistent", async () => {
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        recordAct({ kind: "vote.cast", subjectType: "proposal", subjectId: "p", pseudonym: `x${i}` }),
      ),
    );
    expect(await verifyLedger()).toMatchObject({ ok: true, count: 200 });
    expect(await storedTreeSize()).toBe(200);
    const { stored, expected } = await heads(200);
    expect(stored).toBe(expected);
    // 200 = 128 + 64 + 8: 2·200 − 3 nodes, none written twice or left out.
    expect(await prisma().ledgerTreeNode.count()).toBe(2 * 200 - 3);
  });
});
