import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PRIVACY_POLICY_VERSION } from "~/privacy.ts";
import { pageTitle } from "~/utils/meta.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "privacy.title");

export default function PrivacyPage() {
  const { t } = useTranslation();
  const sections = ["controller", "data", "purpose", "publicity", "cookies", "rights", "retention"] as const;
  return (
    <div className="container narrow">
      <h1>{t("privacy.title")}</h1>
      <p className="muted">{t("privacy.version", { version: PRIVACY_POLICY_VERSION })}</p>
      <p className="lead">{t("privacy.intro")}</p>
      {sections.map((key) => (
        <section key={key} aria-labelledby={`privacy-${key}`}>
          <h2 id={`privacy-${key}`}>{t(`privacy.${key}Title`)}</h2>
          <p>{t(`privacy.${key}Body`)}</p>
        </section>
      ))}
      <section aria-labelledby="privacy-rights-here">
        <h2 id="privacy-rights-here">{t("trust.privacy.rightsHereTitle")}</h2>
        <p>{t("trust.privacy.rightsHereBody")}</p>
        <ul>
          <li>
            <Link to="/cuenta/mis-datos">{t("trust.privacy.myDataLink")}</Link>
          </li>
          <li>
            <Link to="/cuenta">{t("trust.privacy.accountLink")}</Link>
          </li>
          <li>
            <Link to="/normas-de-la-comunidad">{t("trust.privacy.rulesLink")}</Link>
          </li>
        </ul>
      </section>
    </div>
  );
}
