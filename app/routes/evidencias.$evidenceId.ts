import type { LoaderFunctionArgs } from "@remix-run/node";
import { evidenceHeaders, getEvidenceFile } from "~/monitoring/evidence.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

/** GET /evidencias/:id: an evidence file, always as a download with safe headers. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = await getEvidenceFile(params.evidenceId ?? "");
  if (!file) throw textResponse(request, 404, "responses.evidenceNotFound");
  return new Response(file.data, {
    headers: evidenceHeaders({ ...file, size: file.data.byteLength }),
  });
}
