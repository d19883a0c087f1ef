import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, isRouteErrorResponse, Link, useLoaderData, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { plainField, Select, TextField } from "~/components/ui/field.tsx";
import { SectorBadge } from "~/components/badges.tsx";
import { useLiveRevalidation } from "~/components/live.tsx";
import { ProposalStatusBadge } from "~/participation/components/proposal-parts.tsx";
import { parseProposalQuery } from "~/participation/proposal-query.ts";
import { PROPOSAL_SORTS, PROPOSAL_STATUSES, SECTORS } from "~/participation/forms.ts";
import {
  InvalidCursorError,
  listProposals,
  plansWithProposals,
  territoriesForProposals,
} from "~/participation/proposal-list.server.ts";
import { responseStats } from "~/participation/responses.server.ts";
import { formatDate, formatNumber, formatPercent } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { participationLinks } from "~/participation/components/styles.ts";
import { textResponse } from "~/utils/responses.server.ts";

export const links = participationLinks;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "participation.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const query = parseProposalQuery(params);
  const [result, plans, territories, stats] = await Promise.all([
    listProposals(query).catch((error: unknown) => {
      // A damaged cursor, or one from another order: 400 with a way back (the ErrorBoundary below).
      if (error instanceof InvalidCursorError) throw textResponse(request, 400, "participation.badCursor");
      throw error;
    }),
    plansWithProposals(),
    territoriesForProposals(),
    query.planId ? responseStats(query.planId) : null,
  ]);
  return { result, plans, territories, query: { ...query, q: query.q ?? "" }, stats };
}

export function ErrorBoundary() {
  const { t } = useTranslation();
  const error = useRouteError();
  if (!isRouteErrorResponse(error) || error.status !== 400) throw error;
  return (
    <div className="container">
      <h1>{t("participation.title")}</h1>
      <p role="alert">{t("participation.badCursor")}</p>
      <p>
        <Link to="/propuestas">{t("participation.firstPage")}</Link>
      </p>
    </div>
  );
}

