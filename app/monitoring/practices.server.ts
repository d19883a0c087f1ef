import type { Prisma } from "~/generated/prisma/client.ts";
import { appendAct, LEDGER_TRANSACTION } from "~/record/ledger.server.ts";
import { prisma } from "~/utils/db.server.ts";
import { can, type Actor } from "~/utils/permissions.server.ts";
import type { AcceptedFile } from "./evidence.server.ts";

// Good practices of open government: anyone logged in submits one; a reviewer (the secretariat or
// a public servant, can.reviewPractice) publishes it, which is appended to the public record
// (practice.published, with each linked commitment). Published practices are searched, filtered
// by territory and theme, and linked to commitments.

export type NewPractice = {
  /** A stable id, for demo data only. */
  id?: string;
  title: string;
  entity: string;
  territoryId: string;
  theme: string;
  whatWasDone: string;
  results: string;
  evidenceUrl: string | null;
  commitmentIds: string[];
  files?: AcceptedFile[];
};

/** Submits a practice for review; "invalid" when the territory or a commitment does not exist. */
export async function submitPractice(input: NewPractice, actor: Actor) {
  if (!actor || !can.submitPractice(actor)) return { ok: false as const, error: "forbidden" as const };
  const [territory, commitmentCount] = await Promise.all([
    prisma().territory.findUnique({ where: { id: input.territoryId }, select: { id: true } }),
    prisma().commitment.count({ where: { id: { in: input.commitmentIds } } }),
  ]);
  if (!territory || commitmentCount !== new Set(input.commitmentIds).size) {
    return { ok: false as const, error: "invalid" as const };
  }
  const practice = await prisma().goodPractice.create({
    data: {
      id: input.id,
      title: input.title,
      entity: input.entity,
      territoryId: input.territoryId,
      theme: input.theme,
      whatWasDone: input.whatWasDone,
      results: input.results,
      submittedById: actor.id,
      evidence: {
        create: [
          ...(input.evidenceUrl ? [{ url: input.evidenceUrl }] : []),
          ...(input.files ?? []).map((f) => ({
            fileName: f.fileName,
            mediaType: f.mediaType,
            size: f.size,
            sha256: f.sha256,
            file: { create: { data: f.data } },
          })),
        ],
      },
      commitments: { create: [...new Set(input.commitmentIds)].map((commitmentId) => ({ commitmentId })) },
    },
    select: { id: true },
  });
  return { ok: true as const, id: practice.id };
}

/** Publishes a submitted practice and records it; only reviewers may. */
export async function publishPractice(id: string, actor: Actor, db: Prisma.TransactionClient | null = null) {
  if (!actor || !can.reviewPractice(actor)) return { ok: false as const, error: "forbidden" as const };
  const run = async (tx: Prisma.TransactionClient) => {
    const practice = await tx.goodPractice.findUnique({
      where: { id },
      select: {
        status: true,
        title: true,
        territoryId: true,
        theme: true,
        commitments: { select: { commitmentId: true } },
      },
    });
    if (!practice) return { ok: false as const, error: "not-found" as const };
    const moved = await tx.goodPractice.updateMany({
      where: { id, status: "SUBMITTED" },
      data: { status: "PUBLISHED", reviewedById: actor.id, publishedAt: new Date() },
    });
    if (moved.count === 0) return { ok: false as const, error: "invalid" as const };
    const commitmentIds = practice.commitments.map((c) => c.commitmentId);
    await appendAct(tx, {
      kind: "practice.published",
      subjectType: "good-practice",
      subjectId: id,
      actorId: actor.id,
      sector: actor.memberships[0]?.sector ?? "PUBLIC_SECTOR",
      orgId: actor.memberships[0]?.organizationId ?? null,
      // The record links one commitment per entry; a practice linked to several names them all.
      commitmentId: commitmentIds[0] ?? null,
      data: { title: practice.title, territoryId: practice.territoryId, theme: practice.theme, commitmentIds },
    });
    return { ok: true as const };
  };
  return db ? run(db) : prisma().$transaction(run, LEDGER_TRANSACTION);
}

export type PracticeFilter = {
  q?: string | null;
  territoryId?: string | null;
  theme?: string | null;
  commitmentId?: string | null;
};

/** Published practices matching a search (title, entity, what was done, results) and filters. */
export function listPractices(filter: PracticeFilter = {}, options: { includeSubmitted?: boolean } = {}) {
  const q = filter.q?.trim().slice(0, 100);
  return prisma().goodPractice.findMany({
    where: {
      ...(options.includeSubmitted ? {} : { status: "PUBLISHED" }),
      ...(filter.territoryId ? { territoryId: filter.territoryId } : {}),
      ...(filter.theme ? { theme: filter.theme } : {}),
      ...(filter.commitmentId ? { commitments: { some: { commitmentId: filter.commitmentId } } } : {}),
      ...(q
        ? {
            OR: [
              { title: { contains: q } },
              { entity: { contains: q } },
              { whatWasDone: { contains: q } },
              { results: { contains: q } },
            ],
          }
        : {}),
    },
    orderBy: [{ status: "asc" }, { publishedAt: "desc" }, { createdAt: "desc" }],
    select: {
      id: true,
      title: true,
      entity: true,
      theme: true,
      status: true,
      publishedAt: true,
      whatWasDone: true,
      territory: { select: { id: true, name: true } },
      commitments: { select: { commitment: { select: { id: true, number: true, title: true, titleEn: true } } } },
    },
  });
}

/** The themes practices use, for the filter. */
export async function practiceThemes() {
  const rows = await prisma().goodPractice.findMany({
    where: { status: "PUBLISHED" },
    distinct: ["theme"],
    select: { theme: true },
  });
  return rows.map((r) => r.theme).sort((a, b) => a.localeCompare(b, "es"));
}

/** One practice; a submitted one only for its author and reviewers. */
export async function getPractice(id: string, actor: Actor) {
  const practice = await prisma().goodPractice.findUnique({
    where: { id },
    include: {
      territory: { select: { id: true, name: true } },
      submittedBy: { select: { name: true } },
      evidence: { select: { id: true, url: true, fileName: true } },
      commitments: {
        select: {
          commitment: {
            select: { id: true, number: true, title: true, titleEn: true, plan: { select: { name: true } } },
          },
        },
      },
    },
  });
  if (!practice) return null;
  if (practice.status !== "PUBLISHED" && !can.reviewPractice(actor) && practice.submittedById !== actor?.id)
    return null;
  return practice;
}

/** Every commitment, newest plan first, as the choices of the practice form's "commitment" field. */
export async function practiceCommitmentOptions(): Promise<{ id: string; label: string }[]> {
  const rows = await prisma().commitment.findMany({
    orderBy: [{ plan: { periodStart: "desc" } }, { number: "asc" }],
    select: { id: true, number: true, title: true, titleEn: true, plan: { select: { name: true } } },
  });
  return rows.map((c) => ({ id: c.id, label: `${c.plan.name} · ${c.number}. ${c.title ?? c.titleEn ?? ""}` }));
}
