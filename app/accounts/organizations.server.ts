import type { OrganizationKind, Sector } from "~/generated/prisma/enums.ts";
import { prisma } from "~/utils/db.server.ts";

/** Organisations and institutions, optionally of one sector or kind, by name. */
export function listOrganizations(
  filter: { sector?: Sector; kind?: OrganizationKind; territoryId?: string | null } = {},
) {
  return prisma().organization.findMany({
    where: {
      ...(filter.sector ? { sector: filter.sector } : {}),
      ...(filter.kind ? { kind: filter.kind } : {}),
      ...(filter.territoryId
        ? { OR: [{ territoryId: filter.territoryId }, { territory: { parentId: filter.territoryId } }] }
        : {}),
    },
    orderBy: { name: "asc" },
    select: {
      id: true,
      slug: true,
      name: true,
      acronym: true,
      kind: true,
      sector: true,
      territory: { select: { name: true } },
      _count: { select: { memberships: true } },
    },
  });
}

/** One organisation with its members (names and roles are public) and the commitments it leads. */
export function getOrganization(slug: string) {
  return prisma().organization.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      name: true,
      acronym: true,
      kind: true,
      sector: true,
      description: true,
      territory: { select: { name: true } },
      memberships: {
        select: { role: true, title: true, user: { select: { name: true } } },
        orderBy: { createdAt: "asc" },
      },
      ledCommitments: {
        select: { id: true, number: true, title: true, titleEn: true, plan: { select: { id: true, name: true } } },
        orderBy: [{ planId: "asc" }, { number: "asc" }],
      },
    },
  });
}
