// Demo data of monitoring (prisma/seed/data/monitoring.json): progress reports (the responsible
// institution's and civil society's assessment) with indicator values and evidence for the
// demonstration plan's commitments, and a few good practices. Everything here is fictional and
// says so. Every act goes through the model functions, so it is appended to the public record and
// the record verifies.
//
// Idempotent: reports and practices have stable ids and are only created when missing.
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import { acceptEvidenceFile, type AcceptedFile } from "../../app/monitoring/evidence.server.ts";
import { publishPractice, submitPractice } from "../../app/monitoring/practices.server.ts";
import { fileProgressReport } from "../../app/monitoring/progress.server.ts";
import type { Actor } from "../../app/utils/permissions.server.ts";
import type { SeedData } from "./data.ts";

/** A one-page PDF that says what it is, built here so no binary file is committed. */
function demoPdf(text: string): Uint8Array<ArrayBuffer> {
  const content = `BT /F1 14 Tf 72 720 Td (${text.replace(/[()\\]/g, "")}) Tj ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, "latin1"));
}

async function evidenceFile(name: string, text: string): Promise<AcceptedFile> {
  const accepted = await acceptEvidenceFile(name, demoPdf(text));
  if (!accepted.ok) throw new Error(`seed: demo evidence refused: ${accepted.error}`);
  return accepted.file;
}

async function actorFor(prisma: PrismaClient, email: string): Promise<NonNullable<Actor> | null> {
  const user = await prisma.user.findUnique({
    where: { email },
    select: {
      id: true,
      role: true,
      memberships: { select: { organizationId: true, role: true, organization: { select: { sector: true } } } },
    },
  });
  if (!user) return null;
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

/** Loads monitoring's demo data (after the demo plan, accounts and memberships exist). */
export async function seedMonitoring(prisma: PrismaClient, data: SeedData): Promise<void> {
  const { actors, reports, practices } = data.monitoring;
  const [servidor, foro, admin, ciudadana] = await Promise.all(
    [actors.institution, actors.civilSociety, actors.reviewer, actors.practices].map((email) =>
      actorFor(prisma, email),
    ),
  );
  if (!servidor || !foro || !admin || !ciudadana) return;

  const commitments = await prisma.commitment.findMany({
    where: { planId: data.demoPlan.plan.id },
    select: {
      id: true,
      number: true,
      milestones: { orderBy: { position: "asc" }, select: { id: true, position: true } },
      indicators: { orderBy: { position: "asc" }, select: { id: true } },
    },
  });
  const byNumber = new Map(commitments.map((c) => [c.number, c]));

  for (const r of reports) {
    const commitment = byNumber.get(r.commitmentNumber);
    if (!commitment) continue;
    if (await prisma.progressReport.findUnique({ where: { id: r.id }, select: { id: true } })) continue;
    const civilSocietyOrg = foro.memberships.find((m) => m.sector === "CIVIL_SOCIETY")?.organizationId ?? null;
    const result = await fileProgressReport(
      commitment.id,
      {
        id: r.id,
        source: r.source,
        period: r.period,
        completion: r.completion,
        narrative: r.narrative,
        organizationId: r.source === "CIVIL_SOCIETY" ? civilSocietyOrg : null,
        milestones: commitment.milestones
          .filter((m) => r.milestones[m.position])
          .map((m) => ({ milestoneId: m.id, completion: r.milestones[m.position]! })),
        indicators: r.indicators
          .map((value, i) => ({ indicatorId: commitment.indicators[i]?.id ?? "", value }))
          .filter((v) => v.indicatorId),
        links: r.links,
        files: r.file ? [await evidenceFile(r.file.name, r.file.text)] : [],
      },
      r.source === "INSTITUTION" ? servidor : foro,
    );
    if (!result.ok) throw new Error(`seed: demo report ${r.id} refused: ${result.error}`);
  }

  for (const p of practices) {
    const existing = await prisma.goodPractice.findUnique({ where: { id: p.id }, select: { status: true } });
    if (!existing) {
      const submitted = await submitPractice(
        {
          id: p.id,
          title: p.title,
          entity: p.entity,
          territoryId: p.territoryId,
          theme: p.theme,
          whatWasDone: p.whatWasDone,
          results: p.results,
          evidenceUrl: p.evidenceUrl,
          commitmentIds: p.commitmentNumbers.map((n) => byNumber.get(n)?.id).filter((id): id is string => !!id),
        },
        ciudadana,
      );
      if (!submitted.ok) throw new Error(`seed: demo practice ${p.id} refused: ${submitted.error}`);
      await prisma.goodPractice.update({ where: { id: p.id }, data: { isDemo: true } });
    }
    if (p.publish && existing?.status !== "PUBLISHED") {
      const published = await publishPractice(p.id, admin);
      if (!published.ok) throw new Error(`seed: demo practice ${p.id} not published: ${published.error}`);
    }
  }
}
