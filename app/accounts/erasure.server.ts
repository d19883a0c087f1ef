import { randomBytes } from "node:crypto";
import { appendAct } from "~/record/ledger.server.ts";
import { CONSENT_PURPOSE, PRIVACY_POLICY_VERSION } from "~/privacy.ts";
import { prisma } from "~/utils/db.server.ts";
import { verifyPassword } from "~/utils/password.server.ts";
import { announceSessionsEnded } from "~/utils/session-end.server.ts";

/** The name shown for a person who deleted their account. */
export const ERASED_NAME = "participante eliminado";

/** An address that can never receive mail (RFC 2606 reserves .invalid), unique per account. */
export const erasedEmail = (userId: string) => `eliminado-${userId}@cuenta-eliminada.invalid`;

/**
 * Deletes an account (Ley 29733, right of cancellation) after checking the password: personal data
 * is erased (name, email, password, territory), memberships, drafting-team places, sessions and
 * download links, messages in the outbox and their links' tokens, the second factor's key and
 * recovery codes are removed, forum seats are released, consent is recorded as withdrawn; what the person published
 * stays, credited to "participante eliminado" (names are looked up when shown, so the public record
 * keeps verifying). The erasure is itself an act of the public record, in the same transaction.
 * Every session ends at once, live connections included.
 */
export async function eraseAccount(userId: string, password: string): Promise<"erased" | "wrong-password"> {
  const user = await prisma().user.findUnique({
    where: { id: userId },
    select: { passwordHash: true, erasedAt: true },
  });
  if (!user || user.erasedAt) return "wrong-password";
  if (!(await verifyPassword(user.passwordHash, password))) return "wrong-password";
  await prisma().$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: {
        name: ERASED_NAME,
        email: erasedEmail(userId),
        // Not an argon2 hash: no password can ever match it.
        passwordHash: `!erased:${randomBytes(16).toString("hex")}`,
        territoryId: null,
        role: "CITIZEN",
        locale: "es",
        erasedAt: new Date(),
        // Second factor (docs/decisions/023): the key goes with the account.
        totpKey: null,
        totpLastCounter: null,
      },
    });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.membership.deleteMany({ where: { userId } });
    await tx.commitmentTeamMember.deleteMany({ where: { userId } });
    // The seat is released and its published name erased: the forum's acts read "participante eliminado".
    await tx.forumMember.updateMany({ where: { userId }, data: { userId: null, name: ERASED_NAME } });
    // The consent history stays (it names no one once the account is erased) and ends with the
    // withdrawal the deletion implies.
    await tx.consent.create({
      data: { userId, purpose: CONSENT_PURPOSE, policyVersion: PRIVACY_POLICY_VERSION, granted: false },
    });
    await tx.dataExportLink.deleteMany({ where: { userId } });
    // Mail (docs/decisions/018): messages to the old address go, and so do the links' tokens.
    await tx.outboxMessage.deleteMany({ where: { userId } });
    await tx.mailToken.deleteMany({ where: { subjectId: userId } });
    await tx.session.deleteMany({ where: { userId } });
    await appendAct(tx, { kind: "account.erased", subjectType: "user", subjectId: userId, actorId: userId });
  });
  await announceSessionsEnded({ userId, sessionIds: "all" });
  return "erased";
}

/**
 * Display names for the people a list of user ids names (the public record, contributors...):
 * an erased account, or an id no longer known, reads "participante eliminado".
 */
export async function displayNames(userIds: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(userIds)];
  const rows = await prisma().user.findMany({
    where: { id: { in: unique } },
    select: { id: true, name: true, erasedAt: true },
  });
  const byId = new Map(rows.map((row) => [row.id, row.erasedAt ? ERASED_NAME : row.name]));
  return new Map(unique.map((id) => [id, byId.get(id) ?? ERASED_NAME]));
}