export default function ProposalsPage() {
  const { t, i18n } = useTranslation();
  const { result, plans, territories, query, stats } = useLoaderData<typeof loader>();
  useLiveRevalidation(query.planId ? [`plan:${query.planId}`] : []);
  const themes = plans.find((p) => p.id === query.planId)?.themes ?? [];
  const pageLink = (cursor: string | null) => {
    const params = new URLSearchParams();
    if (query.planId) params.set("plan", query.planId);
    if (query.status) params.set("estado", query.status);
    if (query.themeId) params.set("tema", query.themeId);
    if (query.territoryId) params.set("territorio", query.territoryId);
    if (query.sector) params.set("sector", query.sector);
    if (query.q) params.set("q", query.q);
    if (query.sort && query.sort !== "recent") params.set("orden", query.sort);
    if (cursor) params.set("cursor", cursor);
    return `/propuestas?${params}`;
  };
  return (
    <div className="container">
      <h1>{t("participation.title")}</h1>
      <p className="lead">{t("participation.intro")}</p>
      <p className="inline-list">
        <Link to="/propuestas/nueva" className="button primary">
          {t("participation.newProposal")}
        </Link>
      </p>
      <Form method="get" className="filters proposal-filters" aria-label={t("participation.filterLabel")}>
        <TextField
          meta={plainField("q", { value: query.q })}
          type="search"
          label={t("participation.search")}
          maxLength={200}
        />
        <Select meta={plainField("plan", { value: query.planId ?? "" })} label={t("participation.plan")}>
          <option value="">{t("participation.allPlans")}</option>
          {plans.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
        {themes.length > 0 ? (
          <Select meta={plainField("tema", { value: query.themeId ?? "" })} label={t("participation.theme")}>
            <option value="">{t("participation.allThemes")}</option>
            {themes.map((theme) => (
              <option key={theme.id} value={theme.id}>
                {theme.name}
              </option>
            ))}
          </Select>
        ) : null}
        <Select
          meta={plainField("territorio", { value: query.territoryId ?? "" })}
          label={t("participation.territory")}
        >
          <option value="">{t("participation.allTerritories")}</option>
          {territories.map((territory) => (
            <option key={territory.id} value={territory.id}>
              {territory.name}
            </option>
          ))}
        </Select>
        <Select meta={plainField("estado", { value: query.status ?? "" })} label={t("participation.status")}>
          <option value="">{t("participation.allStatuses")}</option>
          {PROPOSAL_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`participation.statuses.${s}`)}
            </option>
          ))}
        </Select>
        <Select meta={plainField("sector", { value: query.sector ?? "" })} label={t("participation.authorSector")}>
          <option value="">{t("participation.allSectors")}</option>
          {SECTORS.map((s) => (
            <option key={s} value={s}>
              {t(`sectors.${s}`)}
            </option>
          ))}
        </Select>
        <Select meta={plainField("orden", { value: query.sort ?? "recent" })} label={t("participation.sort")}>
          {PROPOSAL_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(`participation.sorts.${s}`)}
            </option>
          ))}
        </Select>
        <button type="submit" className="button">
          {t("common.filter")}
        </button>
      </Form>

      {stats ? (
        <section aria-labelledby="respuestas" className="card">
          <h2 id="respuestas">{t("participation.responseRateTitle")}</h2>
          <p>
            {stats.rate === null
              ? t("participation.noContributions")
              : t("participation.responseRate", {
                  rate: formatPercent(Math.round(stats.rate * 100), i18n.language),
                  answered: stats.answered,
                  total: stats.total,
                })}
          </p>
          {stats.pending.length > 0 ? (
            <details>
              <summary>{t("participation.pendingItems", { count: stats.pendingCount })}</summary>
              <ol className="pending-list">
                {stats.pending.map((item) => (
                  <li key={`${item.type}-${item.id}`}>
                    <Link to={item.link}>{item.text.length > 120 ? `${item.text.slice(0, 119)}…` : item.text}</Link>{" "}
                    <span className="muted">
                      {t(`participation.pendingType.${item.type}`)} ·{" "}
                      <time dateTime={item.createdAt}>{formatDate(item.createdAt, i18n.language)}</time>
                    </span>
                  </li>
                ))}
              </ol>
            </details>
          ) : null}
        </section>
      ) : null}

      <p role="status">{t("participation.resultCount", { count: result.total })}</p>
      <ul className="card-list proposal-list">
        {result.items.map((p) => (
          <li key={p.id} className="card">
            <h2>
              <Link to={`/propuestas/${p.id}`}>{p.title}</Link>
            </h2>
            <p>
              <ProposalStatusBadge status={p.status} />{" "}
              {p.organization ? (
                <SectorBadge sector={p.organization.sector} />
              ) : p.authorSector ? (
                <SectorBadge sector={p.authorSector} />
              ) : null}
            </p>
            <p className="muted">
              {p.organization ? p.organization.name : p.author.name} · {p.plan.name}
              {p.theme ? ` · ${p.theme.name}` : ""}
              {p.territory ? ` · ${p.territory.name}` : ""} ·{" "}
              <time dateTime={p.createdAt}>{formatDate(p.createdAt, i18n.language)}</time>
            </p>
            <p className="inline-list">
              <span>{t("participation.voteCount", { count: p.voteCount })}</span>{" "}
              <span>{t("participation.endorsements", { count: p.endorsementCount })}</span>{" "}
              <span>{t("participation.comments", { count: p.commentCount })}</span>
            </p>
          </li>
        ))}
      </ul>
      {result.prevCursor || result.nextCursor || result.from > 1 || (result.items.length === 0 && result.total > 0) ? (
        <nav aria-label={t("participation.pagination")} className="pagination">
          {/* Also from past the end (an old page number beyond the last page): a way back. */}
          {result.from > 1 || result.items.length === 0 ? (
            <Link to={pageLink(null)}>{t("participation.firstPage")}</Link>
          ) : null}{" "}
          {result.prevCursor ? (
            <Link to={pageLink(result.prevCursor)} rel="prev">
              {t("participation.previous")}
            </Link>
          ) : null}{" "}
          {result.from > 0 ? (
            <span aria-current="page">
              {t("participation.position", {
                from: formatNumber(result.from, i18n.language),
                to: formatNumber(result.to, i18n.language),
                total: formatNumber(result.total, i18n.language),
              })}
            </span>
          ) : null}{" "}
          {result.nextCursor ? (
            <Link to={pageLink(result.nextCursor)} rel="next">
              {t("participation.next")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </div>
  );
}
