import type { Sector } from "~/generated/prisma/enums.ts";
import { roomName } from "~/collab/protocol.ts";
import { appendAct, LEDGER_TRANSACTION } from "~/record/ledger.server.ts";
import { eventBus } from "~/utils/bus.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { publish } from "~/utils/live.server.ts";
import { can, type Actor } from "~/utils/permissions.server.ts";

// A commitment's drafting team: the people who may write its draft. The secretariat forms it;
// joining or leaving takes effect in open editors on every node at once (collab.access on the
// event bus makes the rooms re-check their connections), and both are acts in the public record.

export type TeamMember = {
  userId: string;
  name: string;
  sector: Sector | null;
  organization: string | null;
  since: string;
};

export type TeamFailure = { ok: false; error: "not-found" | "forbidden" | "unknown-person" | "already" | "not-member" };

/** The team of a commitment, in the order people joined; null when the commitment does not exist. */
export async function listTeam(commitmentId: string): Promise<TeamMember[] | null> {
  const commitment = await prisma().commitment.findUnique({
    where: { id: commitmentId },
    select: {
      team: {
        orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
        select: {
          createdAt: true,
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
  return commitment.team.map(({ user, createdAt }) => ({
    userId: user.id,
    name: user.name,
    sector: user.memberships[0]?.organization.sector ?? null,
    organization: user.memberships[0]?.organization.name ?? null,
    since: createdAt.toISOString(),
  }));
}

/** Adds the person with this email to the team. */
export async function addTeamMember(
  actor: Actor,
  commitmentId: string,
  email: string,
): Promise<{ ok: true; userId: string } | TeamFailure> {
  if (!can.manageDraftingTeam(actor)) return { ok: false, error: "forbidden" };
  const commitment = await prisma().commitment.findUnique({ where: { id: commitmentId }, select: { id: true } });
  if (!commitment) return { ok: false, error: "not-found" };
  const person = await prisma().user.findUnique({
    where: { email: email.trim().toLowerCase() },
    select: { id: true, erasedAt: true },
  });
  if (!person || person.erasedAt) return { ok: false, error: "unknown-person" };
  const added = await prisma().$transaction(async (tx) => {
    const existing = await tx.commitmentTeamMember.findUnique({
      where: { commitmentId_userId: { commitmentId, userId: person.id } },
    });
    if (existing) return false;
    await tx.commitmentTeamMember.create({ data: { commitmentId, userId: person.id } });
    await appendAct(tx, {
      kind: "commitment.team_joined",
      subjectType: "commitment",
      subjectId: commitmentId,
      commitmentId,
      actorId: actor!.id,
      data: { member: person.id },
    });
    return true;
  }, LEDGER_TRANSACTION);
  if (!added) return { ok: false, error: "already" };
  await teamChanged(commitmentId);
  return { ok: true, userId: person.id };
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
    const gone = await tx.commitmentTeamMember.deleteMany({ where: { commitmentId, userId } });
    if (gone.count === 0) return false;
    await appendAct(tx, {
      kind: "commitment.team_left",
      subjectType: "commitment",
      subjectId: commitmentId,
      commitmentId,
      actorId: actor!.id,
      data: { member: userId },
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
