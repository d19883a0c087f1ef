import type { LoaderFunctionArgs } from "@remix-run/node";
import { minutesMarkdown } from "~/forum/minutes.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

/**
 * GET /foro/sesiones/:id/acta.md: the minutes as Markdown. Once approved it is the frozen text,
 * byte for byte, so `sha256sum` of the download equals the fingerprint published with it.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const minutes = await minutesMarkdown(params.sessionId ?? "");
  if (!minutes) throw textResponse(request, 404, "responses.sessionNotFound");
  return new Response(minutes.markdown, {
    headers: {
      "Content-Type": "text/markdown; charset=utf-8",
      "Content-Disposition": `attachment; filename="acta-${params.sessionId}${minutes.approved ? "" : "-borrador"}.md"`,
      "Cache-Control": minutes.approved ? "public, max-age=3600" : "no-store",
    },
  });
}
