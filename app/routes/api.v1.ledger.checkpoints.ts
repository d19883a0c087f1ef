import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { latestCheckpoint, listCheckpoints } from "~/record/checkpoints.server.ts";
import { apiError } from "~/utils/api.server.ts";

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;

function intParam(value: string | null): number | null | undefined {
  if (value === null || value === "") return undefined;
  return /^\d{1,9}$/.test(value) ? Number(value) : null;
}

/**
 * GET /api/v1/ledger/checkpoints?before=&limit=: the record's signed checkpoints, newest first,
 * with the latest one's signed note; each is downloadable at its `url`.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const before = intParam(url.searchParams.get("before"));
  const limit = intParam(url.searchParams.get("limit")) ?? DEFAULT_LIMIT;
  if (before === null) throw apiError(400, "`before` must be a whole number");
  if (limit === null || limit < 1 || limit > MAX_LIMIT)
    throw apiError(400, `\`limit\` must be between 1 and ${MAX_LIMIT}`);
  const [data, latest] = await Promise.all([listCheckpoints(before ?? null, limit), latestCheckpoint()]);
  const last = data.at(-1);
  const next =
    last && data.length === limit && last.size > 0
      ? `/api/v1/ledger/checkpoints?${new URLSearchParams({ before: String(last.size), limit: String(limit) })}`
      : null;
  return json(
    { data, next, latest },
    { headers: { "Access-Control-Allow-Origin": "*", "Cache-Control": "public, max-age=10" } },
  );
}
