import type { LoaderFunctionArgs } from "@remix-run/node";
import { checkpointNote } from "~/record/checkpoints.server.ts";
import { apiError } from "~/utils/api.server.ts";

/**
 * GET /api/v1/ledger/checkpoints/:size: one checkpoint as its signed note (C2SP signed-note
 * checkpoint), with the witnesses' cosignature lines beside Minka's signature; a small text file.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const size = params.size ?? "";
  if (!/^\d{1,9}$/.test(size)) throw apiError(400, "The size must be a whole number");
  const note = await checkpointNote(Number(size));
  if (note === null) throw apiError(404, `No checkpoint of size ${size}`);
  return new Response(note, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": `attachment; filename="minka-checkpoint-${size}.txt"`,
      "Access-Control-Allow-Origin": "*",
      // A checkpoint never changes, but cosignatures are added beside it.
      "Cache-Control": "public, max-age=60",
    },
  });
}
