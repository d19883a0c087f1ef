import { randomUUID } from "node:crypto";
import type { PlatformRole, Sector } from "~/generated/prisma/enums.ts";
import { prisma, prepareDatabase } from "~/utils/db.server.ts";
import { hashPassword } from "~/utils/password.server.ts";

let prepared = false;

/** Sets the test database's pragmas once per file. */
export async function useTestDatabase() {
  if (!prepared) {
    await prepareDatabase();
    prepared = true;
  }
  return prisma();
}

let cachedHash: Promise<string> | undefined;

/** A user with password "correct horse battery" (hashed once per file to keep tests quick). */
export async function createUser(overrides: { role?: PlatformRole; email?: string; name?: string } = {}) {
  await useTestDatabase();
  cachedHash ??= hashPassword("correct horse battery");
  return prisma().user.create({
    data: {
      email: overrides.email ?? `${randomUUID()}@example.pe`,
      name: overrides.name ?? "Persona de Prueba",
      role: overrides.role ?? "CITIZEN",
      passwordHash: await cachedHash,
    },
  });
}

export async function createOrganization(sector: Sector = "CIVIL_SOCIETY") {
  await useTestDatabase();
  const id = randomUUID();
  return prisma().organization.create({
    data: { slug: `org-${id}`, name: `Organización ${id.slice(0, 6)}`, kind: "ORGANIZATION", sector },
  });
}

/** A plan in co-creation with one draft commitment. */
export async function createPlanWithCommitment() {
  await useTestDatabase();
  const id = randomUUID().slice(0, 8);
  await prisma().territory.upsert({
    where: { id: "PE" },
    update: {},
    create: { id: "PE", name: "Perú", level: "COUNTRY" },
  });
  const plan = await prisma().plan.create({
    data: {
      id: `plan-${id}`,
      name: `Plan ${id}`,
      periodStart: 2027,
      periodEnd: 2028,
      scope: "NATIONAL",
      territoryId: "PE",
      phase: "CO_CREATION",
    },
  });
  const commitment = await prisma().commitment.create({
    data: { planId: plan.id, number: 1, title: "Compromiso de prueba", status: "DRAFT" },
  });
  return { plan, commitment };
}
