import { prisma, type PrismaClient } from "~/utils/db.server.ts";
import { votePseudonym } from "./ledger.server.ts";
import { receipt, type Receipt } from "./proofs.server.ts";

/**
 * Receipts for a person's own acts (docs/decisions/021): a proposal they published, a support
 * they gave. A named act is theirs when the entry carries their id; a vote, when its pseudonym is
 * theirs for that subject (which only the server can tell, so only they get the receipt).
 */

/** The entries of a person's own acts on a proposal that receipts can be downloaded for. */
export async function ownProposalReceipts(userId: string, proposalId: string, db: PrismaClient = prisma()) {
  const [published, pseudonym] = await Promise.all([
    db.ledgerEntry.findFirst({
      where: { kind: "proposal.published", subjectType: "proposal", subjectId: proposalId, actorId: userId },
      select: { seq: true },
    }),
    votePseudonym(userId, proposalId, db),
  ]);
  const lastVote = await db.ledgerEntry.findFirst({
    where: { subjectType: "proposal", subjectId: proposalId, pseudonym, kind: { in: ["vote.cast", "vote.withdrawn"] } },
    orderBy: { seq: "desc" },
    select: { seq: true, kind: true },
  });
  return {
    published: published?.seq ?? null,
    vote: lastVote?.kind === "vote.cast" ? lastVote.seq : null,
  };
}

/** A receipt for entry `seq` if it records an act of `userId`. */
export async function receiptForPerson(
  userId: string,
  seq: number,
  db: PrismaClient = prisma(),
): Promise<Receipt | "not-found" | "forbidden"> {
  const entry = await db.ledgerEntry.findUnique({ where: { seq } });
  if (!entry) return "not-found";
  const theirs =
    entry.actorId === userId ||
    (entry.pseudonym !== null && entry.pseudonym === (await votePseudonym(userId, entry.subjectId, db)));
  if (!theirs) return "forbidden";
  return receipt(seq, db);
}
