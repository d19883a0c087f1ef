import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/utils/meta.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "trust.deletion.title");

/** Where a person lands after deleting their account. */
export default function AccountDeletedPage() {
  const { t } = useTranslation();
  return (
    <div className="container narrow">
      <h1>{t("trust.deletion.title")}</h1>
      <p role="status" className="form-message success">
        {t("trust.deletion.done")}
      </p>
      <p>
        <Link to="/">{t("errors.backHome")}</Link>
      </p>
    </div>
  );
}
