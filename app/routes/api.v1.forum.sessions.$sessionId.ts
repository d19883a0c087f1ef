import type { LoaderFunctionArgs } from "@remix-run/node";
import { sessionJson } from "~/forum/api.server.ts";
import { getSession } from "~/forum/sessions.server.ts";
import { apiData, apiError } from "~/utils/api.server.ts";

/** GET /api/v1/forum/sessions/:id: agenda, attendance by sector, quorum, motions, agreements, minutes. */
export async function loader({ params }: LoaderFunctionArgs) {
  const session = await getSession(params.sessionId ?? "");
  if (!session) throw apiError(404, "Session not found");
  return apiData(sessionJson(session));
}
