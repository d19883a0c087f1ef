import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { ProposalSort } from "./proposal-list.server.ts";
import { createPlanWithCommitment, createUser, useTestDatabase } from "../../tests/support/factories.ts";
import { verifyLedger } from "~/record/ledger.server.ts";
import { castVote } from "./support.server.ts";
import { decodeCursor, InvalidCursorError, listProposals } from "./proposal-list.server.ts";

// Keyset pagination of the proposal list on a real SQLite database: the order is total and stable
// with ties on every key, next and previous cursors walk the same pages both ways, old page numbers
// land on the same rows, and a cursor we did not make is refused. And votes: rows, count and public
// record stay exact under concurrent votes and retries.

type Row = { id: string; createdAt: Date; voteCount: number; commentCount: number };

/** 47 proposals with heavy ties: 5 distinct creation times, 4 vote counts, 3 comment counts. */
async function seedTies(planId: string, authorId: string, word: string): Promise<Row[]> {
  const prisma = await useTestDatabase();
  const base = Date.UTC(2027, 0, 10, 12);
  const rows: Row[] = Array.from({ length: 47 }, (_, i) => ({
    id: `p-${word}-${String((i * 37) % 47).padStart(2, "0")}-${randomUUID().slice(0, 4)}`,
    createdAt: new Date(base - (i % 5) * 60_000),
    voteCount: i % 4,
    commentCount: i % 3,
  }));
  await prisma.proposal.createMany({
    data: rows.map((r) => ({
      ...r,
      planId,
      authorId,
      title: `Propuesta ${word} ${r.id}`,
      body: "Texto de prueba de la propuesta.",
      searchText: `propuesta ${word} ${r.id}`,
    })),
  });
  return rows;
}

/** The order each sort promises, computed here (not by the database): keys descending, then id. */
function expectedOrder(rows: Row[], sort: ProposalSort): string[] {
  const key = (r: Row): (number | string)[] =>
    sort === "support"
      ? [r.voteCount, r.createdAt.getTime(), r.id]
      : sort === "discussion"
        ? [r.commentCount, r.createdAt.getTime(), r.id]
        : [r.createdAt.getTime(), r.id];
  return [...rows]
    .sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      for (let i = 0; i < ka.length; i++) {
        if (ka[i]! < kb[i]!) return 1;
        if (ka[i]! > kb[i]!) return -1;
      }
      return 0;
    })
    .map((r) => r.id);
}

