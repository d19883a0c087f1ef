import { useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/**
 * The error page for a 503 (a busy database: try again in a few seconds) or a 507 (the disk is
 * full: try again in a few minutes). Either way nothing was saved.
 */
export function UnavailableContent({ reason = "unavailable" }: { reason?: "unavailable" | "storageFull" }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <div className="container narrow">
      <h1>{t(`trust.${reason}.title`)}</h1>
      <p role="alert">{t(`trust.${reason}.detail`)}</p>
      <p>
        <a className="button primary" href={`${location.pathname}${location.search}`}>
          {t(`trust.${reason}.retry`)}
        </a>
      </p>
    </div>
  );
}
