import { prisma } from "~/utils/db.server.ts";
import type { ActivityEvent } from "~/live-events.ts";
import { eventBus } from "~/utils/bus.server.ts";

type NewActivity = { kind: string; actorId?: string | null; subjectType: string; subjectId: string; summary: string };

/** Records a public act and announces it live. */
export async function recordActivity(input: NewActivity): Promise<ActivityEvent> {
  const row = await prisma().activity.create({
    data: input,
    include: { actor: { select: { name: true } } },
  });
  const event = toEvent(row);
  eventBus().publish("activity", event);
  return event;
}

/** The latest public acts, newest first. */
export async function recentActivity(limit = 10): Promise<ActivityEvent[]> {
  const rows = await prisma().activity.findMany({
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { actor: { select: { name: true } } },
  });
  return rows.map(toEvent);
}

function toEvent(row: {
  id: string;
  kind: string;
  summary: string;
  subjectType: string;
  subjectId: string;
  createdAt: Date;
  actor: { name: string } | null;
}): ActivityEvent {
  return {
    id: row.id,
    kind: row.kind,
    summary: row.summary,
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    actorName: row.actor?.name ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
