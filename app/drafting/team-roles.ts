import type { PlatformRole, Sector, TeamRole } from "~/generated/prisma/enums.ts";

// The places on a commitment's drafting team (docs/decisions/019): OGP asks that a commitment be
// led together by government and civil society, so a team has co-leads for each, and members.
// Every member writes the draft alike; the role says who answers for it on each side. Pure:
// shared by the team page's form and the server.

export const TEAM_ROLES = [
  "GOVERNMENT_CO_LEAD",
  "CIVIL_SOCIETY_CO_LEAD",
  "MEMBER",
] as const satisfies readonly TeamRole[];

export function isTeamRole(value: unknown): value is TeamRole {
  return typeof value === "string" && (TEAM_ROLES as readonly string[]).includes(value);
}

export type TeamCandidate = { role: PlatformRole; sectors: readonly Sector[] };

/** Whether a person speaks for the government: a public servant, the secretariat, or a member of a public-sector organisation. */
export function isGovernment(person: TeamCandidate): boolean {
  return person.role === "PUBLIC_SERVANT" || person.role === "ADMIN" || person.sectors.includes("PUBLIC_SECTOR");
}

/**
 * Why a person cannot hold a role on a team, or null: a co-lead for government comes from
 * government, a co-lead for civil society from outside it. Anyone can be a member.
 */
export function teamRoleRefusal(
  role: TeamRole,
  person: TeamCandidate,
): "roleNeedsGovernment" | "roleNeedsCivilSociety" | null {
  if (role === "GOVERNMENT_CO_LEAD" && !isGovernment(person)) return "roleNeedsGovernment";
  if (role === "CIVIL_SOCIETY_CO_LEAD" && isGovernment(person)) return "roleNeedsCivilSociety";
  return null;
}
