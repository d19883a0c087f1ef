// Demo and reference data for Minka. Run with `npx tsx prisma/seed.ts` (`npm run db:seed`), or
// call `seedDemo`. The data is in prisma/seed/data/*.json, validated by prisma/seed/data.ts; this
// file and prisma/seed/*.ts only write it, through the models where the public record covers it.
//
// Everything about real plans, commitments and institutions comes from two sources only:
// SGP, «Gobierno Abierto en el Perú: avances y agenda futura» (July 2021), and the OGP / IRM /
// CEPAL pages collected in shared/domain/peru-commitments.json. Nothing there is guessed: where a
// source gives no Spanish title, the title stays null and the English one goes in `titleEn`.
// The demonstration plan, its commitments, the demo organisations and the demo accounts are
// fictional, and say so.
//
// Idempotent: every row is keyed on a stable id, slug or unique field. Reference data is
// refreshed on every run; demo content that people may edit in the app (the demo plan's phase,
// its commitments and their milestones, indicators and supporting actors) is only created when
// missing, so re-seeding never overwrites what someone did while trying Minka.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { PrismaClient } from "../app/generated/prisma/client.ts";
import { CONSENT_PURPOSE, PRIVACY_POLICY_VERSION } from "../app/privacy.ts";
import { hashPassword } from "../app/utils/password.server.ts";
import { loadSeedData, type SeedData } from "./seed/data.ts";
import { seedForum } from "./seed/forum.ts";
import { seedMonitoring } from "./seed/monitoring.ts";
import { seedParticipation } from "./seed/participation.ts";

/** A calendar date, stored at noon UTC so it reads as the same day in any time zone of the Americas. */
const day = (iso: string): Date => new Date(`${iso}T12:00:00.000Z`);

