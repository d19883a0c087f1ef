import { randomBytes } from "node:crypto";
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeBase32UpperCaseNoPadding } from "@oslojs/encoding";
import { createTOTPKeyURI, verifyHOTP } from "@oslojs/otp";
import QRCode from "qrcode";
import { appendAct, LEDGER_TRANSACTION } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import {
  invalidateUserSessions,
  markSecondFactorVerified,
  type SessionUser,
  type ValidSession,
} from "~/utils/session.server.ts";
import { announceSessionsEnded } from "~/utils/session-end.server.ts";
import { mayTurnOffSecondFactor, requiresSecondFactor } from "./second-factor-rule.server.ts";

// The second factor (docs/decisions/023): TOTP (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits)
// with @oslojs/otp, and ten single-use recovery codes of which only the SHA-256 is stored.
// A code is taken for the time steps now-1..now+1, and only for a step later than the last one
// accepted (RFC 6238 §5.2), so a code seen once cannot be replayed. Changing the factor (enrolling,
// new recovery codes, turning it off) ends the person's other sessions; an administrator resets a
// lost factor for another person, in the public record.

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
export const TOTP_ISSUER = "Minka";
export const RECOVERY_CODE_COUNT = 10;
/** Time steps either side of now that a code may be for (clock drift, typing time). */
const DRIFT_STEPS = 1;

/** The time step a moment falls in. */
export function timeStep(now = Date.now()): number {
  return Math.floor(now / (TOTP_PERIOD_SECONDS * 1000));
}

/** A new TOTP key: 20 random bytes (160 bits, RFC 4226's recommendation). */
export function newTotpKey(): Uint8Array {
  return new Uint8Array(randomBytes(20));
}

/** The time step among now-1..now+1 that a code is for, or null. */
export function matchingStep(key: Uint8Array, code: string, now = Date.now()): number | null {
  const current = timeStep(now);
  for (let step = current - DRIFT_STEPS; step <= current + DRIFT_STEPS; step++) {
    if (verifyHOTP(key, BigInt(step), TOTP_DIGITS, code)) return step;
  }
  return null;
}

/** What a person types as a code, without spaces (some apps show "123 456"). */
export function normalizeTotpCode(raw: string): string {
  return raw.replace(/[\s-]/g, "");
}

/** The enrolment screen's data: the secret for typing (grouped by four), the URI and its QR code. */
export async function enrolmentView(key: Uint8Array, email: string) {
  const secret = encodeBase32UpperCaseNoPadding(key);
  const uri = createTOTPKeyURI(TOTP_ISSUER, email, key, TOTP_PERIOD_SECONDS, TOTP_DIGITS);
  const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
  return { secretGroups: secret.match(/.{1,4}/g) ?? [], uri, qrSvg };
}

// ---- Recovery codes ----------------------------------------------------------------------------

/**
 * A recovery code as typed, in the one form that is hashed: lower case, without spaces or dashes,
 * and with the digits people read for base32 letters (0 for o, 1 for l, 8 for b) put back.
 */
export function normalizeRecoveryCode(raw: string): string {
  return raw.toLowerCase().replace(/[\s-]/g, "").replaceAll("0", "o").replaceAll("1", "l").replaceAll("8", "b");
}

const hashRecoveryCode = (code: string) => Buffer.from(sha256(new TextEncoder().encode(normalizeRecoveryCode(code))));

/** Ten new codes: 80 random bits each, base32, shown as four groups of four ("abcd-efgh-ijkl-mnop"). */
function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () =>
    (encodeBase32LowerCaseNoPadding(new Uint8Array(randomBytes(10))).match(/.{4}/g) ?? []).join("-"),
  );
}

type Tx = Parameters<Parameters<ReturnType<typeof prisma>["$transaction"]>[0]>[0];

/** Replaces a person's recovery codes inside a transaction; returns the new codes (shown once). */
async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((code) => ({ userId, codeHash: hashRecoveryCode(code) })) });
  return codes;
}

/** How many unused recovery codes a person has. */
export function remainingRecoveryCodes(userId: string): Promise<number> {
  return prisma().recoveryCode.count({ where: { userId, usedAt: null } });
}

// ---- State ------------------------------------------------------------------------------------

export type SecondFactorState = {
  /** The person enrolled a factor. */
  enabled: boolean;
  /** The rule asks this person for one (docs/decisions/023). */
  required: boolean;
  /** The person may turn theirs off (not an administrator who must keep one). */
  mayTurnOff: boolean;
  recoveryCodesRemaining: number;
};

