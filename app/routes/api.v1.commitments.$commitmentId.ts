import type { LoaderFunctionArgs } from "@remix-run/node";
import { getCommitment } from "~/drafting/commitment.server.ts";
import { apiData, apiError } from "~/utils/api.server.ts";

/** GET /api/v1/commitments/:id: one commitment on the OGP template. */
export async function loader({ params }: LoaderFunctionArgs) {
  const commitment = await getCommitment(params.commitmentId ?? "");
  if (!commitment) throw apiError(404, "Commitment not found");
  const {
    teamUserIds: _team,
    teamNames,
    planId: _planId,
    themeId: _themeId,
    leadInstitutionId: _lead,
    ...c
  } = commitment;
  return apiData({
    ...c,
    theme: c.theme?.name ?? null,
    leadInstitution: c.leadInstitution ? { name: c.leadInstitution.name, acronym: c.leadInstitution.acronym } : null,
    supportingActors: c.supportingActors.map(({ commitmentId: _c, ...actor }) => actor),
    milestones: c.milestones.map(({ commitmentId: _c, ...milestone }) => milestone),
    indicators: c.indicators.map(({ commitmentId: _c, ...indicator }) => indicator),
    drafters: teamNames,
    url: `/compromisos/${c.id}`,
  });
}
