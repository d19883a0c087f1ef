// Demo data of the Foro Multiactor (prisma/seed/data/forum.json): its members across the four
// sectors (fictional people: the sources name institutions, not their representatives), its
// published rules, two past sessions with approved minutes, motions and agreements, and the next
// session with its agenda.
//
// Idempotent: members and rules are upserted by stable ids; the next session is created when none
// is scheduled, the past sessions once (when no demo session has been held yet), and the next
// session's agenda only when it is empty. Every act the public record covers goes through the
// forum model, so the ledger holds it and verifies.
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import { addAgendaItem, scheduleSessions } from "../../app/forum/sessions.server.ts";
import { approveMinutes, circulateMinutes } from "../../app/forum/minutes.server.ts";
import {
  closeMotion,
  endSession,
  openMotion,
  recordAgreement,
  startSession,
  takeRollCall,
  updateAgreement,
} from "../../app/forum/meeting.server.ts";
import type { Actor } from "../../app/utils/permissions.server.ts";
import type { AgendaItem, SeedData } from "./data.ts";

const DAY = 24 * 60 * 60 * 1000;

/** 15:00 in Lima (UTC-5, no daylight saving) on the first Thursday of the month after `now`. */
export function nextForumSessionDate(now: Date): Date {
  const lima = new Date(now.getTime() - 5 * 60 * 60 * 1000);
  const year = lima.getUTCFullYear();
  const month = lima.getUTCMonth() + 1; // Date.UTC rolls month 12 over to January.
  const firstWeekday = new Date(Date.UTC(year, month, 1)).getUTCDay();
  const firstThursday = 1 + ((4 - firstWeekday + 7) % 7);
  return new Date(Date.UTC(year, month, firstThursday, 20, 0, 0));
}

/** 15:00 in Lima on the first Thursday of the month `monthsAgo` months before `now`. */
function firstThursdayAgo(now: Date, monthsAgo: number): Date {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() - monthsAgo;
  const firstWeekday = new Date(Date.UTC(y, m, 1)).getUTCDay();
  return new Date(Date.UTC(y, m, 1 + ((4 - firstWeekday + 7) % 7), 20, 0, 0));
}

