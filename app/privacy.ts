/** The version of the privacy notice a person consents to at registration (Ley 29733). */
export const PRIVACY_POLICY_VERSION = "2026-11-01";
/** What that consent covers. */
export const CONSENT_PURPOSE = "account-and-participation";
