import { enqueueMail } from "~/mail/outbox.server.ts";
import { checkToken, consumeToken, type TokenCheck } from "~/mail/tokens.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { hashPassword } from "~/utils/password.server.ts";
import { invalidateUserSessions } from "~/utils/session.server.ts";

// What the account does by mail (docs/decisions/018): address verification and password reset.
// Both send a message through the outbox; its link carries a single-use token made when the
// message is rendered for sending.
//
// An unverified person may do everything a verified one may (log in, take part): verification
// proves that mail reaches them, and /cuenta shows the state with a button for another link.

/**
 * Asks for a password reset: a message to the account with that address, if there is one. The
 * caller answers the same either way, so the form never tells whether an address has an account.
 */
export async function requestPasswordReset(email: string): Promise<void> {
  const user = await prisma().user.findUnique({
    where: { email: email.toLowerCase() },
    select: { id: true, email: true, locale: true, erasedAt: true },
  });
  if (!user || user.erasedAt) return;
  await enqueueMail({
    template: "password-reset",
    params: { userId: user.id },
    to: { email: user.email, userId: user.id, locale: user.locale },
  });
}

/** Whether a reset link works now (to show its form). */
export function checkPasswordResetToken(token: string): Promise<TokenCheck> {
  return checkToken("password-reset", token);
}

/**
 * Sets a new password with a reset link: the token is spent in the same transaction as the new
 * password, then every session of the person ends (and their live connections, on every node). A
 * reset also proves the person receives mail at the address, so it counts as a verification.
 */
export async function resetPassword(token: string, newPassword: string): Promise<TokenCheck> {
  const check = await checkPasswordResetToken(token);
  if (!check.ok) return check;
  const passwordHash = await hashPassword(newPassword);
  const result = await prisma().$transaction(async (tx) => {
    const spent = await consumeToken("password-reset", token, tx);
    if (!spent.ok) return spent;
    const user = await tx.user.findUnique({ where: { id: spent.subjectId }, select: { emailVerifiedAt: true } });
    if (!user) return { ok: false as const, reason: "unknown" as const };
    await tx.user.update({
      where: { id: spent.subjectId },
      data: { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? new Date() },
    });
    return spent;
  });
  if (result.ok) await invalidateUserSessions(result.subjectId);
  return result;
}

/** Another verification message for a logged-in person; "verified" when there is nothing to verify. */
export async function sendVerification(userId: string): Promise<"sent" | "verified"> {
  const user = await prisma().user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, locale: true, emailVerifiedAt: true },
  });
  if (user.emailVerifiedAt) return "verified";
  await enqueueMail({
    template: "verify-email",
    params: { userId: user.id },
    to: { email: user.email, userId: user.id, locale: user.locale },
  });
  return "sent";
}

/** Whether a verification link works now (to show its confirmation button). */
export function checkVerificationToken(token: string): Promise<TokenCheck> {
  return checkToken("verify-email", token);
}

/** Confirms the address with a verification link (the token is spent). */
export async function verifyEmail(token: string): Promise<TokenCheck> {
  return prisma().$transaction(async (tx) => {
    const spent = await consumeToken("verify-email", token, tx);
    if (!spent.ok) return spent;
    await tx.user.updateMany({
      where: { id: spent.subjectId, emailVerifiedAt: null },
      data: { emailVerifiedAt: new Date() },
    });
    return spent;
  });
}