async function actorFor(prisma: PrismaClient, email: string): Promise<NonNullable<Actor>> {
  const user = await prisma.user.findUniqueOrThrow({
    where: { email },
    select: {
      id: true,
      role: true,
      memberships: { select: { organizationId: true, role: true, organization: { select: { sector: true } } } },
    },
  });
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

function must<T extends { ok: boolean }>(result: T, what: string): T & { ok: true } {
  if (!result.ok) throw new Error(`Forum seed: ${what} failed: ${JSON.stringify(result)}`);
  return result as T & { ok: true };
}

/**
 * An agenda item of the data as the forum model takes it: the n-th demo commitment, the first
 * pending agreement, or free text; null when it names something that does not exist.
 */
function agendaInput(
  item: AgendaItem,
  demoCommitments: { id: string }[],
  pendingAgreement: { id: string } | null,
): { title: string; kind: "other" | "commitment" | "agreement"; targetId: string | null } | null {
  if (item.kind === "other") return { title: item.title, kind: "other", targetId: null };
  if (item.kind === "agreement") {
    return pendingAgreement ? { title: item.title, kind: "agreement", targetId: pendingAgreement.id } : null;
  }
  const commitment = demoCommitments[item.commitment - 1];
  if (commitment) return { title: "", kind: "commitment", targetId: commitment.id };
  return item.otherwise ? { title: item.otherwise, kind: "other", targetId: null } : null;
}

export async function seedForum(prisma: PrismaClient, data: SeedData): Promise<void> {
  const forum = data.forum;
  const now = new Date();
  const orgId = async (slug: string) =>
    (await prisma.organization.findUniqueOrThrow({ where: { slug }, select: { id: true } })).id;

  // Members: two-year terms that started at the beginning of the year.
  const termStart = new Date(Date.UTC(now.getUTCFullYear(), 0, 1, 12));
  const termEnd = new Date(Date.UTC(now.getUTCFullYear() + 1, 11, 31, 12));
  for (const m of forum.members) {
    const userId = m.account
      ? (await prisma.user.findUniqueOrThrow({ where: { email: m.account }, select: { id: true } })).id
      : null;
    const member = {
      organizationId: await orgId(m.organization),
      sector: m.sector,
      name: m.name,
      role: m.role,
      regionId: m.regionId,
      userId,
      termStart,
      termEnd,
    };
    await prisma.forumMember.upsert({ where: { id: m.id }, create: { id: m.id, ...member }, update: member });
  }

  // The published rules, unless the secretariat has published its own.
  const rules = await prisma.forumRules.findUnique({ where: { id: "forum" } });
  if (!rules) {
    await prisma.forumRules.create({
      data: {
        id: "forum",
        text: forum.rules.paragraphs.join("\n\n"),
        quorumMajority: forum.rules.quorumMajority,
        quorumEachSector: forum.rules.quorumEachSector,
        publishedAt: new Date(now.getTime() - forum.rules.publishedDaysAgo * DAY),
      },
    });
  }

  // The next ordinary session, unless one is already scheduled.
  const upcoming = await prisma.forumSession.findFirst({
    where: { status: "SCHEDULED", scheduledAt: { gt: now } },
    select: { id: true },
  });
  if (!upcoming) {
    await prisma.forumSession.create({
      data: {
        title: forum.nextSession.title,
        scheduledAt: nextForumSessionDate(now),
        location: forum.nextSession.location,
        status: "SCHEDULED",
        isDemo: true,
      },
    });
  }

  const admin = await actorFor(prisma, forum.secretariat);
  const chair = await actorFor(prisma, forum.chair);
  const demoCommitments = await prisma.commitment.findMany({
    where: { plan: { isDemo: true } },
    orderBy: { number: "asc" },
    select: { id: true },
  });

  // Past sessions, run through the model so the record holds their acts.
  const alreadyHeld = await prisma.forumSession.findFirst({
    where: { isDemo: true, status: "HELD" },
    select: { id: true },
  });
  if (!alreadyHeld) {
    for (const p of forum.pastSessions) {
      const when = firstThursdayAgo(now, p.monthsAgo);
      const { ids } = must(
        await scheduleSessions(admin, { title: p.title, scheduledAt: when, location: p.location, repeat: 1 }),
        "schedule",
      );
      const id = ids[0]!;
      await prisma.forumSession.update({ where: { id }, data: { isDemo: true } });
      const itemIds: string[] = [];
      for (const item of p.agenda) {
        const input = agendaInput(item, demoCommitments, null);
        if (input) itemIds.push(must(await addAgendaItem(admin, id, input), "agenda").id);
      }
      must(await startSession(chair, id), "start");
      const members = await prisma.forumMember.findMany({ where: { id: { in: forum.members.map((m) => m.id) } } });
      const statuses = new Map(members.map((m) => [m.id, p.rollCall[m.id] ?? ("PRESENT" as const)]));
      must(await takeRollCall(chair, id, statuses), "roll call");
      const motion = must(await openMotion(chair, id, { text: p.motion, agendaItemId: itemIds[0]! }), "motion");
      // Votes of members (most have no account): written as the voting screen would.
      const voters = members.filter(
        (m) => m.role !== "alternate" && (statuses.get(m.id) === "PRESENT" || statuses.get(m.id) === "REMOTE"),
      );
      const choices = [
        ...Array<string>(p.votes.FOR).fill("FOR"),
        ...Array<string>(p.votes.AGAINST).fill("AGAINST"),
        ...Array<string>(p.votes.ABSTAIN).fill("ABSTAIN"),
      ];
      for (const [i, voter] of voters.entries()) {
        const choice = choices[i];
        if (!choice) break;
        await prisma.forumVote.create({
          data: { motionId: motion.id, memberId: voter.id, choice, sector: voter.sector },
        });
      }
      must(await closeMotion(chair, motion.id), "close motion");
      const due = new Date(when.getTime() + p.agreement.dueInDays * DAY);
      const agreement = must(
        await recordAgreement(chair, id, {
          text: p.agreement.text,
          responsible: p.agreement.responsible,
          dueDate: due,
          agendaItemId: itemIds[0]!,
        }),
        "agreement",
      );
      must(await endSession(chair, id), "end");
      const ended = new Date(when.getTime() + 2 * 60 * 60 * 1000);
      await prisma.forumSession.update({ where: { id }, data: { startedAt: when, endedAt: ended } });
      if (p.agreement.done) {
        must(
          await updateAgreement(admin, agreement.id, { status: "DONE", evidence: p.agreement.done.evidence }),
          "agreement done",
        );
        await prisma.forumAgreement.update({
          where: { id: agreement.id },
          data: { doneAt: new Date(due.getTime() - p.agreement.done.daysBeforeDue * DAY) },
        });
      }
      must(await circulateMinutes(admin, id), "circulate");
      must(await approveMinutes(chair, id), "approve");
    }
  }

  // The next session: number it and give it an agenda if it has none.
  const next = await prisma.forumSession.findFirst({
    where: { status: "SCHEDULED", scheduledAt: { gt: now }, isDemo: true },
    orderBy: { scheduledAt: "asc" },
    select: { id: true, number: true, _count: { select: { agendaItems: true } } },
  });
  if (next) {
    if (next.number === null) {
      const max = await prisma.forumSession.aggregate({ _max: { number: true } });
      await prisma.forumSession.update({ where: { id: next.id }, data: { number: (max._max.number ?? 0) + 1 } });
    }
    if (next._count.agendaItems === 0) {
      const pending = await prisma.forumAgreement.findFirst({
        where: { status: { not: "DONE" } },
        select: { id: true },
      });
      for (const item of forum.nextSession.agenda) {
        const input = agendaInput(item, demoCommitments, pending);
        if (input) must(await addAgendaItem(admin, next.id, input), "next agenda");
      }
    }
  }
}
