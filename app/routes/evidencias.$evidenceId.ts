import type { LoaderFunctionArgs } from "@remix-run/node";
import { evidenceHeaders, getEvidenceFile } from "~/monitoring/evidence.server.ts";

/** GET /evidencias/:id: an evidence file, always as a download with safe headers. */
export async function loader({ params }: LoaderFunctionArgs) {
  const file = await getEvidenceFile(params.evidenceId ?? "");
  if (!file) throw new Response("No encontramos esa evidencia.", { status: 404 });
  return new Response(file.data, {
    headers: evidenceHeaders({ ...file, size: file.data.byteLength }),
  });
}
