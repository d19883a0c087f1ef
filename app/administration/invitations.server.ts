import type { PlatformRole, Sector, TeamRole } from "~/generated/prisma/enums.ts";
import { putTeamMember } from "~/drafting/team.server.ts";
import { teamRoleRefusal } from "~/drafting/team-roles.ts";
import { enqueueMail, wakeMailSender } from "~/mail/outbox.server.ts";
import { checkToken, consumeToken } from "~/mail/tokens.server.ts";
import { CONSENT_PURPOSE, PRIVACY_POLICY_VERSION } from "~/privacy.ts";
import { appendAct, LEDGER_TRANSACTION } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { hashPassword } from "~/utils/password.server.ts";
import { can, type Actor } from "~/utils/permissions.server.ts";
import { forbidden, invalid, notFound, type Failure, type Secretary } from "./common.server.ts";

// Invitations (docs/decisions/025). The secretariat invites a person by email with a name, a
// platform role, optionally an organisation and a place on a commitment's drafting team. The
// message (template "invitation") carries a single-use link whose token is made when the message
// is rendered, valid until the invitation expires (7 days); only its hash is stored. At
// /invitacion/<token> a newcomer sets their name and password and consents; a person who already
// has an account with that address confirms while logged in. Accepting gives the role, the
// membership and the place on the team in one go, and lands them in the team's draft. The public
// record gets the acts (invited: role, organisation, commitment; accepted: by the new person's
// id), never an email address.

export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

export type InvitationInput = {
  email: string;
  name: string;
  role: PlatformRole;
  organizationId?: string | null;
  commitmentId?: string | null;
  teamRole?: TeamRole | null;
};

/** Role precedence when a person who already has an account accepts: never a step down. */
const RANK: Record<PlatformRole, number> = { CITIZEN: 0, ORG_MEMBER: 1, FORUM_MEMBER: 2, PUBLIC_SERVANT: 2, ADMIN: 3 };

/** The role a person ends with after accepting an invitation for `invited`. */
export function roleAfterAccepting(current: PlatformRole, invited: PlatformRole): PlatformRole {
  return RANK[invited] > RANK[current] ? invited : current;
}

/** Creates an invitation and puts its message in the outbox, in one transaction with its record entry. */
export async function createInvitation(
  actor: Actor,
  input: InvitationInput,
): Promise<{ ok: true; id: string } | Failure> {
  if (!actor || !can.accessWorkspace(actor)) return forbidden;
  const email = input.email.trim().toLowerCase();
  let sector: Sector | null = null;
  if (input.organizationId) {
    const organization = await prisma().organization.findUnique({
      where: { id: input.organizationId },
      select: { sector: true },
    });
    if (!organization) return invalid("organizationId", "unknownOrganization");
    sector = organization.sector;
  }
  if (input.teamRole && !input.commitmentId) return invalid("teamRole", "teamRoleNeedsCommitment");
  if (input.commitmentId) {
    const commitment = await prisma().commitment.findUnique({
      where: { id: input.commitmentId },
      select: { status: true },
    });
    if (!commitment) return invalid("commitmentId", "unknownCommitment");
    const refusal = teamRoleRefusal(input.teamRole ?? "MEMBER", {
      role: input.role,
      sectors: sector ? [sector] : [],
    });
    if (refusal) return invalid("teamRole", `invitation.${refusal}`);
  }
  const existing = await prisma().user.findUnique({
    where: { email },
    select: { id: true, erasedAt: true, locale: true },
  });
  const now = new Date();
  const id = await prisma().$transaction(async (tx) => {
    const invitation = await tx.invitation.create({
      data: {
        email,
        name: input.name.trim(),
        role: input.role,
        organizationId: input.organizationId ?? null,
        commitmentId: input.commitmentId ?? null,
        teamRole: input.commitmentId ? (input.teamRole ?? "MEMBER") : null,
        invitedById: actor.id,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      },
      select: { id: true },
    });
    await enqueueMail(
      {
        template: "invitation",
        params: { invitationId: invitation.id },
        to: { email, userId: existing && !existing.erasedAt ? existing.id : null, locale: existing?.locale ?? null },
      },
      tx,
    );
    await appendAct(tx, {
      kind: "invitation.sent",
      subjectType: "invitation",
      subjectId: invitation.id,
      actorId: actor.id,
      commitmentId: input.commitmentId ?? null,
      orgId: input.organizationId ?? null,
      data: { role: input.role, ...(input.commitmentId ? { teamRole: input.teamRole ?? "MEMBER" } : {}) },
    });
    return invitation.id;
  }, LEDGER_TRANSACTION);
  wakeMailSender();
  return { ok: true, id };
}

