import type { Prisma } from "~/generated/prisma/client.ts";
import { prisma, type PrismaClient } from "~/utils/db.server.ts";
import { hashSecret, randomString } from "~/utils/session.server.ts";

// The tokens of links in messages (docs/decisions/018). A token is made when its message is
// rendered for sending, never when the message is enqueued: the outbox holds no usable link. The
// link carries 160 random bits; the database keeps only their SHA-256, so a dump of MailToken
// opens nothing. Each token is single-use and expires after its purpose's lifetime; using one
// also spends every other token of the same purpose for the same subject (an older reset link
// dies with the newer one).

const HOUR = 60 * 60 * 1000;

/**
 * What a link can do, and how long it works. A new kind of link (an invitation, for instance) is
 * one more entry here and a template that asks for it.
 */
export const TOKEN_PURPOSES = {
  /** Proves the person receives mail at their account's address. */
  "verify-email": { ttlMs: 48 * HOUR },
  /** Sets a new password without the old one (issue 13: one hour). */
  "password-reset": { ttlMs: 1 * HOUR },
  /** Opens an invitation (docs/decisions/025); the invitation's own 7 days decide too. */
  invitation: { ttlMs: 7 * 24 * HOUR },
  /**
   * Stops notification mail from one message's link or its List-Unsubscribe header (docs/decisions/
   * 024). Checked, never spent: unsubscribing twice is harmless, and RFC 8058 asks that the link
   * keep working for a while after the message was sent.
   */
  unsubscribe: { ttlMs: 60 * 24 * HOUR },
} satisfies Record<string, { ttlMs: number }>;

export type TokenPurpose = keyof typeof TOKEN_PURPOSES;

type Db = PrismaClient | Prisma.TransactionClient;

/** The longest token a link can carry: anything longer is refused without a query. */
const MAX_TOKEN_LENGTH = 100;

/** A new token for `subjectId`; returns the secret for the link (never stored). */
export async function createToken(
  purpose: TokenPurpose,
  subjectId: string,
  options: { outboxId?: string; db?: Db } = {},
): Promise<string> {
  const secret = randomString();
  await (options.db ?? prisma()).mailToken.create({
    data: {
      tokenHash: Buffer.from(hashSecret(secret)),
      purpose,
      subjectId,
      outboxId: options.outboxId ?? null,
      expiresAt: new Date(Date.now() + TOKEN_PURPOSES[purpose].ttlMs),
    },
  });
  return secret;
}

export type TokenCheck = { ok: true; subjectId: string } | { ok: false; reason: "unknown" | "used" | "expired" };

function lookup(db: Db, purpose: TokenPurpose, secret: string) {
  if (!secret || secret.length > MAX_TOKEN_LENGTH) return null;
  return db.mailToken
    .findUnique({ where: { tokenHash: Buffer.from(hashSecret(secret)) } })
    .then((row) => (row && row.purpose === purpose ? row : null));
}

/** Whether a link's token would work now, without spending it (to show its form). */
export async function checkToken(purpose: TokenPurpose, secret: string, db: Db = prisma()): Promise<TokenCheck> {
  const row = await lookup(db, purpose, secret);
  if (!row) return { ok: false, reason: "unknown" };
  if (row.usedAt) return { ok: false, reason: "used" };
  if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: "expired" };
  return { ok: true, subjectId: row.subjectId };
}

/**
 * Spends a token: succeeds once, for the first caller, while it has not expired; the other tokens
 * of the same purpose and subject are spent with it. Run it in the transaction of what the link
 * does, so that a failure leaves the token unspent.
 */
export async function consumeToken(purpose: TokenPurpose, secret: string, db: Db = prisma()): Promise<TokenCheck> {
  const row = await lookup(db, purpose, secret);
  if (!row) return { ok: false, reason: "unknown" };
  const now = new Date();
  const { count } = await db.mailToken.updateMany({
    where: { id: row.id, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return { ok: false, reason: row.usedAt || row.expiresAt > now ? "used" : "expired" };
  await db.mailToken.updateMany({
    where: { purpose, subjectId: row.subjectId, usedAt: null },
    data: { usedAt: now },
  });
  return { ok: true, subjectId: row.subjectId };
}

/** Deletes tokens that expired more than a day ago (the day keeps "expired" answers meaningful). */
export async function deleteStaleTokens(db: Db = prisma()): Promise<number> {
  const { count } = await db.mailToken.deleteMany({
    where: { expiresAt: { lt: new Date(Date.now() - 24 * HOUR) } },
  });
  return count;
}
