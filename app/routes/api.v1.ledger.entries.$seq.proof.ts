import type { LoaderFunctionArgs } from "@remix-run/node";
import { inclusionProof, ProofError } from "~/record/proofs.server.ts";
import { apiData, apiError } from "~/utils/api.server.ts";

/** GET /api/v1/ledger/entries/:seq/proof?checkpoint=<size>: the entry's inclusion proof. */
export async function loader({ params, request }: LoaderFunctionArgs) {
  const seq = params.seq ?? "";
  const checkpoint = new URL(request.url).searchParams.get("checkpoint");
  if (!/^[1-9]\d{0,8}$/.test(seq)) throw apiError(400, "The entry number must be a whole number from 1");
  if (checkpoint !== null && !/^\d{1,9}$/.test(checkpoint)) throw apiError(400, "`checkpoint` must be a tree size");
  try {
    return apiData(await inclusionProof(Number(seq), checkpoint === null ? null : Number(checkpoint)));
  } catch (error) {
    if (error instanceof ProofError) throw apiError(error.status, error.message);
    throw error;
  }
}
