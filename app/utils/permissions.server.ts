import { voteRefusal } from "~/forum/rules.ts";
import { textResponse, type ResponseKey } from "./responses.server.ts";
import type {
  CommitmentStatus,
  ForumSessionStatus,
  MembershipRole,
  MinutesStatus,
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

/** The actor's seat in the Foro Multiactor (a current member), or null. */
export type ForumSeat = { memberId: string; role: string; sector: Sector } | null;
export type ForumSessionForPermission = { status: ForumSessionStatus; minutesStatus: MinutesStatus };

const isAdmin = (actor: Actor) => actor?.role === "ADMIN";
/** The forum's secretariat: the platform's administrators (SGP) and the member holding the secretary role. */
const isForumSecretariat = (actor: Actor, seat: ForumSeat) =>
  actor !== null && (isAdmin(actor) || seat?.role === "secretary");
const isForumChair = (actor: Actor, seat: ForumSeat) => actor !== null && seat?.role === "chair";
const chairOrSecretariat = (actor: Actor, seat: ForumSeat) =>
  isForumChair(actor, seat) || isForumSecretariat(actor, seat);
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

  /** The secretariat forms each commitment's drafting team (people of every sector). */
  manageDraftingTeam: (actor: Actor) => isAdmin(actor),

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

  /** The secretariat watches the outgoing mail (and, without SMTP in demo and development mode, reads it). */
  readOutbox: (actor: Actor) => isAdmin(actor),

  // ---- The secretariat's workspace (docs/decisions/019) ----

  /** The workspace at /administracion (plans, commitments, organisations) is the secretariat's. */
  accessWorkspace: (actor: Actor) => isAdmin(actor),

  /** The secretariat adds commitments to a plan: an empty draft, or one from a proposal it accepts. */
  createCommitment: (actor: Actor) => isAdmin(actor),

  /** The secretariat registers organisations and edits their profile, sector and territory. */
  manageOrganizations: (actor: Actor) => isAdmin(actor),

  /** Only the secretariat marks an organisation as verified, or withdraws the mark. */
  verifyOrganization: (actor: Actor) => isAdmin(actor),
  /** An administrator resets another person's lost second factor (docs/decisions/023). */
  resetSecondFactor: (actor: Actor) => isAdmin(actor),

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
  // ---- Foro Multiactor: sessions, agenda, roll call, motions, votes, agreements, minutes ----

  /** The secretariat schedules sessions (one or a monthly series). */
  scheduleForumSession: (actor: Actor, seat: ForumSeat) => isForumSecretariat(actor, seat),

  /** Members and the secretariat propose agenda items while the session is scheduled. */
  proposeAgendaItem: (actor: Actor, seat: ForumSeat, session: ForumSessionForPermission) =>
    session.status === "SCHEDULED" && actor !== null && (seat !== null || isForumSecretariat(actor, seat)),

  /** The secretariat removes agenda items while the session is scheduled. */
  editForumAgenda: (actor: Actor, seat: ForumSeat, session: ForumSessionForPermission) =>
    session.status === "SCHEDULED" && isForumSecretariat(actor, seat),

  /** A member confirms (or declines) attendance before the session. */
  confirmForumAttendance: (actor: Actor, seat: ForumSeat, session: ForumSessionForPermission) =>
    session.status === "SCHEDULED" && actor !== null && seat !== null,

  /** The chair or the secretariat opens a scheduled session. */
  startForumSession: (actor: Actor, seat: ForumSeat, session: ForumSessionForPermission) =>
    session.status === "SCHEDULED" && chairOrSecretariat(actor, seat),

  /** The chair or the secretariat calls the roll while the session is in progress. */
  takeRollCall: (actor: Actor, seat: ForumSeat, session: ForumSessionForPermission) =>
    session.status === "IN_PROGRESS" && chairOrSecretariat(actor, seat),

  /** The chair or the secretariat closes the session (it is then held). */
  endForumSession: (actor: Actor, seat: ForumSeat, session: ForumSessionForPermission) =>
    session.status === "IN_PROGRESS" && chairOrSecretariat(actor, seat),

  /** Only the chair puts a motion to a vote and closes it, during the session. */
  putMotionToVote: (actor: Actor, seat: ForumSeat, session: ForumSessionForPermission) =>
    session.status === "IN_PROGRESS" && isForumChair(actor, seat),

  closeMotion: (actor: Actor, seat: ForumSeat, session: ForumSessionForPermission) =>
    session.status === "IN_PROGRESS" && isForumChair(actor, seat),

  /** One vote per voting member per open motion, by members present or remote (see voteRefusal for why not). */
  voteOnMotion: (
    actor: Actor,
    seat: ForumSeat,
    motion: { status: string; attendance: string | null | undefined; alreadyVoted: boolean },
  ) =>
    voteRefusal({
      loggedIn: actor !== null,
      seat,
      motionStatus: motion.status,
      attendance: motion.attendance,
      alreadyVoted: motion.alreadyVoted,
    }) === null,

  /** The chair or the secretariat records agreements, during the session or while writing up its minutes. */
  recordForumAgreement: (actor: Actor, seat: ForumSeat, session: ForumSessionForPermission) =>
    (session.status === "IN_PROGRESS" || (session.status === "HELD" && session.minutesStatus !== "APPROVED")) &&
    chairOrSecretariat(actor, seat),

  /** The chair or the secretariat follows agreements up (status, evidence) at any time. */
  followUpForumAgreement: (actor: Actor, seat: ForumSeat) => chairOrSecretariat(actor, seat),

  /** Members (a current seat, or the platform's forum-member role) and the secretariat write the
   * minutes together until they are approved; everyone else reads them live. */
  writeMinutes: (actor: Actor, session: ForumSessionForPermission & { memberUserIds: readonly string[] }) =>
    actor !== null &&
    session.status !== "CANCELLED" &&
    session.minutesStatus !== "APPROVED" &&
    (can.actInForum(actor) || session.memberUserIds.includes(actor.id)),

  /** The chair or the secretariat circulates the draft minutes of a held session for comments. */
  circulateMinutes: (actor: Actor, seat: ForumSeat, session: ForumSessionForPermission) =>
    session.status === "HELD" && session.minutesStatus === "DRAFT" && chairOrSecretariat(actor, seat),

  /** The chair or the secretariat approves circulated minutes (then frozen and published). */
  approveMinutes: (actor: Actor, seat: ForumSeat, session: ForumSessionForPermission) =>
    session.status === "HELD" && session.minutesStatus === "CIRCULATED" && chairOrSecretariat(actor, seat),
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

/** Throws a 403 (or 401 for an anonymous visitor) unless allowed, in the request's language. */
export function requirePermission(
  actor: Actor,
  allowed: boolean,
  request?: Request,
  message: ResponseKey = "responses.forbidden",
): void {
  if (allowed) return;
  throw actor ? textResponse(request, 403, message) : textResponse(request, 401, "responses.loginRequired");
}
