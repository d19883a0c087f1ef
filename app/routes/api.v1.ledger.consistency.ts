import type { LoaderFunctionArgs } from "@remix-run/node";
import { consistencyProof, ProofError } from "~/record/proofs.server.ts";
import { apiData, apiError } from "~/utils/api.server.ts";

/** GET /api/v1/ledger/consistency?from=&to=: the consistency proof between two checkpoints. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const from = url.searchParams.get("from") ?? "";
  const to = url.searchParams.get("to") ?? "";
  if (!/^\d{1,9}$/.test(from) || !/^\d{1,9}$/.test(to)) {
    throw apiError(400, "`from` and `to` must be checkpoint sizes");
  }
  try {
    return apiData(await consistencyProof(Number(from), Number(to)));
  } catch (error) {
    if (error instanceof ProofError) throw apiError(error.status, error.message);
    throw error;
  }
}
