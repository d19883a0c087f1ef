import { DEFAULT_LOCALE, isLocale } from "~/i18n.ts";
import { enqueueMail, wakeMailSender } from "~/mail/outbox.server.ts";
import { CONSENT_PURPOSE, PRIVACY_POLICY_VERSION } from "~/privacy.ts";
import type { PlatformRole } from "~/generated/prisma/enums.ts";
import { prisma } from "~/utils/db.server.ts";
import { hashPassword, verifyAgainstDummy, verifyPassword } from "~/utils/password.server.ts";
import { invalidateUserSessions } from "~/utils/session.server.ts";

export type NewUser = {
  name: string;
  email: string;
  password: string;
  role?: PlatformRole;
  /** The person's language, for the messages Minka sends them (default Spanish). */
  locale?: string;
  /**
   * Whether the address is already proven (an invitation link reached it): then no verification
   * message is sent. Otherwise the account gets one (docs/decisions/018).
   */
  emailVerified?: boolean;
};

/**
 * Creates an account with the consent it was given, and (unless the address is already proven)
 * puts a verification message in the outbox in the same transaction; null when the email is taken.
 */
export async function registerUser(input: NewUser): Promise<{ id: string } | null> {
  const passwordHash = await hashPassword(input.password);
  const email = input.email.toLowerCase();
  const locale = isLocale(input.locale) ? input.locale : DEFAULT_LOCALE;
  try {
    const user = await prisma().$transaction(async (tx) => {
      const created = await tx.user.create({
        data: {
          name: input.name,
          email,
          passwordHash,
          role: input.role ?? "CITIZEN",
          locale,
          emailVerifiedAt: input.emailVerified ? new Date() : null,
          consents: { create: { purpose: CONSENT_PURPOSE, policyVersion: PRIVACY_POLICY_VERSION, granted: true } },
        },
        select: { id: true },
      });
      if (!input.emailVerified) {
        await enqueueMail(
          { template: "verify-email", params: { userId: created.id }, to: { email, userId: created.id, locale } },
          tx,
        );
      }
      return created;
    });
    if (!input.emailVerified) wakeMailSender();
    return user;
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

/** Remembers a person's language (for the messages Minka sends them). */
export async function setUserLocale(userId: string, locale: string): Promise<void> {
  if (!isLocale(locale)) return;
  await prisma().user.updateMany({ where: { id: userId, erasedAt: null }, data: { locale } });
}

/** The user whose email and password match, or null; takes as long whether or not the email exists. */
export async function verifyLogin(email: string, password: string): Promise<{ id: string } | null> {
  const user = await prisma().user.findUnique({
    where: { email: email.toLowerCase() },
    select: { id: true, passwordHash: true },
  });
  if (!user) return verifyAgainstDummy(password).then(() => null);
  return (await verifyPassword(user.passwordHash, password)) ? { id: user.id } : null;
}

/** Changes a password after checking the current one, and ends every other session. */
export async function changePassword(
  userId: string,
  currentPassword: string,
  newPassword: string,
  keepSessionId: string,
): Promise<"changed" | "wrong-password"> {
  const user = await prisma().user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, currentPassword))) return "wrong-password";
  await prisma().user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(newPassword) } });
  await invalidateUserSessions(userId, keepSessionId);
  return "changed";
}

/** What the account page shows. */
export function getAccount(userId: string) {
  return prisma().user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      createdAt: true,
      emailVerifiedAt: true,
      memberships: {
        select: { role: true, organization: { select: { id: true, slug: true, name: true, sector: true } } },
      },
      consents: { select: { policyVersion: true, granted: true, createdAt: true }, orderBy: { createdAt: "desc" } },
      sessions: {
        select: { id: true, createdAt: true, expiresAt: true, userAgent: true },
        where: { expiresAt: { gt: new Date() } },
        orderBy: { createdAt: "desc" },
      },
    },
  });
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
}

/** Whether `password` is the account's current password (to confirm a sensitive act). */
export async function checkAccountPassword(userId: string, password: string): Promise<boolean> {
  const user = await prisma().user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user) return false;
  return verifyPassword(user.passwordHash, password);
}
