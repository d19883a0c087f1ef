import { beforeEach, describe, expect, test } from "vitest";
import { prisma } from "~/utils/db.server.ts";
import { appendAct, entryHash, GENESIS_HASH, recordAct, verifyLedger, votePseudonym } from "./ledger.server.ts";

async function seedChain(n: number) {
  for (let i = 0; i < n; i += 1) {
    await recordAct({
      kind: "proposal.published",
      subjectType: "proposal",
      subjectId: `p${i}`,
      actorId: `u${i}`,
      data: { i },
    });
  }
}

describe("the public record", () => {
  beforeEach(async () => {
    await prisma().ledgerEntry.deleteMany();
  });

  test("an empty record verifies", async () => {
    expect(await verifyLedger()).toEqual({ ok: true, count: 0, head: null });
  });

  test("entries chain from the genesis hash and verify", async () => {
    await seedChain(5);
    const rows = await prisma().ledgerEntry.findMany({ orderBy: { seq: "asc" } });
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < rows.length; i += 1) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    const result = await verifyLedger();
    expect(result).toMatchObject({ ok: true, count: 5, head: { seq: 5, hash: rows[4]!.hash } });
  });

  test("changing a stored entry is detected and named", async () => {
    await seedChain(5);
    await prisma().$executeRawUnsafe(`UPDATE "LedgerEntry" SET "data" = '{"i":99}' WHERE "seq" = 3`);
    expect(await verifyLedger()).toMatchObject({
      ok: false,
      broken: { seq: 3, reason: expect.stringMatching(/hash/) },
    });
  });

  test("changing an entry and recomputing its own hash is still detected at the next entry", async () => {
    await seedChain(5);
    const row = await prisma().ledgerEntry.findUniqueOrThrow({ where: { seq: 2 } });
    const forged = { ...row, actorId: "someone-else" };
    const { hash: _old, ...rest } = forged;
    await prisma().ledgerEntry.update({ where: { seq: 2 }, data: { actorId: "someone-else", hash: entryHash(rest) } });
    expect(await verifyLedger()).toMatchObject({ ok: false, broken: { seq: 3 } });
  });

  test("deleting an entry is detected and named", async () => {
    await seedChain(5);
    await prisma().ledgerEntry.delete({ where: { seq: 2 } });
    expect(await verifyLedger()).toMatchObject({
      ok: false,
      broken: { seq: 3, reason: expect.stringMatching(/missing/) },
    });
  });

  test("reordering entries is detected", async () => {
    await seedChain(5);
    // Swap entries 2 and 4 by renumbering them.
    await prisma().$executeRawUnsafe(`UPDATE "LedgerEntry" SET "seq" = -2 WHERE "seq" = 2`);
    await prisma().$executeRawUnsafe(`UPDATE "LedgerEntry" SET "seq" = 2 WHERE "seq" = 4`);
    await prisma().$executeRawUnsafe(`UPDATE "LedgerEntry" SET "seq" = 4 WHERE "seq" = -2`);
    expect(await verifyLedger()).toMatchObject({ ok: false, broken: { seq: 2 } });
  });

  test("200 concurrent acts make one unbroken chain", async () => {
    await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        recordAct({ kind: "vote.cast", subjectType: "proposal", subjectId: "p", pseudonym: `x${i}` }),
      ),
    );
    expect(await verifyLedger()).toMatchObject({ ok: true, count: 200 });
  });

  test("an act and its record commit together or not at all", async () => {
    await expect(
      prisma().$transaction(async (tx) => {
        await appendAct(tx, { kind: "vote.cast", subjectType: "proposal", subjectId: "p" });
        throw new Error("the act failed");
      }),
    ).rejects.toThrow("the act failed");
    expect(await prisma().ledgerEntry.count()).toBe(0);
  });

  test("vote pseudonyms are stable per person and subject and differ across them", async () => {
    const a1 = await votePseudonym("user-a", "proposal-1");
    expect(await votePseudonym("user-a", "proposal-1")).toBe(a1);
    expect(await votePseudonym("user-a", "proposal-2")).not.toBe(a1);
    expect(await votePseudonym("user-b", "proposal-1")).not.toBe(a1);
    expect(a1).not.toContain("user-a");
  });
});