/** A person's second factor as their account page shows it (never the key). */
export async function secondFactorState(userId: string): Promise<SecondFactorState> {
  const user = await prisma().user.findUniqueOrThrow({
    where: { id: userId },
    select: { role: true, totpKey: true, demoAccount: true },
  });
  const subject = { role: user.role, demoAccount: user.demoAccount };
  return {
    enabled: user.totpKey !== null,
    required: requiresSecondFactor({ ...subject, hasSecondFactor: user.totpKey !== null }),
    mayTurnOff: mayTurnOffSecondFactor(subject),
    recoveryCodesRemaining: await remainingRecoveryCodes(userId),
  };
}

/** Whether a person who just entered their password must pass a second factor first. */
export async function needsSecondFactor(userId: string): Promise<boolean> {
  const user = await prisma().user.findUniqueOrThrow({
    where: { id: userId },
    select: { role: true, totpKey: true, demoAccount: true },
  });
  return requiresSecondFactor({
    role: user.role,
    hasSecondFactor: user.totpKey !== null,
    demoAccount: user.demoAccount,
  });
}

// ---- Checking a code --------------------------------------------------------------------------

export type CodeCheck = "ok" | "wrong" | "reused" | "no-factor";

/**
 * Checks a person's current TOTP code and, when it is good, records its time step so that it
 * cannot be used again (the conditional update makes two racing requests with one code take it
 * once).
 */
export async function acceptTotpCode(userId: string, rawCode: string, now = Date.now()): Promise<CodeCheck> {
  const user = await prisma().user.findUnique({
    where: { id: userId },
    select: { totpKey: true, totpLastCounter: true },
  });
  if (!user?.totpKey) return "no-factor";
  const code = normalizeTotpCode(rawCode);
  const step = matchingStep(new Uint8Array(user.totpKey), code, now);
  if (step === null) return "wrong";
  if (user.totpLastCounter !== null && step <= user.totpLastCounter) return "reused";
  const { count } = await prisma().user.updateMany({
    where: { id: userId, OR: [{ totpLastCounter: null }, { totpLastCounter: { lt: step } }] },
    data: { totpLastCounter: step },
  });
  return count === 1 ? "ok" : "reused";
}

/** Uses one recovery code (once): the number left, or null when it is not a live code of the person. */
export async function spendRecoveryCode(userId: string, rawCode: string): Promise<number | null> {
  const normalized = normalizeRecoveryCode(rawCode);
  if (normalized.length === 0 || normalized.length > 64) return null;
  const { count } = await prisma().recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(normalized), usedAt: null },
    data: { usedAt: new Date() },
  });
  if (count !== 1) return null;
  return remainingRecoveryCodes(userId);
}

// ---- Enrolment --------------------------------------------------------------------------------

/** The key being enrolled in a session (made and kept in the session's row the first time). */
export async function enrolmentKey(sessionId: string): Promise<Uint8Array> {
  const row = await prisma().session.findUniqueOrThrow({ where: { id: sessionId }, select: { totpEnrollKey: true } });
  if (row.totpEnrollKey) return new Uint8Array(row.totpEnrollKey);
  const key = newTotpKey();
  await prisma().session.update({ where: { id: sessionId }, data: { totpEnrollKey: Buffer.from(key) } });
  return key;
}

/** The key a session is enrolling, if it started an enrolment. */
export async function pendingEnrolmentKey(sessionId: string): Promise<Uint8Array | null> {
  const row = await prisma().session.findUnique({ where: { id: sessionId }, select: { totpEnrollKey: true } });
  return row?.totpEnrollKey ? new Uint8Array(row.totpEnrollKey) : null;
}

/** Drops an enrolment started in a session (the person changed their mind). */
export async function cancelEnrolment(sessionId: string): Promise<void> {
  await prisma().session.updateMany({ where: { id: sessionId }, data: { totpEnrollKey: null } });
}

export type EnrolmentResult =
  | { ok: true; recoveryCodes: string[]; expiresAt: Date }
  | { ok: false; reason: "wrong" | "no-enrolment" | "already-enrolled" };

/**
 * Confirms the enrolment a session started with a code from the new key: the key becomes the
 * person's factor (its step the last one used), ten recovery codes replace any old ones, the
 * session counts as having passed the factor, and the person's other sessions end.
 */
