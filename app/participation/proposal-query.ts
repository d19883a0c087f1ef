import type { ProposalStatus, Sector } from "~/generated/prisma/enums.ts";
import { PROPOSAL_SORTS, PROPOSAL_STATUSES, SECTORS } from "./forms.ts";

/** The proposal filters from a query string: the page's Spanish names or the API's English ones. */
export type ProposalQuery = {
  planId?: string;
  status?: ProposalStatus;
  themeId?: string;
  territoryId?: string;
  sector?: Sector;
  q?: string;
  sort?: (typeof PROPOSAL_SORTS)[number];
  page: number;
  /** A keyset cursor from a previous page (opaque; checked by listProposals). */
  cursor?: string;
};

const MAX_PAGE = 100_000;

/** Unknown or malformed values are dropped, not errors (a filter list is forgiving); see `strict`. */
export function parseProposalQuery(params: URLSearchParams): ProposalQuery {
  const get = (...names: string[]) => {
    for (const name of names) {
      const value = params.get(name)?.trim();
      if (value) return value.slice(0, 200);
    }
    return undefined;
  };
  const status = get("estado", "status");
  const sector = get("sector");
  const sort = get("orden", "sort");
  const page = Number(get("pagina", "page") ?? "1");
  return {
    planId: get("plan"),
    status: PROPOSAL_STATUSES.find((s) => s === status),
    themeId: get("tema", "theme"),
    territoryId: get("territorio", "territory"),
    sector: SECTORS.find((s) => s === sector),
    q: get("q"),
    sort: PROPOSAL_SORTS.find((s) => s === sort),
    page: Number.isInteger(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1,
    // Not sliced: a cut cursor would be a different one; listProposals refuses long ones.
    cursor: params.get("cursor")?.trim() || undefined,
  };
}

/** For the API: the first malformed parameter, or null when all are valid. */
export function invalidProposalParam(params: URLSearchParams): string | null {
  const status = params.get("status");
  if (status && !PROPOSAL_STATUSES.some((s) => s === status)) return "status";
  const sector = params.get("sector");
  if (sector && !SECTORS.some((s) => s === sector)) return "sector";
  const sort = params.get("sort");
  if (sort && !PROPOSAL_SORTS.some((s) => s === sort)) return "sort";
  const page = params.get("page");
  if (page !== null && !/^[1-9]\d{0,5}$/.test(page)) return "page";
  const cursor = params.get("cursor");
  if (cursor !== null && (!/^[A-Za-z0-9_-]{1,400}$/.test(cursor) || page !== null)) return "cursor";
  const q = params.get("q");
  if (q && q.length > 200) return "q";
  return null;
}
