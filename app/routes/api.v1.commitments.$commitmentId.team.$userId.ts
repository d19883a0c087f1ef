import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiDeleteTeamMember, apiPutTeamMember, apiTeamMember } from "~/administration/api.server.ts";
import { methodNotAllowed } from "~/utils/api.server.ts";

/** GET /api/v1/commitments/:commitmentId/team/:userId: one person's place on the drafting team. */
export const loader = ({ params }: LoaderFunctionArgs) => apiTeamMember(params.commitmentId ?? "", params.userId ?? "");

/** PUT (join with a role, or change it) and DELETE (leave) a person's place on the drafting team. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const commitmentId = params.commitmentId ?? "";
  const userId = params.userId ?? "";
  if (request.method === "PUT") return apiPutTeamMember(request, context, commitmentId, userId);
  if (request.method === "DELETE") return apiDeleteTeamMember(context, commitmentId, userId);
  throw methodNotAllowed(["GET", "PUT", "DELETE"]);
}
