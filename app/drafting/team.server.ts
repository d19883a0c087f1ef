import type { Sector, TeamRole } from "~/generated/prisma/enums.ts";
import { roomName } from "~/collab/protocol.ts";
import { appendAct, LEDGER_TRANSACTION } from "~/record/ledger.server.ts";
import { eventBus } from "~/utils/bus.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { publish } from "~/utils/live.server.ts";
import { can, type Actor } from "~/utils/permissions.server.ts";
import { teamRoleRefusal } from "./team-roles.ts";

// A commitment's drafting team: the people who may write its draft, each with a place on it
// (co-lead for government, co-lead for civil society, member: team-roles.ts). The secretariat
// forms it; joining or leaving takes effect in open editors on every node at once (collab.access
// on the event bus makes the rooms re-check their connections), and joining, leaving and a change
// of role are acts in the public record (by user id and role, never an email address).

export type TeamMember = {
  userId: string;
  name: string;
  role: TeamRole;
  sector: Sector | null;
  organization: string | null;
  since: string;
};

export type TeamFailure = {
  ok: false;
  error: "not-found" | "forbidden" | "unknown-person" | "already" | "not-member" | "role-refused";
  /** For "role-refused": why (an i18n key under drafting.team.errors). */
  reason?: string;
};

/** The team of a commitment, in the order people joined; null when the commitment does not exist. */
export async function listTeam(commitmentId: string): Promise<TeamMember[] | null> {
  const commitment = await prisma().commitment.findUnique({
    where: { id: commitmentId },
    select: {
      team: {
        orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
        select: {
          createdAt: true,
          role: true,
          user: {
            select: {
              id: true,
              name: true,
              memberships: {
                orderBy: { createdAt: "asc" },
                take: 1,
                select: { organization: { select: { name: true, sector: true } } },
              },
            },
          },
        },
      },
    },
  });
  if (!commitment) return null;
  return commitment.team.map(({ user, createdAt, role }) => ({
    userId: user.id,
    name: user.name,
    role,
    sector: user.memberships[0]?.organization.sector ?? null,
    organization: user.memberships[0]?.organization.name ?? null,
    since: createdAt.toISOString(),
  }));
}

const personSelect = {
  id: true,
  erasedAt: true,
  role: true,
  memberships: { select: { organization: { select: { sector: true } } } },
} as const;

/** Adds the person with this email to the team, with a role (a member unless said otherwise). */
export async function addTeamMember(
  actor: Actor,
  commitmentId: string,
  email: string,
  role: TeamRole = "MEMBER",
): Promise<{ ok: true; userId: string } | TeamFailure> {
  if (!can.manageDraftingTeam(actor)) return { ok: false, error: "forbidden" };
  const commitment = await prisma().commitment.findUnique({ where: { id: commitmentId }, select: { id: true } });
  if (!commitment) return { ok: false, error: "not-found" };
  const person = await prisma().user.findUnique({ where: { email: email.trim().toLowerCase() }, select: personSelect });
  if (!person || person.erasedAt) return { ok: false, error: "unknown-person" };
  const result = await joinOrChange(actor!, commitmentId, person, role, "join");
  return result.ok ? { ok: true, userId: person.id } : result;
}

/**
 * Puts a person on the team with a role: joins them (created) or changes their role (changed);
 * neither when they already hold it.
 */
export async function putTeamMember(
  actor: Actor,
  commitmentId: string,
  userId: string,
  role: TeamRole,
): Promise<{ ok: true; created: boolean; changed: boolean } | TeamFailure> {
  if (!can.manageDraftingTeam(actor)) return { ok: false, error: "forbidden" };
  const commitment = await prisma().commitment.findUnique({ where: { id: commitmentId }, select: { id: true } });
  if (!commitment) return { ok: false, error: "not-found" };
  const person = await prisma().user.findUnique({ where: { id: userId }, select: personSelect });
  if (!person || person.erasedAt) return { ok: false, error: "unknown-person" };
  return joinOrChange(actor!, commitmentId, person, role, "put");
}