/** Revokes a pending invitation (its link stops working). */
export async function revokeInvitation(actor: Actor, id: string): Promise<{ ok: true } | Failure> {
  if (!actor || !can.accessWorkspace(actor)) return forbidden;
  const { count } = await prisma().invitation.updateMany({
    where: { id, acceptedAt: null, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) {
    const exists = await prisma().invitation.findUnique({ where: { id }, select: { id: true } });
    return exists ? invalid("id", "invitation.notPending") : notFound;
  }
  await prisma().mailToken.updateMany({
    where: { purpose: "invitation", subjectId: id, usedAt: null },
    data: { usedAt: new Date() },
  });
  return { ok: true };
}

export type InvitationState = "pending" | "accepted" | "revoked" | "expired";

export function invitationState(
  row: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now = Date.now(),
): InvitationState {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt.getTime() <= now ? "expired" : "pending";
}

/** The workspace's list of invitations, newest first. */
export async function listInvitations(limit = 100) {
  const rows = await prisma().invitation.findMany({
    orderBy: { createdAt: "desc" },
    take: limit,
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      teamRole: true,
      createdAt: true,
      expiresAt: true,
      acceptedAt: true,
      revokedAt: true,
      organization: { select: { name: true } },
      commitment: { select: { id: true, title: true, number: true } },
      invitedBy: { select: { name: true } },
      acceptedBy: { select: { id: true, name: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    role: r.role,
    teamRole: r.teamRole,
    state: invitationState(r),
    createdAt: r.createdAt.toISOString(),
    expiresAt: r.expiresAt.toISOString(),
    organization: r.organization?.name ?? null,
    commitment: r.commitment ? { id: r.commitment.id, title: r.commitment.title ?? `#${r.commitment.number}` } : null,
    invitedBy: r.invitedBy.name,
    acceptedBy: r.acceptedBy,
  }));
}

// ---- The invitee's side ----

type TokenRefusal = "unknown" | "used" | "expired";

export type OpenInvitation = {
  id: string;
  name: string;
  email: string;
  role: PlatformRole;
  teamRole: TeamRole | null;
  organization: string | null;
  commitment: { id: string; title: string } | null;
  invitedBy: string;
  /** Whether an account with the invitation's address exists (then it is accepted logged in). */
  hasAccount: boolean;
};

/** The pending invitation a link opens, with what accepting it needs; or why it opens none. */
async function findOpen(token: string) {
  const check = await checkToken("invitation", token);
  if (!check.ok) return check;
  const row = await prisma().invitation.findUnique({
    where: { id: check.subjectId },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      teamRole: true,
      acceptedAt: true,
      revokedAt: true,
      expiresAt: true,
      organizationId: true,
      commitmentId: true,
      invitedById: true,
      organization: { select: { name: true } },
      commitment: { select: { id: true, title: true, number: true } },
      invitedBy: { select: { name: true } },
    },
  });
  if (!row || !row.email) return { ok: false as const, reason: "unknown" as const };
  const state = invitationState(row);
  if (state === "accepted" || state === "revoked") return { ok: false as const, reason: "used" as const };
  if (state === "expired") return { ok: false as const, reason: "expired" as const };
  const account = await prisma().user.findUnique({ where: { email: row.email }, select: { erasedAt: true } });
  return { ok: true as const, row: { ...row, email: row.email }, hasAccount: Boolean(account && !account.erasedAt) };
}

/** What a link shows: the invitation it opens, or why it does not. */
export async function openInvitation(
  token: string,
): Promise<{ ok: true; invitation: OpenInvitation } | { ok: false; reason: TokenRefusal }> {
  const found = await findOpen(token);
  if (!found.ok) return found;
  const { row } = found;
  return {
    ok: true,
    invitation: {
      id: row.id,
      name: row.name,
      email: row.email,
      role: row.role,
      teamRole: row.teamRole,
      organization: row.organization?.name ?? null,
      commitment: row.commitment
        ? { id: row.commitment.id, title: row.commitment.title ?? `#${row.commitment.number}` }
        : null,
      invitedBy: row.invitedBy.name,
      hasAccount: found.hasAccount,
    },
  };
}

export type Acceptance =
  | { ok: true; userId: string; landing: string }
  | { ok: false; reason: TokenRefusal | "account-exists" | "wrong-account" };

type Joiner = { kind: "new"; name: string; password: string; locale: string } | { kind: "existing"; userId: string };

/**
 * Accepts an invitation: spends its token, creates the account (a newcomer) or uses the logged-in
 * one (whose address must be the invitation's), gives the role and membership, marks it accepted,
 * and records it, in one transaction; then joins the team (an act of the inviter, as if they had
 * added the person, so it takes effect in open editors through the team's own path).
 */
export async function acceptInvitation(token: string, joiner: Joiner): Promise<Acceptance> {
  const found = await findOpen(token);
  if (!found.ok) return found;
  const { row: invitation } = found;
  if (joiner.kind === "new" && found.hasAccount) return { ok: false, reason: "account-exists" };
  if (joiner.kind === "existing") {
    const me = await prisma().user.findUnique({ where: { id: joiner.userId }, select: { email: true } });
    if (!me || me.email !== invitation.email) return { ok: false, reason: "wrong-account" };
  }
  const passwordHash = joiner.kind === "new" ? await hashPassword(joiner.password) : null;
  const outcome = await prisma().$transaction(async (tx) => {
    const spent = await consumeToken("invitation", token, tx);
    if (!spent.ok) return spent;
    const now = new Date();
    let userId: string;
    if (joiner.kind === "new") {
      const created = await tx.user.create({
        data: {
          name: joiner.name,
          email: invitation.email,
          passwordHash: passwordHash!,
          role: invitation.role,
          locale: joiner.locale,
          // The link reached them at this address.
          emailVerifiedAt: now,
          consents: { create: { purpose: CONSENT_PURPOSE, policyVersion: PRIVACY_POLICY_VERSION, granted: true } },
        },
        select: { id: true },
      });
      userId = created.id;
    } else {
      userId = joiner.userId;
      const me = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { role: true } });
      const role = roleAfterAccepting(me.role, invitation.role);
      await tx.user.update({ where: { id: userId }, data: { role, emailVerifiedAt: now } });
    }
    if (invitation.organizationId) {
      await tx.membership.upsert({
        where: { userId_organizationId: { userId, organizationId: invitation.organizationId } },
        create: { userId, organizationId: invitation.organizationId, role: "MEMBER" },
        update: {},
      });
    }
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null },
      data: { acceptedAt: now, acceptedById: userId, email: null },
    });
    if (count !== 1) return { ok: false as const, reason: "used" as const };
    await appendAct(tx, {
      kind: "invitation.accepted",
      subjectType: "invitation",
      subjectId: invitation.id,
      actorId: userId,
      orgId: invitation.organizationId,
      commitmentId: invitation.commitmentId,
      data: { role: invitation.role },
    });
    return { ok: true as const, userId };
  }, LEDGER_TRANSACTION);
  if (!outcome.ok) return { ok: false, reason: outcome.reason };
  let landing = "/";
  if (invitation.commitmentId) {
    const inviter = await actorOf(invitation.invitedById);
    const joined = await putTeamMember(
      inviter,
      invitation.commitmentId,
      outcome.userId,
      invitation.teamRole ?? "MEMBER",
    );
    // The person's own role or sector may not fit the place (an existing account): a member then.
    if (!joined.ok && joined.error === "role-refused") {
      await putTeamMember(inviter, invitation.commitmentId, outcome.userId, "MEMBER");
    }
    landing = `/compromisos/${invitation.commitmentId}/editar`;
  }
  return { ok: true, userId: outcome.userId, landing };
}

/** The inviter as the permission rules see them (their place in the secretariat today). */
async function actorOf(userId: string): Promise<Secretary | null> {
  const user = await prisma().user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      role: true,
      memberships: { select: { organizationId: true, role: true, organization: { select: { sector: true } } } },
    },
  });
  if (!user) return null;
  return {
    id: user.id,
    role: user.role,
    memberships: user.memberships.map((m) => ({
      organizationId: m.organizationId,
      role: m.role,
      sector: m.organization.sector,
    })),
  };
}

/** The choices of the invitation form: organisations, and commitments still being drafted. */
export async function invitationFormOptions() {
  const [organizations, commitments] = await Promise.all([
    prisma().organization.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true, sector: true } }),
    prisma().commitment.findMany({
      where: { status: { in: ["DRAFT", "IN_CONSULTATION"] } },
      orderBy: [{ planId: "asc" }, { number: "asc" }],
      select: { id: true, title: true, number: true, plan: { select: { name: true } } },
    }),
  ]);
  return {
    organizations,
    commitments: commitments.map((c) => ({ id: c.id, label: `${c.plan.name} · ${c.title ?? `#${c.number}`}` })),
  };
}
