import type { DraftContent } from "./document.ts";
import { prisma } from "~/utils/db.server.ts";
import { contentFromDatabase } from "./seed.server.ts";

/** One commitment on the OGP template, with its plan, actors, milestones, indicators and team. */
export async function getCommitment(id: string) {
  const commitment = await prisma().commitment.findUnique({
    where: { id },
    include: {
      plan: { select: { id: true, name: true, isDemo: true, phase: true } },
      theme: { select: { name: true } },
      leadInstitution: { select: { name: true, acronym: true, slug: true } },
      supportingActors: { orderBy: { position: "asc" } },
      milestones: { orderBy: { position: "asc" } },
      indicators: { orderBy: [{ kind: "asc" }, { position: "asc" }] },
      team: { select: { userId: true, user: { select: { name: true } } } },
    },
  });
  if (!commitment) return null;
  const { team, ...rest } = commitment;
  return { ...rest, teamUserIds: team.map((m) => m.userId), teamNames: team.map((m) => m.user.name) };
}

/** A commitment's stored template content in the document's shape, for the shared read-only view. */
export function getCommitmentContent(id: string): Promise<DraftContent | null> {
  return contentFromDatabase(id);
}

/** The themes a commitment of the plan may have (the editor's choice; the projection checks it). */
export function getPlanThemes(planId: string): Promise<{ id: string; name: string }[]> {
  return prisma().theme.findMany({ where: { planId }, orderBy: { position: "asc" }, select: { id: true, name: true } });
}
