import type { LoaderFunctionArgs } from "@remix-run/node";
import { getProposal } from "~/participation/proposals.server.ts";
import { apiData, apiError } from "~/utils/api.server.ts";

/**
 * GET /api/v1/proposals/:id: a proposal with its votes (total and by sector, never who),
 * endorsements (name, organisation, sector), comment count, status, response and linked commitment.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const p = await getProposal(params.proposalId ?? "");
  if (!p) throw apiError(404, "Proposal not found");
  return apiData({
    id: p.id,
    title: p.title,
    body: p.body,
    status: p.status,
    plan: { id: p.plan.id, name: p.plan.name, participationOpen: p.plan.participationOpen },
    theme: p.theme?.name ?? null,
    territory: p.territory,
    author: p.author.name,
    organization: p.organization ? { name: p.organization.name, sector: p.organization.sector } : null,
    authorSector: p.authorSector,
    createdAt: p.createdAt,
    votes: { total: p.voteCount, bySector: p.votesBySector },
    endorsements: p.endorsements.map((e) => ({
      name: e.name,
      organization: e.organization?.name ?? null,
      sector: e.organization?.sector ?? e.sector,
      createdAt: e.createdAt,
    })),
    comments: p.commentCount,
    response: p.responseReason
      ? { status: p.status, reason: p.responseReason, respondedAt: p.respondedAt, respondedBy: p.responderName }
      : null,
    commitment: p.commitment
      ? {
          id: p.commitment.id,
          number: p.commitment.number,
          title: p.commitment.title,
          url: `/compromisos/${p.commitment.id}`,
        }
      : null,
    url: `/propuestas/${p.id}`,
  });
}
