import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listTerritories, territoryParam } from "~/monitoring/monitoring.server.ts";
import { listPractices, practiceThemes } from "~/monitoring/practices.server.ts";
import { formatDate } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can } from "~/utils/permissions.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "monitoring.practices.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const territoryId = await territoryParam(params.get("territorio"));
  const themes = await practiceThemes();
  const theme = themes.find((x) => x === params.get("tema")) ?? null;
  const q = (params.get("q") ?? "").slice(0, 100);
  const commitmentId = params.get("compromiso")?.slice(0, 100) || null;
  const reviewer = can.reviewPractice(context.user);
  const [practices, all, territories] = await Promise.all([
    listPractices({ q, territoryId, theme, commitmentId }),
    reviewer ? listPractices({}, { includeSubmitted: true }) : Promise.resolve([]),
    listTerritories(),
  ]);
  const pending = all.filter((p) => p.status === "SUBMITTED");
  return {
    practices,
    pending,
    territories,
    themes,
    filter: { q, territoryId, theme, commitmentId },
    canSubmit: can.submitPractice(context.user),
  };
}

export default function PracticesPage() {
  const { t, i18n } = useTranslation();
  const { practices, pending, territories, themes, filter, canSubmit } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <h1>{t("monitoring.practices.title")}</h1>
      <p className="lead">{t("monitoring.practices.intro")}</p>
      <p>
        {canSubmit ? (
          <Link to="/buenas-practicas/nueva" className="button primary">
            {t("monitoring.practices.submit")}
          </Link>
        ) : (
          <Link to="/ingresar?redirectTo=%2Fbuenas-practicas%2Fnueva">{t("monitoring.practices.loginToSubmit")}</Link>
        )}
      </p>
      <Form method="get" className="filters" aria-label={t("monitoring.practices.filterLabel")}>
        {filter.commitmentId ? <input type="hidden" name="compromiso" value={filter.commitmentId} /> : null}
        <label htmlFor="q">{t("monitoring.practices.search")}</label>
        <input id="q" name="q" type="search" defaultValue={filter.q} />
        <label htmlFor="territorio">{t("monitoring.territory")}</label>
        <select id="territorio" name="territorio" defaultValue={filter.territoryId ?? ""}>
          <option value="">{t("monitoring.allTerritories")}</option>
          {territories.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
        <label htmlFor="tema">{t("monitoring.practices.theme")}</label>
        <select id="tema" name="tema" defaultValue={filter.theme ?? ""}>
          <option value="">{t("monitoring.practices.allThemes")}</option>
          {themes.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
        <button type="submit" className="button">
          {t("common.filter")}
        </button>
      </Form>
      {pending.length > 0 ? (
        <section aria-labelledby="pending" className="card">
          <h2 id="pending">{t("monitoring.practices.pending", { count: pending.length })}</h2>
          <ul>
            {pending.map((p) => (
              <li key={p.id}>
                <Link to={`/buenas-practicas/${p.id}`}>{p.title}</Link> — {p.entity}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p role="status">{t("monitoring.practices.count", { count: practices.length })}</p>
      <ul className="card-list">
        {practices.map((p) => (
          <li key={p.id} className="card">
            <h2>
              <Link to={`/buenas-practicas/${p.id}`}>{p.title}</Link>
            </h2>
            <dl className="facts compact">
              <dt>{t("monitoring.practices.entity")}</dt>
              <dd>{p.entity}</dd>
              <dt>{t("monitoring.territory")}</dt>
              <dd>{p.territory.name}</dd>
              <dt>{t("monitoring.practices.theme")}</dt>
              <dd>{p.theme}</dd>
              {p.publishedAt ? (
                <>
                  <dt>{t("monitoring.practices.publishedAt")}</dt>
                  <dd>{formatDate(p.publishedAt, i18n.language)}</dd>
                </>
              ) : null}
            </dl>
            <p>{p.whatWasDone.length > 240 ? `${p.whatWasDone.slice(0, 240)}…` : p.whatWasDone}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
