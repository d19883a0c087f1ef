import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiCreateCommitment, apiPlanCommitments } from "~/administration/api.server.ts";
import { methodNotAllowed } from "~/utils/api.server.ts";

/** GET /api/v1/plans/:planId/commitments: the plan's commitments, with their team size. */
export const loader = ({ params }: LoaderFunctionArgs) => apiPlanCommitments(params.planId ?? "");

/** POST /api/v1/plans/:planId/commitments: the secretariat creates a commitment (an empty draft, or from a proposal). */
export async function action({ request, params, context }: ActionFunctionArgs) {
  if (request.method !== "POST") throw methodNotAllowed(["GET", "POST"]);
  return apiCreateCommitment(request, context, params.planId ?? "");
}