describe("proposal list, keyset pagination", () => {
  it("walks every order forwards and backwards through ties, with positions, matching page numbers", async () => {
    const author = await createUser();
    const { plan } = await createPlanWithCommitment();
    const word = `lazo${randomUUID().slice(0, 6)}`;
    const rows = await seedTies(plan.id, author.id, word);
    for (const sort of ["recent", "support", "discussion"] as const) {
      const filters = { planId: plan.id, q: word, sort, pageSize: 10 };
      const forward: string[][] = [];
      const cursors: (string | null)[] = [];
      let cursor: string | undefined;
      for (;;) {
        const page = await listProposals({ ...filters, cursor });
        expect(page.total).toBe(47);
        expect(page.from).toBe(forward.length * 10 + 1);
        expect(page.to).toBe(Math.min(forward.length * 10 + 10, 47));
        forward.push(page.items.map((p) => p.id));
        cursors.push(page.prevCursor);
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      expect(forward.flat()).toEqual(expectedOrder(rows, sort));
      expect(forward.map((p) => p.length)).toEqual([10, 10, 10, 10, 7]);
      expect(cursors[0]).toBeNull();

      // Back from the last page by the previous cursors: the same pages, in reverse.
      let back = cursors.at(-1)!;
      for (let i = forward.length - 2; i >= 0; i--) {
        const page = await listProposals({ ...filters, cursor: back });
        expect(page.items.map((p) => p.id)).toEqual(forward[i]);
        expect(page.from).toBe(i * 10 + 1);
        if (i === 0) expect(page.prevCursor).toBeNull();
        else back = page.prevCursor!;
        expect(page.nextCursor).not.toBeNull();
      }

      // An old page number lands on the same rows, and carries cursors onwards.
      const third = await listProposals({ ...filters, page: 3 });
      expect(third.items.map((p) => p.id)).toEqual(forward[2]);
      const fourth = await listProposals({ ...filters, cursor: third.nextCursor! });
      expect(fourth.items.map((p) => p.id)).toEqual(forward[3]);
    }
  });

  it("keeps the next page stable when proposals arrive meanwhile (an offset would repeat rows)", async () => {
    const prisma = await useTestDatabase();
    const author = await createUser();
    const { plan } = await createPlanWithCommitment();
    const word = `nuevo${randomUUID().slice(0, 6)}`;
    const rows = await seedTies(plan.id, author.id, word);
    const filters = { planId: plan.id, q: word, sort: "recent" as const, pageSize: 10 };
    const first = await listProposals(filters);
    await prisma.proposal.createMany({
      data: Array.from({ length: 3 }, (_, i) => ({
        planId: plan.id,
        authorId: author.id,
        title: `Recién llegada ${i}`,
        body: "Texto de prueba de la propuesta.",
        searchText: `recien llegada ${word} ${i}`,
      })),
    });
    const second = await listProposals({ ...filters, cursor: first.nextCursor! });
    expect(second.items.map((p) => p.id)).toEqual(expectedOrder(rows, "recent").slice(10, 20));
  });

  it("refuses cursors it did not make, or made for another order", async () => {
    const author = await createUser();
    const { plan } = await createPlanWithCommitment();
    const word = `malo${randomUUID().slice(0, 6)}`;
    await seedTies(plan.id, author.id, word);
    const page = await listProposals({ planId: plan.id, q: word, sort: "support", pageSize: 10 });
    const good = page.nextCursor!;
    expect(decodeCursor(good, "support").dir).toBe("n");
    const forge = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const bad = [
      "not a cursor",
      "%%%",
      "A".repeat(401),
      Buffer.from("{not json").toString("base64url"),
      forge({ v: 1 }),
      forge([2, "support", "n", 10, 3, "2027-01-10T12:00:00.000Z", "x"]),
      forge([1, "support", "x", 10, 3, "2027-01-10T12:00:00.000Z", "x"]),
      forge([1, "support", "n", -1, 3, "2027-01-10T12:00:00.000Z", "x"]),
      forge([1, "support", "n", 10, "3", "2027-01-10T12:00:00.000Z", "x"]),
      forge([1, "support", "n", 10, 3, "not a date", "x"]),
      forge([1, "support", "n", 10, 3, "2027-01-10T12:00:00.000Z", ""]),
      forge([1, "support", "n", 10, 3, "2027-01-10T12:00:00.000Z"]),
      forge([1, "support", "n", 10, 3, "2027-01-10T12:00:00.000Z", { id: 1 }]),
    ];
    for (const cursor of bad) {
      await expect(listProposals({ planId: plan.id, q: word, sort: "support", cursor })).rejects.toBeInstanceOf(
        InvalidCursorError,
      );
    }
    // A support cursor on another order is refused too (discussion has as many keys as support).
    await expect(listProposals({ planId: plan.id, q: word, sort: "discussion", cursor: good })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    await expect(listProposals({ planId: plan.id, q: word, sort: "recent", cursor: good })).rejects.toBeInstanceOf(
      InvalidCursorError,
    );
    // And the good one still works.
    expect(
      (await listProposals({ planId: plan.id, q: word, sort: "support", pageSize: 10, cursor: good })).items,
    ).toHaveLength(10);
  });
});

describe("votes", () => {
  it("keeps rows, count and public record exact under concurrent votes and retries", async () => {
    const prisma = await useTestDatabase();
    const { plan } = await createPlanWithCommitment();
    await prisma.plan.update({
      where: { id: plan.id },
      data: {
        participationOpensAt: new Date(Date.now() - 60_000),
        participationClosesAt: new Date(Date.now() + 3_600_000),
      },
    });
    const author = await createUser();
    const proposal = await prisma.proposal.create({
      data: { planId: plan.id, authorId: author.id, title: "Votada", body: "Texto de prueba.", searchText: "votada" },
    });
    const voters = await Promise.all(Array.from({ length: 30 }, () => createUser()));
    const actors = voters.map((v) => ({ ...v, memberships: [] }));
    // Every voter votes three times at once, with another transaction open meanwhile; on a new
    // database the first votes also race to create the record's pseudonym key.
    const results = await Promise.all([
      ...actors.flatMap((actor) => [
        castVote(actor, proposal.id),
        castVote(actor, proposal.id),
        castVote(actor, proposal.id),
      ]),
      prisma.$transaction(async (tx) => {
        await tx.proposal.update({ where: { id: proposal.id }, data: { title: "Votada (editada)" } });
        await new Promise((resolve) => setTimeout(resolve, 20));
      }),
    ]);
    const votes = results.slice(0, 90) as Awaited<ReturnType<typeof castVote>>[];
    expect(votes.every((r) => r.ok)).toBe(true);
    expect(votes.filter((r) => r.ok && r.changed)).toHaveLength(30);
    const stored = await prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(stored.voteCount).toBe(30);
    expect(stored.title).toBe("Votada (editada)");
    expect(await prisma.proposalVote.count({ where: { proposalId: proposal.id } })).toBe(30);
    const entries = await prisma.ledgerEntry.findMany({ where: { subjectId: proposal.id, kind: "vote.cast" } });
    expect(entries).toHaveLength(30);
    expect(new Set(entries.map((e) => e.pseudonym)).size).toBe(30);
    // Written outside Prisma, read back through it: dates are dates, and the chain verifies.
    expect(entries.every((e) => e.at instanceof Date && !Number.isNaN(e.at.getTime()))).toBe(true);
    expect((await verifyLedger(prisma)).ok).toBe(true);
  });
});
