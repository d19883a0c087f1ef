import { prisma } from "~/utils/db.server.ts";
import { can, type Actor, type CommitmentForPermission } from "~/utils/permissions.server.ts";

// Who may write a commitment's live draft: the drafting team or the secretariat, while it is a
// draft (can.editCommitment, the rule the HTML forms use too). Everyone may read it. The live
// transport asks at the upgrade and at every re-check (server/collab/rooms/commitment.ts).

/** What the rule needs of a commitment; null when it does not exist. */
export async function draftAccessResource(commitmentId: string): Promise<CommitmentForPermission | null> {
  const commitment = await prisma().commitment.findUnique({
    where: { id: commitmentId },
    select: { status: true, team: { select: { userId: true } } },
  });
  if (!commitment) return null;
  return { status: commitment.status, teamUserIds: commitment.team.map((m) => m.userId) };
}

/** Whether `actor` may write the live draft. */
export function canWriteDraft(resource: CommitmentForPermission, actor: Actor): boolean {
  return can.editCommitment(actor, resource);
}
