import type { ForumSessionStatus, MinutesStatus } from "~/generated/prisma/enums.ts";
import { prisma } from "~/utils/db.server.ts";
import { can, type Actor } from "~/utils/permissions.server.ts";

// Who may write a forum session's live minutes (can.writeMinutes: the forum's current members and
// the secretariat, until the minutes are approved or the session is cancelled). Everyone may read
// them. The live transport asks at the upgrade and at every re-check (server/collab/rooms/minutes.ts).

export type MinutesResource = { status: ForumSessionStatus; minutesStatus: MinutesStatus; memberUserIds: string[] };

/** What the rule needs of a session; null when it does not exist. */
export async function minutesAccessResource(sessionId: string): Promise<MinutesResource | null> {
  const session = await prisma().forumSession.findUnique({
    where: { id: sessionId },
    select: { status: true, minutesStatus: true },
  });
  if (!session) return null;
  const members = await prisma().forumMember.findMany({
    where: { userId: { not: null }, OR: [{ termEnd: null }, { termEnd: { gte: new Date() } }] },
    select: { userId: true },
  });
  return { ...session, memberUserIds: members.map((m) => m.userId!) };
}

/** Whether `actor` may write the live minutes. */
export function canWriteMinutes(resource: MinutesResource, actor: Actor): boolean {
  return can.writeMinutes(actor, resource);
}
