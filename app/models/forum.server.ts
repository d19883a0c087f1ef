import { prisma } from "~/utils/db.server.ts";

/** The next scheduled session of the Foro Multiactor, or null. */
export function getNextForumSession(now = new Date()) {
  return prisma.forumSession.findFirst({
    where: { status: "SCHEDULED", scheduledAt: { gte: now } },
    orderBy: { scheduledAt: "asc" },
    select: { id: true, title: true, scheduledAt: true, location: true, isDemo: true },
  });
}

/** How many forum members each sector has. */
export async function forumMembersBySector() {
  const groups = await prisma.forumMember.groupBy({ by: ["sector"], _count: { _all: true } });
  return groups.map((g) => ({ sector: g.sector, count: g._count._all }));
}
