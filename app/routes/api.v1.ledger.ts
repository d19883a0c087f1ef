import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { ledgerHead, ledgerPage } from "~/record/ledger.server.ts";
import { apiError } from "~/utils/api.server.ts";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

function intParam(value: string | null, fallback: number): number | null {
  if (value === null || value === "") return fallback;
  return /^\d{1,9}$/.test(value) ? Number(value) : null;
}

/** GET /api/v1/ledger?after=&limit=: the public record, a page at a time, oldest first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const after = intParam(url.searchParams.get("after"), 0);
  const limit = intParam(url.searchParams.get("limit"), DEFAULT_LIMIT);
  if (after === null) throw apiError(400, "`after` must be a whole number");
  if (limit === null || limit < 1 || limit > MAX_LIMIT)
    throw apiError(400, `\`limit\` must be between 1 and ${MAX_LIMIT}`);
  const [entries, head] = await Promise.all([ledgerPage(after, limit), ledgerHead()]);
  const last = entries.at(-1);
  const next =
    last && head && last.seq < head.seq
      ? `/api/v1/ledger?${new URLSearchParams({ after: String(last.seq), limit: String(limit) })}`
      : null;
  return json(
    { data: entries, next, head: head ? { seq: head.seq, hash: head.hash } : null },
    { headers: { "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=10" } },
  );
}
