import { getComposition } from "~/forum/members.server.ts";
import { getStandards } from "~/forum/forum.server.ts";
import { apiData } from "~/utils/api.server.ts";

/** GET /api/v1/forum: the members by sector, by region, the rules (with the quorum rule) and the standards. */
export async function loader() {
  const [composition, standards] = await Promise.all([getComposition(), getStandards()]);
  const member = (m: (typeof composition.members)[number]) => ({
    id: m.id,
    name: m.name,
    sector: m.sector,
    role: m.role,
    organization: { name: m.organization.name, acronym: m.organization.acronym, slug: m.organization.slug },
    region: m.region?.name ?? null,
    termStart: m.termStart,
    termEnd: m.termEnd,
  });
  return apiData({
    membersBySector: Object.fromEntries(
      composition.bySector.map(({ sector, members }) => [sector, members.map(member)]),
    ),
    membersByRegion: composition.byRegion,
    rules: {
      text: composition.rules.text,
      publishedAt: composition.rules.publishedAt,
      quorum: { majority: composition.rules.quorumMajority, eachSector: composition.rules.quorumEachSector },
    },
    standards,
    url: "/foro",
  });
}
