import type { CommitmentStatus, MembershipRole, PlatformRole, Sector } from "~/generated/prisma/enums.ts";

// Every authorisation rule of the platform, in one place. Each rule is a pure function of the
// actor and the resource, so it can be tested allowed and refused without a request.

/** Who is acting: a logged-in person, or null for an anonymous visitor. */
export type Actor = {
  id: string;
  role: PlatformRole;
  memberships: { organizationId: string; role: MembershipRole; sector: Sector }[];
} | null;

export type CommitmentForPermission = { status: CommitmentStatus; teamUserIds: readonly string[] };

const isAdmin = (actor: Actor) => actor?.role === "ADMIN";
const onTeam = (actor: Actor, commitment: CommitmentForPermission) =>
  actor !== null && commitment.teamUserIds.includes(actor.id);

export const can = {
  /** Anything public (plans, commitments, drafts, the forum, open data) is readable by anyone. */
  readPublic: (_actor: Actor) => true,

  /** The account pages are for the person logged in. */
  manageOwnAccount: (actor: Actor) => actor !== null,

  /** The secretariat creates and edits plans and their phases. */
  managePlans: (actor: Actor) => isAdmin(actor),

  /** The drafting team edits a commitment while it is a draft; nobody edits it afterwards. */
  editCommitment: (actor: Actor, commitment: CommitmentForPermission) =>
    commitment.status === "DRAFT" && (isAdmin(actor) || onTeam(actor, commitment)),

  /** The drafting team sends a draft to consultation and back; only the secretariat records
   * the forum's agreement and the approval. */
  changeCommitmentStatus: (actor: Actor, commitment: CommitmentForPermission, to: CommitmentStatus) => {
    if (isAdmin(actor)) return commitment.status !== "APPROVED";
    if (!onTeam(actor, commitment)) return false;
    return (
      (commitment.status === "DRAFT" && to === "IN_CONSULTATION") ||
      (commitment.status === "IN_CONSULTATION" && to === "DRAFT")
    );
  },

  /** Named versions: the drafting team while it is a draft, and the secretariat at any time. */
  createVersion: (actor: Actor, commitment: CommitmentForPermission) =>
    isAdmin(actor) || (commitment.status === "DRAFT" && onTeam(actor, commitment)),

  /** Restoring a version is editing: the drafting team or the secretariat, while it is a draft. */
  restoreVersion: (actor: Actor, commitment: CommitmentForPermission) =>
    commitment.status === "DRAFT" && (isAdmin(actor) || onTeam(actor, commitment)),

  /** Anyone logged in takes part: propose, comment, support. */
  participate: (actor: Actor) => actor !== null,

  /** Acting in an organisation's name (endorsing, proposing on its behalf) takes a membership. */
  actForOrganization: (actor: Actor, organizationId: string) =>
    actor !== null && actor.memberships.some((m) => m.organizationId === organizationId),

  /** An organisation's representatives (and the secretariat) manage its members and profile. */
  manageOrganization: (actor: Actor, organizationId: string) =>
    isAdmin(actor) ||
    (actor !== null &&
      actor.memberships.some((m) => m.organizationId === organizationId && m.role === "REPRESENTATIVE")),

  /** The secretariat schedules forum sessions and manages its membership. */
  manageForum: (actor: Actor) => isAdmin(actor),

  /** Forum members (and the secretariat) take part in the forum's sessions. */
  actInForum: (actor: Actor) => isAdmin(actor) || actor?.role === "FORUM_MEMBER",

  /** Public servants (and the secretariat) answer contributions on behalf of the government. */
  respondForGovernment: (actor: Actor) => isAdmin(actor) || actor?.role === "PUBLIC_SERVANT",

  /** The secretariat manages people's platform roles. */
  manageUsers: (actor: Actor) => isAdmin(actor),

  /** The responsible institution reports a commitment's progress: its members, the public
   * servants on the commitment's team (who work for it), and the secretariat. */
  reportProgress: (actor: Actor, commitment: { leadInstitutionId: string | null; teamUserIds: readonly string[] }) =>
    isAdmin(actor) ||
    (actor !== null &&
      ((commitment.leadInstitutionId !== null &&
        actor.memberships.some((m) => m.organizationId === commitment.leadInstitutionId)) ||
        (actor.role === "PUBLIC_SERVANT" && commitment.teamUserIds.includes(actor.id)))),

  /** Civil society files its own assessment of a commitment's progress, in the name of a
   * civil-society organisation the person belongs to. */
  assessProgress: (actor: Actor, organizationId: string) =>
    actor !== null &&
    actor.memberships.some((m) => m.organizationId === organizationId && m.sector === "CIVIL_SOCIETY"),

  /** Anyone logged in submits a good practice. */
  submitPractice: (actor: Actor) => actor !== null,

  /** Reviewers publish good practices: the secretariat and public servants. */
  reviewPractice: (actor: Actor) => isAdmin(actor) || actor?.role === "PUBLIC_SERVANT",
};

/** Throws a 403 (or 401 for an anonymous visitor) unless allowed. */
export function requirePermission(
  actor: Actor,
  allowed: boolean,
  message = "No tienes permiso para hacer esto.",
): void {
  if (allowed) return;
  throw new Response(actor ? message : "Necesitas ingresar para hacer esto.", { status: actor ? 403 : 401 });
}