/** Changes the role of someone already on the team. */
export async function changeTeamRole(
  actor: Actor,
  commitmentId: string,
  userId: string,
  role: TeamRole,
): Promise<{ ok: true; changed: boolean } | TeamFailure> {
  if (!can.manageDraftingTeam(actor)) return { ok: false, error: "forbidden" };
  const commitment = await prisma().commitment.findUnique({ where: { id: commitmentId }, select: { id: true } });
  if (!commitment) return { ok: false, error: "not-found" };
  const person = await prisma().user.findUnique({ where: { id: userId }, select: personSelect });
  if (!person) return { ok: false, error: "not-member" };
  const result = await joinOrChange(actor!, commitmentId, person, role, "change");
  return result.ok ? { ok: true, changed: result.changed } : result;
}

async function joinOrChange(
  actor: NonNullable<Actor>,
  commitmentId: string,
  person: { id: string; role: NonNullable<Actor>["role"]; memberships: { organization: { sector: Sector } }[] },
  role: TeamRole,
  /** join: only a newcomer; change: only someone on the team; put: either. */
  mode: "join" | "change" | "put",
): Promise<{ ok: true; created: boolean; changed: boolean } | TeamFailure> {
  const refusal = teamRoleRefusal(role, {
    role: person.role,
    sectors: person.memberships.map((m) => m.organization.sector),
  });
  if (refusal) return { ok: false, error: "role-refused", reason: `drafting.team.errors.${refusal}` };
  const outcome = await prisma().$transaction(async (tx) => {
    const existing = await tx.commitmentTeamMember.findUnique({
      where: { commitmentId_userId: { commitmentId, userId: person.id } },
      select: { role: true },
    });
    if (existing && mode === "join") return "already" as const;
    if (!existing && mode === "change") return "not-member" as const;
    if (existing?.role === role) return "same" as const;
    if (existing) {
      await tx.commitmentTeamMember.update({
        where: { commitmentId_userId: { commitmentId, userId: person.id } },
        data: { role },
      });
      await appendAct(tx, {
        kind: "commitment.team_role",
        subjectType: "commitment",
        subjectId: commitmentId,
        commitmentId,
        actorId: actor.id,
        data: { member: person.id, from: existing.role, to: role },
      });
      return "changed" as const;
    }
    await tx.commitmentTeamMember.create({ data: { commitmentId, userId: person.id, role } });
    await appendAct(tx, {
      kind: "commitment.team_joined",
      subjectType: "commitment",
      subjectId: commitmentId,
      commitmentId,
      actorId: actor.id,
      data: { member: person.id, role },
    });
    return "joined" as const;
  }, LEDGER_TRANSACTION);
  if (outcome === "already" || outcome === "not-member") return { ok: false, error: outcome };
  if (outcome === "joined") await teamChanged(commitmentId);
  // A new role changes nobody's access: only the pages showing the team need to know.
  if (outcome === "changed") publish(`commitment:${commitmentId}`, "commitment.team");
  return { ok: true, created: outcome === "joined", changed: outcome === "changed" };
}

/** Removes a person from the team. */
export async function removeTeamMember(
  actor: Actor,
  commitmentId: string,
  userId: string,
): Promise<{ ok: true } | TeamFailure> {
  if (!can.manageDraftingTeam(actor)) return { ok: false, error: "forbidden" };
  const commitment = await prisma().commitment.findUnique({ where: { id: commitmentId }, select: { id: true } });
  if (!commitment) return { ok: false, error: "not-found" };
  const removed = await prisma().$transaction(async (tx) => {
    const place = await tx.commitmentTeamMember.findUnique({
      where: { commitmentId_userId: { commitmentId, userId } },
      select: { role: true },
    });
    const gone = await tx.commitmentTeamMember.deleteMany({ where: { commitmentId, userId } });
    if (gone.count === 0 || !place) return false;
    await appendAct(tx, {
      kind: "commitment.team_left",
      subjectType: "commitment",
      subjectId: commitmentId,
      commitmentId,
      actorId: actor!.id,
      data: { member: userId, role: place.role },
    });
    return true;
  }, LEDGER_TRANSACTION);
  if (!removed) return { ok: false, error: "not-member" };
  await teamChanged(commitmentId);
  return { ok: true };
}

/** Open editors re-check who may write, on every node; the commitment's page updates live. */
async function teamChanged(commitmentId: string): Promise<void> {
  await eventBus().publishAndWait("collab.access", { room: roomName("commitment", commitmentId) });
  publish(`commitment:${commitmentId}`, "commitment.team");
}
