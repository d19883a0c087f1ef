// Demo data of the Foro Multiactor: its members across the four sectors (fictional people: the
// sources name institutions, not their representatives), its published rules, two past sessions
// with approved minutes, motions and agreements, and the next session with its agenda.
//
// Idempotent: members, accounts and rules are upserted by stable ids; the past sessions are
// created once (when no demo session has been held yet), and the next session's agenda only when
// it is empty. Every act the public record covers goes through the forum model, so the ledger
// holds it and verifies.
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import type { Sector } from "../../app/generated/prisma/enums.ts";
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
import { CONSENT_PURPOSE, PRIVACY_POLICY_VERSION } from "../../app/privacy.ts";
import type { Actor } from "../../app/utils/permissions.server.ts";
import { hashPassword } from "../../app/utils/password.server.ts";

const DEMO_PASSWORD = "minka-demo";

/** Demo accounts of forum members (in addition to foro@minka.pe from the main seed). */
const FORUM_ACCOUNTS = [
  {
    email: "presidencia@minka.pe",
    name: "Carmen Villanueva (demo)",
    org: "sgp-pcm",
    membership: "MEMBER" as const,
  },
  {
    email: "academia@minka.pe",
    name: "Mateo Rojas (demo)",
    org: "demo-universidad",
    membership: "REPRESENTATIVE" as const,
  },
];

type MemberSeed = {
  id: string;
  org: string;
  sector: Sector;
  name: string;
  role: "chair" | "secretary" | "member" | "alternate";
  region: string;
  account?: string;
};

/** The forum's members. The first five ids are the main seed's; their names, roles and regions are set here. */
const MEMBERS: readonly MemberSeed[] = [
  {
    id: "demo-foro-colectivo-ciudadano",
    org: "demo-colectivo-ciudadano",
    sector: "CIVIL_SOCIETY",
    name: "Rosa Quispe (demo)",
    role: "member",
    region: "15",
    account: "foro@minka.pe",
  },
  {
    id: "demo-foro-sgp",
    org: "sgp-pcm",
    sector: "PUBLIC_SECTOR",
    name: "Carmen Villanueva (demo)",
    role: "chair",
    region: "15",
    account: "presidencia@minka.pe",
  },
  {
    id: "demo-foro-gobierno-regional-la-libertad",
    org: "gobierno-regional-la-libertad",
    sector: "PUBLIC_SECTOR",
    name: "Julio Sánchez (ficticio)",
    role: "member",
    region: "13",
  },
  {
    id: "demo-foro-camara-empresarial",
    org: "demo-camara-empresarial",
    sector: "PRIVATE_SECTOR",
    name: "Patricia Díaz (ficticia)",
    role: "member",
    region: "04",
  },
  {
    id: "demo-foro-universidad",
    org: "demo-universidad",
    sector: "ACADEMIA",
    name: "Mateo Rojas (demo)",
    role: "member",
    region: "08",
    account: "academia@minka.pe",
  },
  {
    id: "demo-foro-secretaria-tecnica",
    org: "sgp-pcm",
    sector: "PUBLIC_SECTOR",
    name: "Luis Paredes (ficticio)",
    role: "secretary",
    region: "15",
  },
  {
    id: "demo-foro-colectivo-alterna",
    org: "demo-colectivo-ciudadano",
    sector: "CIVIL_SOCIETY",
    name: "Elena Huanca (ficticia)",
    role: "alternate",
    region: "21",
  },
];

const RULES_TEXT = `Reglamento del Foro Multiactor de Gobierno Abierto (texto de demostración).

Artículo 1. El Foro reúne a representantes de sociedad civil, sector público, sector privado y academia para co-crear, dar seguimiento y evaluar el plan de acción de gobierno abierto.

Artículo 2. El Foro sesiona de forma ordinaria una vez al mes, previa convocatoria pública de la Secretaría Técnica con la agenda de la sesión.

Artículo 3. Hay quórum cuando asiste, de forma presencial o a distancia, más de la mitad de sus miembros con voto y al menos un miembro de cada sector. Los miembros alternos participan con voz pero sin voto.

Artículo 4. Las mociones se aprueban con más votos a favor que en contra. Cada miembro presente o a distancia tiene un voto por moción.

Artículo 5. Los acuerdos indican a la persona u organismo responsable y su plazo; la Secretaría Técnica informa de su avance en cada sesión.

Artículo 6. El acta se redacta durante la sesión, se circula para comentarios y se aprueba en la sesión siguiente; el acta aprobada se publica y no se modifica.`;

const DAY = 24 * 60 * 60 * 1000;

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