export async function confirmEnrolment(
  userId: string,
  sessionId: string,
  rawCode: string,
  now = Date.now(),
): Promise<EnrolmentResult> {
  const session = await prisma().session.findUnique({
    where: { id: sessionId },
    select: { userId: true, totpEnrollKey: true, user: { select: { totpKey: true } } },
  });
  if (!session || session.userId !== userId || !session.totpEnrollKey) return { ok: false, reason: "no-enrolment" };
  if (session.user.totpKey) return { ok: false, reason: "already-enrolled" };
  const key = new Uint8Array(session.totpEnrollKey);
  const step = matchingStep(key, normalizeTotpCode(rawCode), now);
  if (step === null) return { ok: false, reason: "wrong" };
  const result = await prisma().$transaction(async (tx) => {
    // Conditional on "no factor yet", so two racing confirmations enrol one key.
    const { count } = await tx.user.updateMany({
      where: { id: userId, totpKey: null },
      data: { totpKey: Buffer.from(key), totpLastCounter: step },
    });
    if (count !== 1) return null;
    const recoveryCodes = await replaceRecoveryCodes(tx, userId);
    const expiresAt = await markSecondFactorVerified(sessionId, tx);
    return { recoveryCodes, expiresAt };
  });
  if (!result) return { ok: false, reason: "already-enrolled" };
  await invalidateUserSessions(userId, sessionId);
  return { ok: true, ...result };
}

// ---- Changing the factor from the account page ------------------------------------------------

/** New recovery codes after a current TOTP code; the old ones stop working, other sessions end. */
export async function regenerateRecoveryCodes(
  userId: string,
  sessionId: string,
  rawCode: string,
): Promise<{ ok: true; recoveryCodes: string[] } | { ok: false; reason: Exclude<CodeCheck, "ok"> }> {
  const check = await acceptTotpCode(userId, rawCode);
  if (check !== "ok") return { ok: false, reason: check };
  const recoveryCodes = await prisma().$transaction((tx) => replaceRecoveryCodes(tx, userId));
  await invalidateUserSessions(userId, sessionId);
  return { ok: true, recoveryCodes };
}

/** Turns the factor off after a current TOTP code; refused while the person must keep one. */
export async function turnOffSecondFactor(
  userId: string,
  sessionId: string,
  rawCode: string,
): Promise<"ok" | "must-keep" | CodeCheck> {
  const user = await prisma().user.findUniqueOrThrow({
    where: { id: userId },
    select: { role: true, demoAccount: true },
  });
  if (!mayTurnOffSecondFactor(user)) return "must-keep";
  const check = await acceptTotpCode(userId, rawCode);
  if (check !== "ok") return check;
  await prisma().$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { totpKey: null, totpLastCounter: null } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
  });
  await invalidateUserSessions(userId, sessionId);
  return "ok";
}

// ---- Reset by another administrator -----------------------------------------------------------

export type ResetResult =
  | { ok: true; userId: string; endedSessions: number }
  | { ok: false; reason: "not-found" | "self" | "no-factor" | "unverified" };

/**
 * Removes another person's second factor (they lost it): their key and recovery codes go, every
 * session of theirs ends, and the act goes to the public record, naming both people by id and
 * giving the reason (never an email address). The administrator's own session must have passed a
 * second factor, unless the person reset is a demo account (demo mode's published admin has none).
 */
export async function resetSecondFactor(
  actor: SessionUser,
  actorSession: ValidSession,
  email: string,
  reason: string,
): Promise<ResetResult> {
  const target = await prisma().user.findUnique({
    where: { email: email.toLowerCase() },
    select: { id: true, erasedAt: true, totpKey: true, demoAccount: true, _count: { select: { recoveryCodes: true } } },
  });
  if (!target || target.erasedAt) return { ok: false, reason: "not-found" };
  if (target.id === actor.id) return { ok: false, reason: "self" };
  if (!actorSession.secondFactorVerifiedAt && !target.demoAccount) return { ok: false, reason: "unverified" };
  if (!target.totpKey && target._count.recoveryCodes === 0) return { ok: false, reason: "no-factor" };
  const endedSessions = await prisma().$transaction(async (tx) => {
    await tx.user.update({ where: { id: target.id }, data: { totpKey: null, totpLastCounter: null } });
    await tx.recoveryCode.deleteMany({ where: { userId: target.id } });
    const { count } = await tx.session.deleteMany({ where: { userId: target.id } });
    await appendAct(tx, {
      kind: "account.second_factor_reset",
      subjectType: "user",
      subjectId: target.id,
      actorId: actor.id,
      data: { reason },
    });
    return count;
  }, LEDGER_TRANSACTION);
  await announceSessionsEnded({ userId: target.id, sessionIds: "all" });
  return { ok: true, userId: target.id, endedSessions };
}

/** The name of a person whose factor was just reset, for the notice (null when unknown). */
export async function personNameForReset(userId: string): Promise<string | null> {
  if (userId.length > 100) return null;
  const user = await prisma().user.findUnique({ where: { id: userId }, select: { name: true, erasedAt: true } });
  return user && !user.erasedAt ? user.name : null;
}
