import { isForumRole, SECTORS } from "./rules.ts";
import type { Sector } from "~/generated/prisma/enums.ts";
import { prisma } from "~/utils/db.server.ts";
import { can, type Actor, type ForumSeat } from "~/utils/permissions.server.ts";
import { type ForumFailure, type Ok, RULES_ID, announce } from "./forum.server.ts";

// The forum's composition: members and alternates by sector with their terms, the seat a person
// holds, and the rules the forum publishes (quorum, when minutes are approved).
// ---- composition and rules -------------------------------------------------------------------------

export const activeTerm = (now: Date) => ({
  AND: [
    { OR: [{ termEnd: null }, { termEnd: { gte: now } }] },
    { OR: [{ termStart: null }, { termStart: { lte: now } }] },
  ],
});

/** The current members (term not ended), with their institution and region. */
export async function listMembers(now = new Date()) {
  const rows = await prisma().forumMember.findMany({
    where: activeTerm(now),
    select: {
      id: true,
      name: true,
      role: true,
      sector: true,
      termStart: true,
      termEnd: true,
      userId: true,
      organization: { select: { name: true, slug: true, acronym: true } },
      region: { select: { id: true, name: true } },
      user: { select: { name: true } },
    },
    orderBy: [{ sector: "asc" }, { createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(({ user, ...m }) => ({ ...m, name: m.name ?? user?.name ?? null }));
}
export type ForumMemberRow = Awaited<ReturnType<typeof listMembers>>[number];

/** The actor's seat in the forum (a current member), or null. The strongest role wins. */
export async function seatOf(actor: Actor, now = new Date()): Promise<ForumSeat> {
  if (!actor) return null;
  const rows = await prisma().forumMember.findMany({
    where: { userId: actor.id, ...activeTerm(now) },
    select: { id: true, role: true, sector: true },
  });
  const order = ["chair", "secretary", "member", "alternate"];
  rows.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role));
  const row = rows[0];
  return row ? { memberId: row.id, role: row.role, sector: row.sector } : null;
}

export async function getRules() {
  const rules = await prisma().forumRules.findUnique({ where: { id: RULES_ID } });
  return (
    rules ?? {
      id: RULES_ID,
      text: "",
      quorumMajority: true,
      quorumEachSector: true,
      publishedAt: null,
      updatedAt: new Date(0),
    }
  );
}

/** The secretariat publishes the rules (reglamento) and sets the quorum rule. */
export async function publishRules(
  actor: Actor,
  input: { text: string; quorumMajority: boolean; quorumEachSector: boolean },
): Promise<Ok | ForumFailure> {
  const seat = await seatOf(actor);
  if (!can.scheduleForumSession(actor, seat)) return { ok: false, error: "forbidden" };
  if (!input.text.trim()) return { ok: false, error: "invalid" };
  const data = { ...input, publishedAt: new Date() };
  await prisma().forumRules.upsert({ where: { id: RULES_ID }, create: { id: RULES_ID, ...data }, update: data });
  announce(null, "rules");
  return { ok: true };
}

/**
 * The secretariat adds a member: an organisation (its sector is the member's), the person's name,
 * optionally their account (by email), region, role and term.
 */
export async function addMember(
  actor: Actor,
  input: {
    organizationId: string;
    name: string;
    email: string | null;
    regionId: string | null;
    role: string;
    termStart: Date;
    termEnd: Date | null;
  },
): Promise<Ok<{ id: string }> | ForumFailure> {
  if (!can.manageForum(actor)) return { ok: false, error: "forbidden" };
  if (!isForumRole(input.role) || !input.name.trim()) return { ok: false, error: "invalid" };
  if (input.termEnd && input.termEnd.getTime() <= input.termStart.getTime()) {
    return { ok: false, error: "invalid", reason: "term" };
  }
  const org = await prisma().organization.findUnique({ where: { id: input.organizationId }, select: { sector: true } });
  if (!org) return { ok: false, error: "invalid", reason: "unknown-organization" };
  if (
    input.regionId &&
    !(await prisma().territory.findUnique({ where: { id: input.regionId }, select: { id: true } }))
  ) {
    return { ok: false, error: "invalid", reason: "unknown-region" };
  }
  let userId: string | null = null;
  if (input.email) {
    const user = await prisma().user.findUnique({ where: { email: input.email.toLowerCase() }, select: { id: true } });
    if (!user) return { ok: false, error: "invalid", reason: "unknown-account" };
    userId = user.id;
  }
  const member = await prisma().forumMember.create({
    data: {
      organizationId: input.organizationId,
      sector: org.sector,
      name: input.name.trim(),
      userId,
      regionId: input.regionId,
      role: input.role,
      termStart: input.termStart,
      termEnd: input.termEnd,
    },
    select: { id: true },
  });
  announce(null, "members");
  return { ok: true, id: member.id };
}

/** The secretariat ends a member's term today: they leave the composition (past sessions keep them). */
export async function endMemberTerm(actor: Actor, memberId: string): Promise<Ok | ForumFailure> {
  const member = await prisma().forumMember.findUnique({ where: { id: memberId }, select: { id: true } });
  if (!member) return { ok: false, error: "not-found" };
  if (!can.manageForum(actor)) return { ok: false, error: "forbidden" };
  await prisma().forumMember.update({ where: { id: memberId }, data: { termEnd: new Date(Date.now() - 1000) } });
  announce(null, "members");
  return { ok: true };
}

/** The composition: members by sector and by region, and the rules. */
export async function getComposition(now = new Date()) {
  const [members, rules] = await Promise.all([listMembers(now), getRules()]);
  const bySector = SECTORS.map((sector) => ({ sector, members: members.filter((m) => m.sector === sector) }));
  const regions = new Map<string, { region: string; count: number; bySector: Record<Sector, number> }>();
  for (const m of members) {
    const name = m.region?.name ?? "—";
    const entry = regions.get(name) ?? {
      region: name,
      count: 0,
      bySector: Object.fromEntries(SECTORS.map((s) => [s, 0])) as Record<Sector, number>,
    };
    entry.count += 1;
    entry.bySector[m.sector] += 1;
    regions.set(name, entry);
  }
  return {
    members,
    bySector,
    byRegion: [...regions.values()].sort((a, b) => b.count - a.count || a.region.localeCompare(b.region)),
    rules,
  };
}
