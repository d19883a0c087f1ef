// Demo participation on the demonstration plan (prisma/seed/data/participation.json; fictional,
// like the plan): proposals from the demo accounts and organisations of every sector, with
// supports, endorsements, comment threads and some reasoned responses, so a newcomer sees the
// whole cycle at once.
//
// Every act goes through the participation models, so it is appended to the public record like
// any other, and the record verifies. Idempotent: proposals and comments carry stable submission
// keys (a second run finds them), votes and endorsements are unique per person, responses are only
// given to proposals still awaiting one.
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import type { Sector } from "../../app/generated/prisma/enums.ts";
import type { SeedData } from "./data.ts";

const DAY = 24 * 60 * 60 * 1000;

type Person = {
  id: string;
  name: string;
  role: "ADMIN" | "FORUM_MEMBER" | "PUBLIC_SERVANT" | "ORG_MEMBER" | "CITIZEN";
  memberships: { organizationId: string; role: "REPRESENTATIVE" | "MEMBER"; sector: Sector }[];
};

async function person(prisma: PrismaClient, email: string): Promise<Person> {
  const u = await prisma.user.findUniqueOrThrow({
    where: { email },
    select: {
      id: true,
      name: true,
      role: true,
      memberships: { select: { organizationId: true, role: true, organization: { select: { sector: true } } } },
    },
  });
  return {
    id: u.id,
    name: u.name,
    role: u.role,
    memberships: u.memberships.map((m) => ({
      organizationId: m.organizationId,
      role: m.role,
      sector: m.organization.sector,
    })),
  };
}

export async function seedParticipation(prisma: PrismaClient, data: SeedData): Promise<void> {
  const { publishProposal } = await import("../../app/participation/proposals.server.ts");
  const { castVote, endorse } = await import("../../app/participation/support.server.ts");
  const { respondToProposal } = await import("../../app/participation/responses.server.ts");
  const { postComment } = await import("../../app/participation/comments.server.ts");
  const { window, proposals, supports, endorsements, comments, responses } = data.participation;
  const planId = data.demoPlan.plan.id;
  const plan = await prisma.plan.findUnique({ where: { id: planId }, select: { id: true, phase: true } });
  if (!plan) return;

  // The participation window, set once.
  const now = Date.now();
  await prisma.plan.updateMany({
    where: { id: planId, participationOpensAt: null },
    data: {
      participationOpensAt: new Date(now - window.opensDaysAgo * DAY),
      participationClosesAt: new Date(now + window.closesInDays * DAY),
    },
  });

  const emails = [
    ...new Set([
      ...proposals.map((p) => p.author),
      ...supports.map((s) => s.by),
      ...endorsements.map((e) => e.by),
      ...comments.map((c) => c.by),
      ...responses.map((r) => r.by),
    ]),
  ];
  const people = new Map(await Promise.all(emails.map(async (email) => [email, await person(prisma, email)] as const)));
  const who = (email: string): Person => people.get(email)!;
  const themes = await prisma.theme.findMany({
    where: { planId },
    orderBy: { position: "asc" },
    select: { id: true },
  });
  const commitments = await prisma.commitment.findMany({
    where: { planId },
    orderBy: { number: "asc" },
    select: { id: true },
  });
  const theme = (i: number) => themes[i % Math.max(themes.length, 1)]?.id;
  const orgOf = (p: Person) => p.memberships[0]?.organizationId;

  const ids = new Map<string, string>();
  for (const p of proposals) {
    const author = who(p.author);
    const result = await publishProposal(author, {
      planId,
      title: p.title,
      body: p.body,
      themeId: theme(p.theme),
      territoryId: p.territoryId,
      organizationId: p.onBehalf ? orgOf(author) : undefined,
      submissionKey: p.key,
    });
    if (!result.ok) throw new Error(`seed: could not publish ${p.key}: ${result.error}`);
    ids.set(p.key, result.id);
  }
  const proposalId = (key: string): string => ids.get(key)!;

  // Supports from people of every sector (one each, so a second run adds nothing).
  for (const s of supports) for (const key of s.proposals) await castVote(who(s.by), proposalId(key));

  // Endorsements: named, as a person or on behalf of an organisation.
  for (const e of endorsements) {
    const by = who(e.by);
    await endorse(by, proposalId(e.proposal), e.onBehalf ? orgOf(by) : undefined);
  }

  // Comment threads, with stances; a reply only when its parent was posted.
  const posted = new Map<string, string>();
  for (const c of comments) {
    const parentId = c.parent === undefined ? undefined : posted.get(c.parent);
    if (c.parent !== undefined && !parentId) continue;
    const result = await postComment(
      who(c.by),
      { type: "proposal", id: proposalId(c.proposal) },
      { body: c.body, stance: c.stance, ...(parentId ? { parentId } : {}), submissionKey: c.key },
    );
    if (result.ok) posted.set(c.key, result.id);
  }

  // Reasoned responses from the plan's team, on proposals still awaiting one.
  const awaiting = async (id: string) =>
    (await prisma.proposal.findUnique({ where: { id }, select: { status: true } }))?.status === "PUBLISHED";
  for (const r of responses) {
    const commitment = r.commitment === undefined ? undefined : commitments[r.commitment - 1];
    if (r.commitment !== undefined && !commitment) continue;
    const id = proposalId(r.proposal);
    if (!(await awaiting(id))) continue;
    await respondToProposal(who(r.by), id, {
      status: r.status,
      ...(r.reason === undefined ? {} : { reason: r.reason }),
      ...(commitment ? { commitmentId: commitment.id } : {}),
    });
  }
}
