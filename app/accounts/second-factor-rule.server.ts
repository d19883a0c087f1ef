import type { PlatformRole } from "~/generated/prisma/enums.ts";
import { services } from "~/services.server.ts";

// Who must pass a second factor to log in (docs/decisions/023). Kept apart from the TOTP code so
// that the session layer can apply it without importing the enrolment and recovery machinery.

export type SecondFactorSubject = {
  role: PlatformRole;
  /** Whether the person enrolled a second factor (their TOTP key is set). */
  hasSecondFactor: boolean;
  /** A seeded demo account (its password is published in the README). */
  demoAccount: boolean;
  /**
   * Whether the person holds personal access tokens, or is creating one: the token feature passes
   * true, and sends a person who has no factor yet to enrol one before the token is made.
   */
  holdsAccessTokens?: boolean;
};

/**
 * Whether the person must pass a second factor: anyone who enrolled one; every administrator and
 * everyone who holds personal access tokens, except the seeded demo accounts while demo mode is
 * on (their password is public, so a factor on them would protect nothing).
 */
export function requiresSecondFactor(user: SecondFactorSubject, demo: boolean = services().env.demo): boolean {
  if (user.hasSecondFactor) return true;
  if (demo && user.demoAccount) return false;
  return user.role === "ADMIN" || user.holdsAccessTokens === true;
}

/**
 * Whether the person may turn their factor off: not while the rule would still ask them for one
 * (an administrator, unless a demo account in demo mode).
 */
export function mayTurnOffSecondFactor(user: Omit<SecondFactorSubject, "hasSecondFactor">, demo?: boolean): boolean {
  return !requiresSecondFactor({ ...user, hasSecondFactor: false }, demo);
}
