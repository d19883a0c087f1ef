import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import * as cookie from "cookie";
import { requiresSecondFactor } from "~/accounts/second-factor-rule.server.ts";
import type { MembershipRole, PlatformRole, Sector } from "~/generated/prisma/enums.ts";
import { prisma } from "./db.server.ts";
import { announceSessionsEnded } from "./session-end.server.ts";

// Session design after lucia-auth.com: the token is `<id>.<secret>`, the database keeps the id
// and the SHA-256 of the secret, so a stolen database dump holds no usable token. `lastVerifiedAt`
// is when the person last entered their password in this session (at login, and again when a
// sensitive page asks for it): "fresh login" checks read it.
//
// Second factor (docs/decisions/023): the session of a person who requires a second factor
// (`requiresSecondFactor`) and whose row has no `secondFactorVerifiedAt` is PENDING. The
// validators below return null for it, so pages, socket.io and the collaboration server treat it
// as anonymous; only `validatePendingSessionToken` (the second-factor page) returns it. A pending
// session is created for 10 minutes and gets the normal lifetime when the factor passes.

export const SESSION_COOKIE = "minka_session";
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME_MS = 30 * DAY;
/** A session used when less than this remains is extended to the full lifetime again. */
const SESSION_RENEW_BEFORE_MS = 15 * DAY;
/** How long a session created pending a second factor lasts, unless the factor passes. */
export const PENDING_SESSION_MS = 10 * 60 * 1000;

export type SessionUser = {
  id: string;
  name: string;
  email: string;
  role: PlatformRole;
  memberships: { organizationId: string; role: MembershipRole; sector: Sector }[];
};

export type ValidSession = {
  id: string;
  expiresAt: Date;
  createdAt: Date;
  lastVerifiedAt: Date;
  /** When this session passed a second factor (null: never; the person does not require one). */
  secondFactorVerifiedAt: Date | null;
  renewed: boolean;
};

