import type {
  CommitmentStatus,
  MembershipRole,
  PlanPhase,
  PlatformRole,
  ProposalStatus,
  Sector,
} from "~/generated/prisma/enums.ts";

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

  /** Anyone logged in proposes to a plan in co-creation (on an organisation's behalf only with a
   * membership in it). */
  publishProposal: (actor: Actor, plan: PlanForParticipation, organizationId?: string | null) =>
    actor !== null &&
    plan.phase === "CO_CREATION" &&
    (!organizationId || actor.memberships.some((m) => m.organizationId === organizationId)),

  /** Only its author withdraws a proposal, and only before it has been answered. */
  withdrawProposal: (actor: Actor, proposal: ProposalForPermission) =>
    actor !== null &&
    actor.id === proposal.authorId &&
    (proposal.status === "PUBLISHED" || proposal.status === "UNDER_EVALUATION"),

  /** Supporting (apoyo) and endorsing take a login and an open participation window on a live
   * proposal. */
  supportProposal: (actor: Actor, proposal: ProposalForPermission, plan: PlanForParticipation, now = new Date()) =>
    actor !== null && proposal.status !== "WITHDRAWN" && participationOpen(plan, now),

  /** Endorsing on behalf of an organisation takes a role in it. */
  endorseProposal: (actor: Actor, proposal: ProposalForPermission, organizationId?: string | null) =>
    actor !== null &&
    proposal.status !== "WITHDRAWN" &&
    (!organizationId || actor.memberships.some((m) => m.organizationId === organizationId)),

  /** Anyone logged in comments on a proposal that is not withdrawn, or on a commitment draft. */
  comment: (actor: Actor) => actor !== null,

  /** Authors edit and delete their own comments. */
  editComment: (actor: Actor, comment: { authorId: string; deletedAt: Date | string | null }) =>
    actor !== null && actor.id === comment.authorId && comment.deletedAt === null,

  /** Anyone logged in reports a comment that is not their own. */
  reportComment: (actor: Actor, comment: { authorId: string }) => actor !== null && actor.id !== comment.authorId,

  /** The secretariat moderates: hides and restores comments, with a recorded reason. */
  moderate: (actor: Actor) => isAdmin(actor),

  /** The plan's team (public servants and the secretariat) answers proposals and draft comments,
   * with a status and a reason. */
  respondToContribution: (actor: Actor) => isAdmin(actor) || actor?.role === "PUBLIC_SERVANT",
};

export type PlanForParticipation = {
  phase: PlanPhase;
  participationOpensAt: Date | string | null;
  participationClosesAt: Date | string | null;
};
export type ProposalForPermission = { authorId: string; status: ProposalStatus };

/** Whether a plan's participation window is open at `now`: both ends set, now between them. */
export function participationOpen(plan: PlanForParticipation, now = new Date()): boolean {
  if (plan.phase !== "CO_CREATION" || !plan.participationOpensAt || !plan.participationClosesAt) return false;
  const t = now.getTime();
  return new Date(plan.participationOpensAt).getTime() <= t && t < new Date(plan.participationClosesAt).getTime();
}

/** Throws a 403 (or 401 for an anonymous visitor) unless allowed. */
export function requirePermission(
  actor: Actor,
  allowed: boolean,
  message = "No tienes permiso para hacer esto.",
): void {
  if (allowed) return;
  throw new Response(actor ? message : "Necesitas ingresar para hacer esto.", { status: actor ? 403 : 401 });
}