/** Seeds the reference data, the demonstration plan and the demo accounts. Safe to run again. */
export async function seedDemo(prisma: PrismaClient): Promise<void> {
  const data = loadSeedData();
  const now = new Date();
  const passwordHash = await hashPassword(data.accounts.password);

  // 1. Territories: Peru, its 25 departments (INEI ubigeo codes) and Lima Metropolitana.
  for (const { id, ...territory } of data.territories) {
    await prisma.territory.upsert({ where: { id }, create: { id, ...territory }, update: territory });
  }

  // 2. Organisations.
  const orgIds = new Map<string, string>();
  for (const { slug, ...org } of data.organizations) {
    const { id } = await prisma.organization.upsert({
      where: { slug },
      create: { slug, ...org },
      update: org,
      select: { id: true },
    });
    orgIds.set(slug, id);
  }
  const orgId = (slug: string): string => {
    const id = orgIds.get(slug);
    if (!id) throw new Error(`seed: unknown organisation ${slug}`);
    return id;
  };
  const orgBySlug = new Map(data.organizations.map((org) => [org.slug, org]));

  // 3. Plans and their themes.
  for (const { themes, ...plan } of data.plans.plans) {
    const { id, ...rest } = plan;
    await prisma.plan.upsert({ where: { id }, create: plan, update: rest });
    await upsertThemes(prisma, id, themes);
  }

  // 4. Sourced commitments, then their supporting actors.
  for (const { planId, commitments } of data.plans.sourcedCommitments) {
    await upsertSourcedCommitments(prisma, planId, commitments, orgId);
  }
  for (const { planId, commitments } of data.plans.sourcedCommitments) {
    for (const c of commitments) {
      if (!c.supportingActors) continue;
      const commitment = await prisma.commitment.findUniqueOrThrow({
        where: { planId_number: { planId, number: c.number } },
        select: { id: true },
      });
      for (const [position, actor] of c.supportingActors.entries()) {
        const row = {
          commitmentId: commitment.id,
          organizationId: actor.organization ? orgId(actor.organization) : null,
          name: actor.name,
          sector: actor.sector,
          role: actor.role,
          position,
        };
        await prisma.supportingActor.upsert({ where: { id: actor.id }, create: { id: actor.id, ...row }, update: row });
      }
    }
  }

  // 5. The demonstration plan. Its phase and commitments are left alone once they exist.
  const demo = data.demoPlan.plan;
  const demoPlanData = {
    name: demo.name,
    summary: demo.summary,
    sourceNote: demo.sourceNote,
    periodStart: demo.periodStart,
    periodEnd: demo.periodEnd,
    isDemo: true,
  };
  await prisma.plan.upsert({
    where: { id: demo.id },
    create: { id: demo.id, ...demoPlanData, scope: "NATIONAL", territoryId: "PE", phase: "CO_CREATION" },
    update: demoPlanData,
  });
  const themeIds = await upsertThemes(prisma, demo.id, demo.themes);

  for (const c of data.demoPlan.commitments) {
    const existing = await prisma.commitment.findFirst({
      where: { OR: [{ id: c.id }, { planId: demo.id, number: c.number }] },
      select: { id: true },
    });
    if (existing) continue;
    await prisma.commitment.create({
      data: {
        id: c.id,
        planId: demo.id,
        number: c.number,
        title: c.title,
        status: "DRAFT",
        themeId: themeIds.get(c.theme) ?? null,
        leadInstitutionId: orgId(c.lead),
        problem: c.problem,
        baseline: c.baseline,
        description: c.description,
        contribution: c.contribution,
        valueAccessToInformation: c.values.access,
        valueCivicParticipation: c.values.participation,
        valuePublicAccountability: c.values.accountability,
        valueTechnology: c.values.technology,
        startDate: day(c.startDate),
        endDate: day(c.endDate),
        contactName: c.contactName,
        supportingActors: {
          create: c.supporting.map((s, position) => {
            const org = orgBySlug.get(s.organization);
            if (!org) throw new Error(`seed: unknown organisation ${s.organization}`);
            return {
              organizationId: orgId(s.organization),
              name: org.name,
              sector: org.sector,
              role: s.role,
              position,
            };
          }),
        },
        milestones: {
          create: c.milestones.map((m, index) => ({
            position: index + 1,
            description: m.description,
            output: m.output,
            startDate: day(m.start),
            endDate: day(m.end),
            responsible: m.responsible,
          })),
        },
        indicators: {
          create: c.indicators.map((i, position) => ({
            kind: i.kind,
            position,
            name: i.name,
            unit: i.unit,
            baseline: i.baseline,
            target: i.target,
            dueDate: day(i.due),
          })),
        },
      },
    });
  }
  const demoCommitments = await prisma.commitment.findMany({
    where: { planId: demo.id },
    select: { id: true, number: true, title: true },
    orderBy: { number: "asc" },
  });

  // 6. Demo accounts (one password for all), their consent, memberships and drafting teams.
  const userIds = new Map<string, string>();
  for (const { email, ...account } of data.accounts.accounts) {
    // demoAccount: the published password's accounts (docs/decisions/023, second factor).
    const profile = { ...account, passwordHash, demoAccount: true };
    const user = await prisma.user.upsert({
      where: { email },
      create: { email, ...profile },
      update: profile,
      select: { id: true },
    });
    userIds.set(email, user.id);
    const consent = await prisma.consent.findFirst({
      where: { userId: user.id, purpose: CONSENT_PURPOSE, policyVersion: PRIVACY_POLICY_VERSION, granted: true },
      select: { id: true },
    });
    if (!consent) {
      await prisma.consent.create({
        data: { userId: user.id, purpose: CONSENT_PURPOSE, policyVersion: PRIVACY_POLICY_VERSION, granted: true },
      });
    }
  }
  const userId = (email: string): string => {
    const id = userIds.get(email);
    if (!id) throw new Error(`seed: unknown account ${email}`);
    return id;
  };

  for (const m of data.accounts.memberships) {
    const key = { userId: userId(m.account), organizationId: orgId(m.organization) };
    await prisma.membership.upsert({
      where: { userId_organizationId: key },
      create: { ...key, role: m.role },
      update: { role: m.role },
    });
  }

  // Each demo team writes across sectors: the public servant and the civil-society co-lead.
  for (const { account, role } of data.demoPlan.team) {
    for (const c of demoCommitments) {
      const key = { commitmentId: c.id, userId: userId(account) };
      await prisma.commitmentTeamMember.upsert({
        where: { commitmentId_userId: key },
        create: { ...key, role },
        update: { role },
      });
    }
  }

  // 7. The Foro Multiactor: members, rules, the next session and two past ones.
  await seedForum(prisma, data);

  // 8. Recent activity on the demo plan. Dates are set when first created and not moved later.
  const daysAgo = (days: number, hour: number): Date => {
    const d = new Date(now.getTime() - days * 24 * 60 * 60 * 1000);
    d.setUTCHours(hour, 0, 0, 0);
    return d;
  };
  const activities = [
    {
      id: "demo-actividad-plan-abierto",
      kind: "plan.opened",
      actorId: userId(data.demoPlan.activity.openedBy),
      subjectType: "plan",
      subjectId: demo.id,
      summary: `Se abrió la co-creación del ${demo.name}.`,
      createdAt: daysAgo(6, 15),
    },
    ...demoCommitments.map((c, index) => ({
      id: `demo-actividad-compromiso-${c.number}`,
      kind: "commitment.drafted",
      actorId: userId(data.demoPlan.activity.draftedBy),
      subjectType: "commitment",
      subjectId: c.id,
      summary: `Se redactó el borrador del compromiso ${c.number}${c.title ? `: «${c.title}»` : ""}.`,
      createdAt: daysAgo(4 - Math.min(index, 3), 16 + index),
    })),
  ];
  for (const { id, createdAt, ...activity } of activities) {
    await prisma.activity.upsert({ where: { id }, create: { id, createdAt, ...activity }, update: activity });
  }

  await seedMonitoring(prisma, data);
  await seedParticipation(prisma, data);
  // A pending invitation in the outbox (docs/decisions/025), so the demo's outbox page shows the
  // message a newcomer gets: onto the first demo commitment's team, for a civil-society
  // organisation, to an address of a reserved domain (RFC 2606) that reaches nobody.
  const invited = demoCommitments[0];
  if (invited) {
    const invitation = {
      email: "rosa.invitada@example.org",
      name: "Rosa Invitada",
      role: "ORG_MEMBER" as const,
      organizationId: orgId("demo-colectivo-ciudadano"),
      commitmentId: invited.id,
      teamRole: "MEMBER" as const,
      invitedById: userId("admin@minka.pe"),
      expiresAt: new Date(now.getTime() + 7 * 24 * 60 * 60 * 1000),
    };
    await prisma.invitation.upsert({
      where: { id: "demo-invitacion" },
      create: { id: "demo-invitacion", ...invitation },
      update: invitation,
    });
    await prisma.outboxMessage.upsert({
      where: { messageId: "<demo-invitacion@minka.pe>" },
      create: {
        messageId: "<demo-invitacion@minka.pe>",
        template: "invitation",
        params: JSON.stringify({ invitationId: "demo-invitacion" }),
        recipient: invitation.email,
        locale: "es",
      },
      update: {},
    });
  }
  // The demo accounts' addresses count as confirmed (docs/decisions/018): they receive no mail.
  await prisma.user.updateMany({
    where: { email: { endsWith: "@minka.pe" }, emailVerifiedAt: null },
    data: { emailVerifiedAt: new Date("2026-11-01T12:00:00Z") },
  });
}

