import type { ActionFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { addCosignature } from "~/record/cosignatures.server.ts";
import { apiError } from "~/utils/api.server.ts";

/**
 * POST /api/v1/ledger/checkpoints/:size/cosignatures (form field or JSON `line`): a witness's
 * cosignature/v1 line for the checkpoint, kept and published beside it when genuine.
 */
export async function action({ params, request }: ActionFunctionArgs) {
  if (request.method !== "POST") throw apiError(405, "POST a cosignature line");
  const size = params.size ?? "";
  if (!/^\d{1,9}$/.test(size)) throw apiError(400, "The size must be a whole number");
  let line: unknown;
  if ((request.headers.get("Content-Type") ?? "").includes("application/json")) {
    line = ((await request.json().catch(() => ({}))) as { line?: unknown }).line;
  } else {
    line = (await request.formData()).get("line");
  }
  if (typeof line !== "string") throw apiError(400, "Send the cosignature as `line`");
  const result = await addCosignature(Number(size), line);
  if (!result.ok) throw apiError(result.status, result.message);
  return json(
    { data: { witness: result.witness, created: result.created } },
    { status: result.created ? 201 : 200, headers: { "Access-Control-Allow-Origin": "*" } },
  );
}

export function loader() {
  throw apiError(405, "POST a cosignature line");
}
