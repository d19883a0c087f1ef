import type { MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DATA_LICENSE, DATASETS } from "~/monitoring/open-data.server.ts";
import { pageTitle } from "~/utils/meta.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "monitoring.data.title");

export function loader() {
  return { datasets: DATASETS.map((d) => ({ id: d.id, columns: d.columns })), license: DATA_LICENSE };
}

export default function OpenDataPage() {
  const { t } = useTranslation();
  const { datasets, license } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <h1>{t("monitoring.data.title")}</h1>
      <p className="lead">{t("monitoring.data.intro")}</p>
      <p className="card license">
        {t("monitoring.data.licence")}{" "}
        <a href={license.url} rel="license">
          {license.name}
        </a>
        . {t("monitoring.data.attribution")}
      </p>
      <h2>{t("monitoring.data.datasets")}</h2>
      <ul className="card-list">
        {datasets.map((d) => (
          <li key={d.id} className="card" aria-labelledby={`ds-${d.id}`}>
            <h3 id={`ds-${d.id}`}>{t(`monitoring.data.sets.${d.id}.title`)}</h3>
            <p>{t(`monitoring.data.sets.${d.id}.description`)}</p>
            <p className="inline-list">
              <a href={`/datos/${d.id}.csv`} className="button" download>
                {t("monitoring.data.downloadCsv", { name: t(`monitoring.data.sets.${d.id}.title`) })}
              </a>{" "}
              <a href={`/datos/${d.id}.json`} className="button" download>
                {t("monitoring.data.downloadJson", { name: t(`monitoring.data.sets.${d.id}.title`) })}
              </a>
            </p>
            <details>
              <summary>{t("monitoring.data.columns", { count: d.columns.length })}</summary>
              <p>
                <code>{d.columns.join(", ")}</code>
              </p>
            </details>
          </li>
        ))}
      </ul>
      <h2>{t("monitoring.data.apiTitle")}</h2>
      <p>{t("monitoring.data.apiIntro")}</p>
      <ul>
        <li>
          <a href="/api/v1/openapi.json">
            <code>/api/v1/openapi.json</code>
          </a>{" "}
          — {t("monitoring.data.apiOpenapi")}
        </li>
        <li>
          <a href="/api/v1/plans">
            <code>/api/v1/plans</code>
          </a>{" "}
          — {t("monitoring.data.apiPlans")}
        </li>
        <li>
          <a href="/api/v1/ledger?after=0">
            <code>/api/v1/ledger?after=0</code>
          </a>{" "}
          — {t("monitoring.data.apiLedger")}
        </li>
        <li>
          <a href="/api/v1/ledger/checkpoints">
            <code>/api/v1/ledger/checkpoints</code>
          </a>{" "}
          — {t("record.verify.latestTitle")}
        </li>
      </ul>
      <h2>{t("monitoring.data.verifyTitle")}</h2>
      <p>{t("monitoring.data.verifyIntro")}</p>
      <p>
        <Link to="/datos/verificar">{t("record.verify.title")}</Link>
      </p>
      <p>
        <Link to="/seguimiento">{t("monitoring.dashboard.title")}</Link>
      </p>
    </div>
  );
}