/** Upserts a plan's themes in order; returns their ids by name. */
async function upsertThemes(
  prisma: PrismaClient,
  planId: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const [position, name] of names.entries()) {
    const theme = await prisma.theme.upsert({
      where: { planId_name: { planId, name } },
      create: { planId, name, position },
      update: { position },
      select: { id: true },
    });
    ids.set(name, theme.id);
  }
  return ids;
}

/** Upserts approved commitments of a past plan, keyed on (plan, number), with stable ids. */
async function upsertSourcedCommitments(
  prisma: PrismaClient,
  planId: string,
  commitments: SeedData["plans"]["sourcedCommitments"][number]["commitments"],
  orgId: (slug: string) => string,
): Promise<void> {
  for (const c of commitments) {
    const data = {
      ogpId: c.ogpId,
      titleEn: c.titleEn,
      status: "APPROVED" as const,
      policyArea: c.policyArea,
      leadInstitutionId: c.lead ? orgId(c.lead) : null,
      earlyResults: c.earlyResults,
      summary: c.summary,
      sourceUrl: c.sourceUrl,
    };
    await prisma.commitment.upsert({
      where: { planId_number: { planId, number: c.number } },
      // No Spanish title is sourced; one added later in the app is kept on re-seeding.
      create: { id: `${planId}-${String(c.number).padStart(2, "0")}`, planId, number: c.number, title: null, ...data },
      update: data,
    });
  }
}

// Run directly: `npx tsx prisma/seed.ts` (DATABASE_URL defaults to the development database).
async function main(): Promise<void> {
  const { createPrismaClient, prepareDatabase } = await import("../app/utils/db.server.ts");
  const client = createPrismaClient(process.env.DATABASE_URL ?? "file:./data/minka.db");
  try {
    await prepareDatabase(client);
    const started = Date.now();
    await seedDemo(client);
    console.log(`Seeded demo data in ${Date.now() - started} ms.`);
  } finally {
    await client.$disconnect();
  }
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(path.resolve(entry)).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
