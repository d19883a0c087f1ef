import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The error page for a 503 (a busy database): nothing was saved, try again in a few seconds. */
export function UnavailableContent() {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <div className="container narrow">
      <h1>{t("trust.unavailable.title")}</h1>
      <p role="alert">{t("trust.unavailable.detail")}</p>
      <p>
        <a className="button primary" href={`${location.pathname}${location.search}`}>
          {t("trust.unavailable.retry")}
        </a>
      </p>
    </div>
  );
}
