import type { LoaderFunctionArgs } from "@remix-run/node";
import { invalidProposalParam, parseProposalQuery } from "~/participation/proposal-query.ts";
import { InvalidCursorError, listProposals } from "~/participation/proposal-list.server.ts";
import { apiData, apiError } from "~/utils/api.server.ts";

/**
 * GET /api/v1/proposals?plan=&status=&theme=&territory=&sector=&q=&sort=&cursor=: proposals, 20 a
 * page, with their counts; `nextCursor`/`prevCursor` lead to the pages around (keyset pagination).
 * `page=` (offset) still works. A malformed parameter, or a cursor we did not make or made for
 * another order, answers 400 naming it.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const invalid = invalidProposalParam(params);
  if (invalid) throw apiError(400, `Invalid parameter: ${invalid}`);
  const query = parseProposalQuery(params);
  let result: Awaited<ReturnType<typeof listProposals>>;
  try {
    result = await listProposals(query);
  } catch (error) {
    if (error instanceof InvalidCursorError) throw apiError(400, "Invalid parameter: cursor");
    throw error;
  }
  return apiData({
    page: result.page,
    nextCursor: result.nextCursor,
    prevCursor: result.prevCursor,
    from: result.from,
    to: result.to,
    pageSize: result.pageSize,
    pageCount: result.pageCount,
    total: result.total,
    proposals: result.items.map((p) => ({
      id: p.id,
      title: p.title,
      status: p.status,
      plan: p.plan,
      theme: p.theme?.name ?? null,
      territory: p.territory,
      author: p.author.name,
      organization: p.organization,
      authorSector: p.authorSector,
      votes: p.voteCount,
      endorsements: p.endorsementCount,
      comments: p.commentCount,
      createdAt: p.createdAt,
      url: `/propuestas/${p.id}`,
    })),
  });
}