export async function seedForum(prisma: PrismaClient): Promise<void> {
  const now = new Date();
  const orgId = async (slug: string) =>
    (await prisma.organization.findUniqueOrThrow({ where: { slug }, select: { id: true } })).id;

  // Accounts of members (password minka-demo), with consent and their organisation.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const a of FORUM_ACCOUNTS) {
    const user = await prisma.user.upsert({
      where: { email: a.email },
      create: { email: a.email, name: a.name, role: "FORUM_MEMBER", passwordHash },
      update: { name: a.name, role: "FORUM_MEMBER" },
      select: { id: true },
    });
    const consent = await prisma.consent.findFirst({
      where: { userId: user.id, purpose: CONSENT_PURPOSE, policyVersion: PRIVACY_POLICY_VERSION, granted: true },
    });
    if (!consent) {
      await prisma.consent.create({
        data: { userId: user.id, purpose: CONSENT_PURPOSE, policyVersion: PRIVACY_POLICY_VERSION, granted: true },
      });
    }
    const organizationId = await orgId(a.org);
    await prisma.membership.upsert({
      where: { userId_organizationId: { userId: user.id, organizationId } },
      create: { userId: user.id, organizationId, role: a.membership },
      update: {},
    });
  }

  // Members: two-year terms that started at the beginning of the year.
  const termStart = new Date(Date.UTC(now.getUTCFullYear(), 0, 1, 12));
  const termEnd = new Date(Date.UTC(now.getUTCFullYear() + 1, 11, 31, 12));
  for (const m of MEMBERS) {
    const userId = m.account
      ? (await prisma.user.findUniqueOrThrow({ where: { email: m.account }, select: { id: true } })).id
      : null;
    const data = {
      organizationId: await orgId(m.org),
      sector: m.sector,
      name: m.name,
      role: m.role,
      regionId: m.region,
      userId,
      termStart,
      termEnd,
    };
    await prisma.forumMember.upsert({ where: { id: m.id }, create: { id: m.id, ...data }, update: data });
  }

  // The published rules, unless the secretariat has published its own.
  const rules = await prisma.forumRules.findUnique({ where: { id: "forum" } });
  if (!rules) {
    await prisma.forumRules.create({
      data: {
        id: "forum",
        text: RULES_TEXT,
        quorumMajority: true,
        quorumEachSector: true,
        publishedAt: new Date(now.getTime() - 90 * DAY),
      },
    });
  }

  const admin = await actorFor(prisma, "admin@minka.pe");
  const chair = await actorFor(prisma, "presidencia@minka.pe");
  const demoCommitments = await prisma.commitment.findMany({
    where: { plan: { isDemo: true } },
    orderBy: { number: "asc" },
    select: { id: true },
    take: 2,
  });

  // Two past sessions, run through the model so the record holds their acts.
  const alreadyHeld = await prisma.forumSession.findFirst({
    where: { isDemo: true, status: "HELD" },
    select: { id: true },
  });
  if (!alreadyHeld) {
    const past = [
      {
        monthsAgo: 2,
        title: "Sesión ordinaria del Foro Multiactor (demostración): instalación",
        items: [
          { title: "Instalación del Foro y aprobación del reglamento", kind: "other" as const, targetId: null },
          { title: "Metodología de co-creación del plan", kind: "other" as const, targetId: null },
        ],
        motion: "Aprobar la metodología de co-creación propuesta por la Secretaría Técnica.",
        votes: { FOR: 5, AGAINST: 0, ABSTAIN: 1 },
        agreement: {
          text: "Publicar la metodología de co-creación en el portal.",
          responsible: "Secretaría Técnica (SGP)",
          dueInDays: 14,
          done: true,
        },
      },
      {
        monthsAgo: 1,
        title: "Sesión ordinaria del Foro Multiactor (demostración): compromisos en borrador",
        items: [
          demoCommitments[0]
            ? { title: "", kind: "commitment" as const, targetId: demoCommitments[0].id }
            : { title: "Compromisos en borrador", kind: "other" as const, targetId: null },
          { title: "Calendario de consultas regionales", kind: "other" as const, targetId: null },
        ],
        motion: "Someter a consulta pública el borrador del compromiso.",
        votes: { FOR: 3, AGAINST: 1, ABSTAIN: 1 },
        agreement: {
          text: "Enviar a los miembros el informe de la consulta regional.",
          responsible: "Gobierno Regional La Libertad",
          dueInDays: 10,
          done: false,
        },
      },
    ];
    for (const p of past) {
      const when = firstThursdayAgo(now, p.monthsAgo);
      const { ids } = must(
        await scheduleSessions(admin, { title: p.title, scheduledAt: when, location: "Sala virtual", repeat: 1 }),
        "schedule",
      );
      const id = ids[0]!;
      await prisma.forumSession.update({ where: { id }, data: { isDemo: true } });
      const itemIds: string[] = [];
      for (const item of p.items) itemIds.push(must(await addAgendaItem(admin, id, item), "agenda").id);
      must(await startSession(chair, id), "start");
      // Roll call: everyone with a vote present or remote except one excused member.
      const members = await prisma.forumMember.findMany({ where: { id: { in: MEMBERS.map((m) => m.id) } } });
      const statuses = new Map(
        members.map((m) => [
          m.id,
          m.role === "alternate"
            ? ("PRESENT" as const)
            : m.id === "demo-foro-gobierno-regional-la-libertad" && p.monthsAgo === 2
              ? ("EXCUSED" as const)
              : m.sector === "ACADEMIA"
                ? ("REMOTE" as const)
                : ("PRESENT" as const),
        ]),
      );
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
          await updateAgreement(admin, agreement.id, {
            status: "DONE",
            evidence: "Publicado en el portal del plan (demostración).",
          }),
          "agreement done",
        );
        await prisma.forumAgreement.update({
          where: { id: agreement.id },
          data: { doneAt: new Date(due.getTime() - 3 * DAY) },
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
      const items = [
        ...(demoCommitments[1] ? [{ title: "", kind: "commitment" as const, targetId: demoCommitments[1].id }] : []),
        ...(pending
          ? [{ title: "Seguimiento de acuerdos pendientes", kind: "agreement" as const, targetId: pending.id }]
          : []),
        { title: "Aprobación del acta de la sesión anterior", kind: "other" as const, targetId: null },
        { title: "Varios", kind: "other" as const, targetId: null },
      ];
      for (const item of items) must(await addAgendaItem(admin, next.id, item), "next agenda");
    }
  }
}