/** 160 random bits as lowercase base32: a session id or secret, or the token of a link in a message. */
export function randomString(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The SHA-256 of a secret: what is stored instead of it (sessions, tokens of links in messages). */
export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/**
 * Creates a session for a user and returns the token to put in the cookie (never stored). A
 * session `pending` a second factor lasts 10 minutes unless the factor passes.
 */
export async function createSession(userId: string, userAgent?: string | null, options: { pending?: boolean } = {}) {
  const id = randomString();
  const secret = randomString();
  const expiresAt = new Date(Date.now() + (options.pending ? PENDING_SESSION_MS : SESSION_LIFETIME_MS));
  await prisma().session.create({
    data: {
      id,
      secretHash: Buffer.from(hashSecret(secret)),
      userId,
      expiresAt,
      userAgent: userAgent?.slice(0, 300) ?? null,
    },
  });
  return { token: `${id}.${secret}`, id, expiresAt };
}

const userSelect = {
  id: true,
  name: true,
  email: true,
  role: true,
  memberships: { select: { organizationId: true, role: true, organization: { select: { sector: true } } } },
  // What the second-factor rule reads (never handed on: see checkSession).
  totpKey: true,
  demoAccount: true,
} as const;

type SessionResult = { session: ValidSession; user: SessionUser };
type SessionRow = NonNullable<Awaited<ReturnType<typeof findSessionRows>>>[number];

/** A token's session id and secret, or null when it is not shaped like one. */
function parseToken(token: string | undefined | null): { id: string; secret: string } | null {
  if (!token || token.length > 200) return null;
  const [id, secret, extra] = token.split(".");
  if (!id || !secret || extra !== undefined) return null;
  return { id, secret };
}

function findSessionRows(ids: string[]) {
  return prisma().session.findMany({ where: { id: { in: ids } }, include: { user: { select: userSelect } } });
}

/** Whether a session's row waits for its person's second factor. */
function isPending(row: SessionRow): boolean {
  if (row.secondFactorVerifiedAt !== null) return false;
  return requiresSecondFactor({
    role: row.user.role,
    hasSecondFactor: row.user.totpKey !== null,
    demoAccount: row.user.demoAccount,
  });
}

/** Checks a token against its session's row: secret, expiry (deleted); null when the row is pending. */
async function checkRow(row: SessionRow | undefined, secret: string): Promise<SessionRow | null> {
  if (!row) return null;
  if (!constantTimeEqual(hashSecret(secret), new Uint8Array(row.secretHash))) return null;
  if (row.expiresAt.getTime() <= Date.now()) {
    await prisma().session.deleteMany({ where: { id: row.id } });
    return null;
  }
  return row;
}

/** Checks a token against its session's row: secret, expiry (deleted), second factor, renewal. */
async function checkSession(found: SessionRow | undefined, secret: string): Promise<SessionResult | null> {
  const row = await checkRow(found, secret);
  if (!row || isPending(row)) return null;
  const { id } = row;
  const now = Date.now();
  let expiresAt = row.expiresAt;
  let renewed = false;
  if (expiresAt.getTime() - now < SESSION_RENEW_BEFORE_MS) {
    expiresAt = new Date(now + SESSION_LIFETIME_MS);
    await prisma().session.update({ where: { id }, data: { expiresAt } });
    renewed = true;
  }
  const { memberships, totpKey: _key, demoAccount: _demo, ...user } = row.user;
  return {
    session: {
      id,
      expiresAt,
      createdAt: row.createdAt,
      lastVerifiedAt: row.lastVerifiedAt,
      secondFactorVerifiedAt: row.secondFactorVerifiedAt,
      renewed,
    },
    user: {
      ...user,
      memberships: memberships.map((m) => ({
        organizationId: m.organizationId,
        role: m.role,
        sector: m.organization.sector,
      })),
    },
  };
}

/** Checks a token; returns the session and its user, or null. Extends a session nearing expiry. */
export async function validateSessionToken(token: string | undefined | null): Promise<SessionResult | null> {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const row = await prisma().session.findUnique({
    where: { id: parsed.id },
    include: { user: { select: userSelect } },
  });
  return checkSession(row ?? undefined, parsed.secret);
}

/**
 * validateSessionToken for many tokens with one query (the collaboration server re-checks every
 * open socket's session periodically); maps each token to its result.
 */
export async function validateSessionTokens(tokens: readonly string[]): Promise<Map<string, SessionResult | null>> {
  const results = new Map<string, SessionResult | null>();
  const parsed = new Map<string, { id: string; secret: string }>();
  for (const token of new Set(tokens)) {
    const entry = parseToken(token);
    if (entry) parsed.set(token, entry);
    else results.set(token, null);
  }
  if (parsed.size === 0) return results;
  const ids = [...new Set([...parsed.values()].map((entry) => entry.id))];
  const rows = new Map((await findSessionRows(ids)).map((row) => [row.id, row]));
  for (const [token, { id, secret }] of parsed) results.set(token, await checkSession(rows.get(id), secret));
  return results;
}

/** A session waiting for its person's second factor, as the second-factor page needs it. */
export type PendingSession = {
  session: { id: string; expiresAt: Date; enrollKey: Uint8Array | null };
  user: { id: string; name: string; email: string; role: PlatformRole; hasSecondFactor: boolean };
};

/**
 * The session of a token when it is PENDING a second factor (and only then): for the
 * second-factor page, which is the one place a pending session counts. Never renewed.
 */
export async function validatePendingSessionToken(token: string | undefined | null): Promise<PendingSession | null> {
  const parsed = parseToken(token);
  if (!parsed) return null;
  const found = await prisma().session.findUnique({
    where: { id: parsed.id },
    include: { user: { select: userSelect } },
  });
  const row = await checkRow(found ?? undefined, parsed.secret);
  if (!row || !isPending(row)) return null;
  return {
    session: {
      id: row.id,
      expiresAt: row.expiresAt,
      enrollKey: row.totpEnrollKey ? new Uint8Array(row.totpEnrollKey) : null,
    },
    user: {
      id: row.user.id,
      name: row.user.name,
      email: row.user.email,
      role: row.user.role,
      hasSecondFactor: row.user.totpKey !== null,
    },
  };
}

/**
 * Marks a session as having passed the second factor, gives it the normal lifetime again and
 * forgets any enrolment key it held; returns its new expiry (for the cookie).
 */
export async function markSecondFactorVerified(
  sessionId: string,
  db: Pick<ReturnType<typeof prisma>, "session"> = prisma(),
): Promise<Date> {
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
  await db.session.update({
    where: { id: sessionId },
    data: { secondFactorVerifiedAt: new Date(), expiresAt, totpEnrollKey: null },
  });
  return expiresAt;
}

/** Ends one session, and the live connections opened with it. */
export async function invalidateSession(sessionId: string): Promise<void> {
  const row = await prisma().session.findUnique({ where: { id: sessionId }, select: { userId: true } });
  await prisma().session.deleteMany({ where: { id: sessionId } });
  if (row) await announceSessionsEnded({ userId: row.userId, sessionIds: [sessionId] });
}

/** Ends every session of a user (optionally keeping one), and their live connections. */
export async function invalidateUserSessions(userId: string, exceptSessionId?: string): Promise<number> {
  const ended = await prisma().session.findMany({
    where: { userId, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
    select: { id: true },
  });
  const { count } = await prisma().session.deleteMany({ where: { id: { in: ended.map((s) => s.id) } } });
  await announceSessionsEnded({ userId, sessionIds: exceptSessionId ? ended.map((s) => s.id) : "all" });
  return count;
}

/** Records that the person just proved who they are (password entered): a fresh login. */
export async function markSessionAuthenticated(sessionId: string): Promise<void> {
  await prisma().session.updateMany({ where: { id: sessionId }, data: { lastVerifiedAt: new Date() } });
}

/** How long a password entry counts as fresh for sensitive pages (data download, deletion). */
export const FRESH_LOGIN_MS = 10 * 60 * 1000;

/** Whether the session's last password entry is recent enough for a sensitive action. */
export function isFreshLogin(session: { lastVerifiedAt: Date | string }, now = Date.now()): boolean {
  return now - new Date(session.lastVerifiedAt).getTime() < FRESH_LOGIN_MS;
}

/** Deletes expired sessions; run periodically. */
export async function deleteExpiredSessions(): Promise<number> {
  const { count } = await prisma().session.deleteMany({ where: { expiresAt: { lte: new Date() } } });
  return count;
}

/** The session token from a Cookie header. */
export function readSessionToken(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  return cookie.parse(cookieHeader)[SESSION_COOKIE] ?? null;
}

/** A Set-Cookie value carrying the token (HttpOnly, SameSite=Lax, Secure over HTTPS). */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return cookie.serialize(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    expires: expiresAt,
  });
}

/** A Set-Cookie value that removes the session cookie. */
export function clearSessionCookie(secure: boolean): string {
  return cookie.serialize(SESSION_COOKIE, "", { httpOnly: true, sameSite: "lax", secure, path: "/", maxAge: 0 });
}
