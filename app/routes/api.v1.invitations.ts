import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { apiCreateInvitation } from "~/administration/api.server.ts";
import { methodNotAllowed } from "~/utils/api.server.ts";

/** Invitations are created here; they are listed in the workspace only (they hold addresses). */
export function loader(_args: LoaderFunctionArgs): never {
  throw methodNotAllowed(["POST"]);
}

/** POST /api/v1/invitations: the secretariat invites a person by email (201 with its id). */
export async function action({ request, context }: ActionFunctionArgs) {
  if (request.method !== "POST") throw methodNotAllowed(["POST"]);
  return apiCreateInvitation(request, context);
}
