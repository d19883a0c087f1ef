import type { Sector } from "~/generated/prisma/enums.ts";
import { verifyLedger } from "./ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { services, type CachedVerification } from "~/services.server.ts";

// "¿Quién propuso y respaldó qué?": a commitment's lineage read only from the public record.
// The record holds ids, never names: names are looked up here, when the page is shown, so a
// person who erased their account shows as "participante eliminado" and the chain still verifies.
//
// Proposals, endorsements, votes and forum acts are created by other areas; this module reads
// them generically by kind (proposal.*, endorsement.*, vote.*, comment.*, forum.*), so it needs no
// knowledge of their tables.

export type LineageEntry = {
  seq: number;
  at: string;
  kind: string;
  subjectType: string;
  subjectId: string;
  actor: { id: string; name: string | null } | null;
  sector: Sector | null;
  organization: { id: string; name: string | null } | null;
  data: Record<string, unknown>;
  hash: string;
};

export type ProposalLineage = {
  id: string;
  /** The proposal's named acts (publication, endorsements, responses...), oldest first. */
  entries: LineageEntry[];
  votes: { cast: number; withdrawn: number; net: number };
  endorsers: { actor: LineageEntry["actor"]; sector: Sector | null; organization: LineageEntry["organization"] }[];
};

/** The lineage of a commitment: its proposals, its own acts (drafts, forum, approval, progress). */
export async function commitmentLineage(commitmentId: string) {
  const direct = await prisma().ledgerEntry.findMany({ where: { commitmentId }, orderBy: { seq: "asc" } });
  const proposalIds = [
    ...new Set(direct.filter((e) => e.subjectType === "proposal").map((e) => e.subjectId)),
    ...direct.flatMap((e) => proposalIdsIn(e.data)),
  ].filter((id, i, all) => all.indexOf(id) === i);
  const proposalEntries = proposalIds.length
    ? await prisma().ledgerEntry.findMany({
        where: { subjectType: "proposal", subjectId: { in: proposalIds } },
        orderBy: { seq: "asc" },
      })
    : [];
  // Endorsements or comments recorded on other subjects but pointing at the proposal in their data.
  const all = [...direct, ...proposalEntries];
  const userIds = [...new Set(all.map((e) => e.actorId).filter((id): id is string => id !== null))];
  const orgIds = [...new Set(all.map((e) => e.orgId).filter((id): id is string => id !== null))];
  const [users, orgs] = await Promise.all([
    prisma().user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } }),
    prisma().organization.findMany({ where: { id: { in: orgIds } }, select: { id: true, name: true } }),
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const view = (e: (typeof all)[number]): LineageEntry => ({
    seq: e.seq,
    at: e.at.toISOString(),
    kind: e.kind,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    // A vote is never shown with its voter: only counted.
    actor: e.actorId && !e.kind.startsWith("vote.") ? { id: e.actorId, name: userName.get(e.actorId) ?? null } : null,
    sector: e.sector,
    organization: e.orgId ? { id: e.orgId, name: orgName.get(e.orgId) ?? null } : null,
    data: e.kind.startsWith("vote.") ? {} : parseData(e.data),
    hash: e.hash,
  });

  const proposals: ProposalLineage[] = proposalIds.map((id) => {
    const entries = proposalEntries.filter((e) => e.subjectId === id);
    const cast = entries.filter((e) => e.kind === "vote.cast").length;
    const withdrawn = entries.filter((e) => e.kind === "vote.withdrawn").length;
    const named = entries.filter((e) => !e.kind.startsWith("vote.")).map(view);
    const withdrawnEndorsers = new Set(
      named.filter((e) => e.kind === "endorsement.withdrawn").map((e) => `${e.actor?.id}|${e.organization?.id}`),
    );
    return {
      id,
      entries: named,
      votes: { cast, withdrawn, net: cast - withdrawn },
      endorsers: named
        .filter((e) => e.kind === "endorsement.made" && !withdrawnEndorsers.has(`${e.actor?.id}|${e.organization?.id}`))
        .map((e) => ({ actor: e.actor, sector: e.sector, organization: e.organization })),
    };
  });

  const stages = direct.filter((e) => e.subjectType !== "proposal").map(view);
  return {
    proposals,
    forum: stages.filter((e) => e.kind.startsWith("forum.")),
    workflow: stages.filter((e) => e.kind.startsWith("commitment.")),
    progress: stages.filter((e) => e.kind === "progress.reported"),
    other: stages.filter(
      (e) => !e.kind.startsWith("forum.") && !e.kind.startsWith("commitment.") && e.kind !== "progress.reported",
    ),
    entryCount: direct.length + proposalEntries.length,
  };
}

function parseData(data: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(data);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Proposal ids an act names in its details (e.g. an agreement that adopts proposals). */
function proposalIdsIn(data: string): string[] {
  const d = parseData(data);
  const ids: unknown[] = [d.proposalId, ...(Array.isArray(d.proposalIds) ? d.proposalIds : [])];
  return ids.filter((id): id is string => typeof id === "string" && id.length > 0 && id.length < 100);
}

/** The named versions of the commitment's draft (from co-drafting), for the lineage page. */
export function draftVersions(commitmentId: string) {
  return prisma().commitmentVersion.findMany({
    where: { commitmentId },
    orderBy: { number: "asc" },
    select: {
      number: true,
      name: true,
      kind: true,
      createdAt: true,
      createdBy: { select: { name: true } },
    },
  });
}

// The latest verification of the whole chain, kept for a few minutes: the public pages show it
// without walking the chain on every request; anyone may ask for a fresh one (rate-limited).
const VERIFY_TTL_MS = 5 * 60 * 1000;

/** The latest verification result, recomputed when older than five minutes or when `fresh`. */
export async function latestVerification(fresh = false): Promise<CachedVerification> {
  const cache = services().caches.ledgerVerification;
  const cached = cache.value;
  if (!fresh && cached && Date.now() - cached.checkedAt.getTime() < VERIFY_TTL_MS) return cached;
  cache.running ??= verifyLedger()
    .then((result) => {
      cache.value = { result, checkedAt: new Date() };
      return cache.value;
    })
    .finally(() => {
      cache.running = null;
    });
  return cache.running;
}
