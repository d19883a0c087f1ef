// Demo data of monitoring: progress reports (the responsible institution's and civil society's
// assessment) with indicator values and evidence for the demonstration plan's commitments, and a
// few good practices. Everything here is fictional and says so. Every act goes through the model
// functions, so it is appended to the public record and the record verifies.
//
// Idempotent: reports and practices have stable ids and are only created when missing.
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import type { Completion } from "../../app/generated/prisma/enums.ts";
import { acceptEvidenceFile, type AcceptedFile } from "../../app/monitoring/evidence.server.ts";
import { publishPractice, submitPractice } from "../../app/monitoring/practices.server.ts";
import { fileProgressReport, type Period } from "../../app/monitoring/progress.server.ts";
import type { Actor } from "../../app/utils/permissions.server.ts";

const DEMO_PLAN_ID = "plan-demostracion-2027-2028";

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

type DemoReport = {
  id: string;
  commitmentNumber: number;
  source: "INSTITUTION" | "CIVIL_SOCIETY";
  period: Period;
  completion: Completion;
  narrative: string;
  /** Completion of milestones by position. */
  milestones: Record<number, Completion>;
  /** Indicator values by indicator position within its kind, in the order ACTIVITY, RESULT, IMPACT. */
  indicators: string[];
  links: string[];
  file?: { name: string; text: string };
};

const REPORTS: readonly DemoReport[] = [
  {
    id: "demo-avance-c1-2027-s1",
    commitmentNumber: 1,
    source: "INSTITUTION",
    period: "2027-S1",
    completion: "LIMITED",
    narrative:
      "Datos ficticios de demostración. Se realizaron dos de los tres talleres de co-diseño previstos con el colectivo ciudadano y la universidad; el diccionario de datos está en revisión pública.",
    milestones: { 1: "SUBSTANTIAL", 2: "NOT_STARTED" },
    indicators: ["2", "0", "Sin medición"],
    links: ["https://www.gob.pe/"],
    file: {
      name: "Acta del taller 2 (ficticia).pdf",
      text: "Acta ficticia del segundo taller de co-diseno - Minka demo",
    },
  },
  {
    id: "demo-evaluacion-c1-2027-s1",
    commitmentNumber: 1,
    source: "CIVIL_SOCIETY",
    period: "2027-S1",
    completion: "LIMITED",
    narrative:
      "Datos ficticios de demostración. Valoramos los talleres, pero el diccionario de datos todavía no incluye las especialidades que más piden las personas usuarias. Pedimos un tercer taller en regiones.",
    milestones: { 1: "LIMITED" },
    indicators: ["2"],
    links: [],
  },
  {
    id: "demo-avance-c2-2027-s1",
    commitmentNumber: 2,
    source: "INSTITUTION",
    period: "2027-S1",
    completion: "SUBSTANTIAL",
    narrative:
      "Datos ficticios de demostración. La consulta a las familias se realizó en seis regiones, en línea y presencialmente; el informe de resultados se publicó en la plataforma de información escolar.",
    milestones: { 1: "COMPLETE", 2: "LIMITED" },
    indicators: ["2350", "40 %", "52 %"],
    links: ["https://www.gob.pe/minedu"],
    file: {
      name: "informe_consulta_familias_FICTICIO.pdf",
      text: "Informe ficticio de la consulta a familias - Minka demo",
    },
  },
  {
    id: "demo-avance-c3-2027-s1",
    commitmentNumber: 3,
    source: "INSTITUTION",
    period: "2027-S1",
    completion: "NOT_STARTED",
    narrative:
      "Datos ficticios de demostración. Se conformó el equipo de trabajo con el colectivo ciudadano; la elaboración de los modelos de notificación empezará en el segundo semestre.",
    milestones: { 1: "NOT_STARTED", 2: "NOT_STARTED" },
    indicators: ["0", "0"],
    links: [],
  },
];

const PRACTICES = [
  {
    id: "demo-practica-presupuesto-participativo-digital",
    title: "Presupuesto participativo en línea con asambleas presenciales (ejemplo ficticio)",
    entity: "Municipalidad Distrital Demo",
    territoryId: "13",
    theme: "Participación ciudadana",
    whatWasDone:
      "Ejemplo ficticio de demostración. La municipalidad abrió la votación de proyectos del presupuesto participativo en línea y mantuvo asambleas presenciales en los centros poblados sin conectividad.",
    results:
      "Ejemplo ficticio: la participación se triplicó respecto del año anterior y la mitad de las personas votantes eran jóvenes.",
    evidenceUrl: "https://www.gob.pe/",
    commitmentNumbers: [2],
    publish: true,
  },
  {
    id: "demo-practica-datos-abiertos-salud",
    title: "Tablero abierto de citas en un hospital regional (ejemplo ficticio)",
    entity: "Hospital Regional Demo",
    territoryId: "08",
    theme: "Salud",
    whatWasDone:
      "Ejemplo ficticio de demostración. El hospital publica cada semana, en datos abiertos, los cupos de citas por especialidad y el tiempo promedio de espera.",
    results: "Ejemplo ficticio: las quejas por falta de información sobre citas bajaron un 40 % en seis meses.",
    evidenceUrl: null,
    commitmentNumbers: [1],
    publish: true,
  },
  {
    id: "demo-practica-lenguaje-claro",
    title: "Resoluciones en lenguaje claro en un juzgado de paz (ejemplo ficticio)",
    entity: "Juzgado de Paz Demo",
    territoryId: "1501",
    theme: "Justicia",
    whatWasDone:
      "Ejemplo ficticio de demostración. El juzgado acompaña cada resolución con un resumen en lenguaje claro que dice qué se decidió, qué debe hacer la persona y en qué plazo.",
    results: "Ejemplo ficticio: menos audiencias reprogramadas por inasistencia.",
    evidenceUrl: null,
    commitmentNumbers: [3],
    publish: false,
  },
] as const;

/** Loads monitoring's demo data (after the demo plan, accounts and memberships exist). */
export async function seedMonitoring(prisma: PrismaClient): Promise<void> {
  // Lima Metropolitana, a province of the Lima department with its own metropolitan government.
  await prisma.territory.upsert({
    where: { id: "1501" },
    create: { id: "1501", name: "Lima Metropolitana", level: "PROVINCE", parentId: "15" },
    update: { name: "Lima Metropolitana", level: "PROVINCE", parentId: "15" },
  });

  const [servidor, foro, admin] = await Promise.all([
    actorFor(prisma, "servidor@minka.pe"),
    actorFor(prisma, "foro@minka.pe"),
    actorFor(prisma, "admin@minka.pe"),
  ]);
  const ciudadana = await actorFor(prisma, "ciudadana@minka.pe");
  if (!servidor || !foro || !admin || !ciudadana) return;

  const commitments = await prisma.commitment.findMany({
    where: { planId: DEMO_PLAN_ID },
    select: {
      id: true,
      number: true,
      milestones: { orderBy: { position: "asc" }, select: { id: true, position: true } },
      indicators: { orderBy: { position: "asc" }, select: { id: true } },
    },
  });
  const byNumber = new Map(commitments.map((c) => [c.number, c]));

  for (const r of REPORTS) {
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

  for (const p of PRACTICES) {
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
