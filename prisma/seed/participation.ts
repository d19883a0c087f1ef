// Demo participation on the demonstration plan (fictional, like the plan): proposals from the demo
// accounts and organisations of every sector, with supports, endorsements, comment threads and
// some reasoned responses, so a newcomer sees the whole cycle at once.
//
// Every act goes through the participation models, so it is appended to the public record like
// any other, and the record verifies. Idempotent: proposals and comments carry stable submission
// keys (a second run finds them), votes and endorsements are unique per person, responses are only
// given to proposals still awaiting one.
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import type { Sector } from "../../app/generated/prisma/enums.ts";
import { CONSENT_PURPOSE, PRIVACY_POLICY_VERSION } from "../../app/privacy.ts";
import { hashPassword } from "../../app/utils/password.server.ts";

const DEMO_PLAN_ID = "plan-demostracion-2027-2028";
const DAY = 24 * 60 * 60 * 1000;

/** Two more demo accounts so that private sector and academia take part too (password minka-demo). */
const EXTRA_USERS = [
  { email: "empresa@minka.pe", name: "Carlos Rojas (demo)", slug: "demo-camara-empresarial" },
  { email: "academia@minka.pe", name: "Ana Torres (demo)", slug: "demo-universidad" },
] as const;

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

export async function seedParticipation(prisma: PrismaClient): Promise<void> {
  const { publishProposal } = await import("../../app/participation/proposals.server.ts");
  const { castVote, endorse } = await import("../../app/participation/support.server.ts");
  const { respondToProposal } = await import("../../app/participation/responses.server.ts");
  const { postComment } = await import("../../app/participation/comments.server.ts");
  const plan = await prisma.plan.findUnique({ where: { id: DEMO_PLAN_ID }, select: { id: true, phase: true } });
  if (!plan) return;

  // The participation window: open from a week ago for three months, set once.
  const now = Date.now();
  await prisma.plan.updateMany({
    where: { id: DEMO_PLAN_ID, participationOpensAt: null },
    data: { participationOpensAt: new Date(now - 7 * DAY), participationClosesAt: new Date(now + 90 * DAY) },
  });

  const passwordHash = await hashPassword("minka-demo");
  for (const u of EXTRA_USERS) {
    const user = await prisma.user.upsert({
      where: { email: u.email },
      create: { email: u.email, name: u.name, role: "ORG_MEMBER", passwordHash },
      update: { name: u.name },
      select: { id: true },
    });
    const org = await prisma.organization.findUnique({ where: { slug: u.slug }, select: { id: true } });
    if (org) {
      await prisma.membership.upsert({
        where: { userId_organizationId: { userId: user.id, organizationId: org.id } },
        create: { userId: user.id, organizationId: org.id, role: "REPRESENTATIVE" },
        update: {},
      });
    }
    const consent = await prisma.consent.findFirst({
      where: { userId: user.id, purpose: CONSENT_PURPOSE, policyVersion: PRIVACY_POLICY_VERSION },
      select: { id: true },
    });
    if (!consent) {
      await prisma.consent.create({
        data: { userId: user.id, purpose: CONSENT_PURPOSE, policyVersion: PRIVACY_POLICY_VERSION, granted: true },
      });
    }
  }

  const [admin, foro, servidor, ciudadana, empresa, academia] = await Promise.all(
    ["admin", "foro", "servidor", "ciudadana", "empresa", "academia"].map((name) => person(prisma, `${name}@minka.pe`)),
  );
  if (!admin || !foro || !servidor || !ciudadana || !empresa || !academia) return;
  const themes = await prisma.theme.findMany({
    where: { planId: DEMO_PLAN_ID },
    orderBy: { position: "asc" },
    select: { id: true },
  });
  const commitments = await prisma.commitment.findMany({
    where: { planId: DEMO_PLAN_ID },
    orderBy: { number: "asc" },
    select: { id: true },
  });
  const theme = (i: number) => themes[i % Math.max(themes.length, 1)]?.id;
  const orgOf = (p: Person) => p.memberships[0]?.organizationId;

  const proposals: {
    key: string;
    author: Person;
    onBehalf: boolean;
    title: string;
    body: string;
    theme: number;
    territoryId?: string;
  }[] = [
    {
      key: "demo-propuesta-01",
      author: ciudadana,
      onBehalf: false,
      title: "Publicar en datos abiertos los tiempos de atención de los hospitales regionales",
      body: "En La Libertad esperamos semanas por una cita y no sabemos cuánto. Propongo que cada hospital regional publique cada semana, en formato abierto, los tiempos promedio de espera por especialidad, para que la ciudadanía pueda planificar y vigilar las mejoras.",
      theme: 0,
      territoryId: "13",
    },
    {
      key: "demo-propuesta-02",
      author: foro,
      onBehalf: true,
      title: "Mesas de co-creación descentralizadas con traducción a lenguas originarias",
      body: "Las sesiones de co-creación se concentran en Lima y en castellano. Proponemos mesas en al menos cinco regiones, con intérpretes de quechua, aimara y asháninka, y materiales en lectura fácil, para que las comunidades puedan aportar al plan.",
      theme: 1,
    },
    {
      key: "demo-propuesta-03",
      author: empresa,
      onBehalf: true,
      title: "Registro abierto de beneficiarios finales de las empresas que contratan con el Estado",
      body: "Para prevenir conflictos de interés, proponemos que el registro de beneficiarios finales de las empresas proveedoras del Estado sea consultable en línea y se cruce con las declaraciones juradas de intereses de los funcionarios.",
      theme: 2,
    },
    {
      key: "demo-propuesta-04",
      author: academia,
      onBehalf: true,
      title: "Evaluación independiente de los compromisos con participación de universidades",
      body: "Proponemos que universidades públicas y privadas acompañen la evaluación de medio término de los compromisos, con una metodología abierta y datos publicados, para fortalecer el aprendizaje entre planes.",
      theme: 0,
    },
    {
      key: "demo-propuesta-05",
      author: servidor,
      onBehalf: false,
      title: "Tablero público de avance de los compromisos actualizado cada mes",
      body: "Propongo un tablero público donde cada institución responsable reporte cada mes el avance de sus hitos, con evidencias enlazadas, para que el Foro Multiactor y la ciudadanía sigan el plan sin esperar los informes anuales.",
      theme: 1,
    },
    {
      key: "demo-propuesta-06",
      author: ciudadana,
      onBehalf: false,
      title: "Presupuesto participativo con seguimiento en línea de cada obra",
      body: "Las obras aprobadas en el presupuesto participativo a veces no se ejecutan y nadie explica por qué. Propongo que cada obra tenga una ficha en línea con su estado, su presupuesto y las razones de cualquier retraso.",
      theme: 2,
      territoryId: "13",
    },
  ];

  const ids: string[] = [];
  for (const p of proposals) {
    const result = await publishProposal(p.author, {
      planId: DEMO_PLAN_ID,
      title: p.title,
      body: p.body,
      themeId: theme(p.theme),
      territoryId: p.territoryId,
      organizationId: p.onBehalf ? orgOf(p.author) : undefined,
      submissionKey: p.key,
    });
    if (!result.ok) throw new Error(`seed: could not publish ${p.key}: ${result.error}`);
    ids.push(result.id);
  }
  const [p1, p2, p3, p4, p5, p6] = ids as [string, string, string, string, string, string];

  // Supports from people of every sector (one each, so a second run adds nothing).
  const supports: [Person, string[]][] = [
    [ciudadana, [p2, p3, p4, p5]],
    [foro, [p1, p3, p5, p6]],
    [empresa, [p1, p2, p5]],
    [academia, [p1, p2, p3, p6]],
    [servidor, [p1, p4]],
    [admin, [p2]],
  ];
  for (const [who, targets] of supports) for (const id of targets) await castVote(who, id);

  // Endorsements: named, as a person or on behalf of an organisation.
  await endorse(foro, p1, orgOf(foro));
  await endorse(academia, p1, orgOf(academia));
  await endorse(ciudadana, p2);
  await endorse(empresa, p5, orgOf(empresa));
  await endorse(foro, p4);

  // A comment thread three levels deep, with stances, and a few more comments.
  const c1 = await postComment(
    servidor,
    { type: "proposal", id: p1 },
    {
      body: "Los hospitales ya registran las citas en el sistema; el reto es publicar sin datos personales. ¿Bastaría con promedios por especialidad y semana?",
      stance: "NEUTRAL",
      submissionKey: "demo-comentario-01",
    },
  );
  if (c1.ok) {
    const c2 = await postComment(
      ciudadana,
      { type: "proposal", id: p1 },
      {
        body: "Sí, con promedios por especialidad basta, siempre que se actualicen cada semana y se puedan descargar.",
        stance: "FOR",
        parentId: c1.id,
        submissionKey: "demo-comentario-02",
      },
    );
    if (c2.ok) {
      await postComment(
        academia,
        { type: "proposal", id: p1 },
        {
          body: "Podemos ayudar con la metodología de anonimización y con la validación de los datos publicados.",
          stance: "FOR",
          parentId: c2.id,
          submissionKey: "demo-comentario-03",
        },
      );
    }
  }
  await postComment(
    empresa,
    { type: "proposal", id: p2 },
    {
      body: "Estamos de acuerdo, pero el costo de intérpretes debería estar en el presupuesto del plan desde el inicio.",
      stance: "FOR",
      submissionKey: "demo-comentario-04",
    },
  );
  await postComment(
    servidor,
    { type: "proposal", id: p3 },
    {
      body: "El registro existe, pero su apertura requiere un cambio normativo que excede el periodo del plan.",
      stance: "AGAINST",
      submissionKey: "demo-comentario-05",
    },
  );

  // Reasoned responses from the plan's team, on proposals still awaiting one.
  const awaiting = async (id: string) =>
    (await prisma.proposal.findUnique({ where: { id }, select: { status: true } }))?.status === "PUBLISHED";
  if (commitments[0] && (await awaiting(p1))) {
    await respondToProposal(servidor, p1, {
      status: "ACCEPTED",
      reason:
        "Se incorpora al compromiso 1 como hito: publicación semanal de tiempos de espera por especialidad, con datos agregados y sin datos personales.",
      commitmentId: commitments[0].id,
    });
  }
  if (commitments[1] && (await awaiting(p2))) {
    await respondToProposal(servidor, p2, {
      status: "PARTLY_ACCEPTED",
      reason:
        "Se realizarán mesas en tres regiones con interpretación a quechua; las demás lenguas dependen de la disponibilidad presupuestal del próximo año.",
      commitmentId: commitments[1].id,
    });
  }
  if (await awaiting(p3)) {
    await respondToProposal(servidor, p3, {
      status: "NOT_ACCEPTED",
      reason:
        "Requiere una modificación legal que excede el periodo del plan; se traslada como recomendación al Foro Multiactor para el siguiente plan.",
    });
  }
  if (await awaiting(p4)) await respondToProposal(servidor, p4, { status: "UNDER_EVALUATION" });
}
