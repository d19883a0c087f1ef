import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

type Props = {
  commitment: { id: string; number: number; plan: { id: string; name: string } };
  /** Start the trail at the list of plans. */
  fromPlans?: boolean;
  /** End the trail at the commitment's history. */
  toHistory?: boolean;
};

/** The breadcrumb of the pages under a commitment: plan › commitment [› history]. */
export function CommitmentBreadcrumb({ commitment: c, fromPlans = false, toHistory = false }: Props) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
      {fromPlans ? (
        <>
          <Link to="/planes">{t("plans.title")}</Link> <span aria-hidden="true">›</span>{" "}
        </>
      ) : null}
      <Link to={`/planes/${c.plan.id}`}>{c.plan.name}</Link> <span aria-hidden="true">›</span>{" "}
      <Link to={`/compromisos/${c.id}`}>{t("commitment.numberOf", { number: c.number })}</Link>
      {toHistory ? (
        <>
          {" "}
          <span aria-hidden="true">›</span>{" "}
          <Link to={`/compromisos/${c.id}/historial`}>{t("drafting.historyTitle")}</Link>
        </>
      ) : null}
    </nav>
  );
}
