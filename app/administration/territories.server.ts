import type { Prisma } from "~/generated/prisma/client.ts";
import { isUniqueViolation } from "~/participation/common.server.ts";
import { prisma, type PrismaClient } from "~/utils/db.server.ts";

// Peru and its departments: the reference territories every plan, organisation and proposal
// points at. They exist on every database, demo or not (server/index.ts calls
// ensureReferenceTerritories at start-up), so a new secretariat can create its first plan on an
// empty production database.

/** Peru's departments with their INEI codes (the codes are the territories' ids). */
export const DEPARTMENTS: readonly (readonly [string, string])[] = [
  ["01", "Amazonas"],
  ["02", "Áncash"],
  ["03", "Apurímac"],
  ["04", "Arequipa"],
  ["05", "Ayacucho"],
  ["06", "Cajamarca"],
  ["07", "Callao"],
  ["08", "Cusco"],
  ["09", "Huancavelica"],
  ["10", "Huánuco"],
  ["11", "Ica"],
  ["12", "Junín"],
  ["13", "La Libertad"],
  ["14", "Lambayeque"],
  ["15", "Lima"],
  ["16", "Loreto"],
  ["17", "Madre de Dios"],
  ["18", "Moquegua"],
  ["19", "Pasco"],
  ["20", "Piura"],
  ["21", "Puno"],
  ["22", "San Martín"],
  ["23", "Tacna"],
  ["24", "Tumbes"],
  ["25", "Ucayali"],
];

/** The country's territory: national plans belong to it. */
export const COUNTRY_ID = "PE";

const REFERENCE: Prisma.TerritoryCreateManyInput[] = [
  { id: COUNTRY_ID, name: "Perú", level: "COUNTRY", parentId: null },
  ...DEPARTMENTS.map(([id, name]) => ({ id, name, level: "DEPARTMENT" as const, parentId: COUNTRY_ID })),
];

/**
 * Creates whichever reference territories are missing (never changes existing ones). Safe to run
 * on every start and on several nodes at once: a row another node inserted first is skipped.
 */
export async function ensureReferenceTerritories(db: PrismaClient = prisma()): Promise<number> {
  const existing = new Set(
    (await db.territory.findMany({ where: { id: { in: REFERENCE.map((t) => t.id) } }, select: { id: true } })).map(
      (t) => t.id,
    ),
  );
  let created = 0;
  // In order: the country before its departments.
  for (const territory of REFERENCE) {
    if (existing.has(territory.id)) continue;
    try {
      await db.territory.create({ data: territory });
      created += 1;
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return created;
}

/** Every territory, the country first, then by name: the choices of the workspace's forms. */
export async function listTerritories() {
  const territories = await prisma().territory.findMany({ select: { id: true, name: true, level: true } });
  const levels = ["COUNTRY", "DEPARTMENT", "PROVINCE", "DISTRICT"];
  return territories.sort(
    (a, b) => levels.indexOf(a.level) - levels.indexOf(b.level) || a.name.localeCompare(b.name, "es"),
  );
}
