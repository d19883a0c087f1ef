import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/utils/meta.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "trust.rules.title");

const RULES = ["respect", "relevance", "privacy", "truth", "legality"] as const;

export default function CommunityRulesPage() {
  const { t } = useTranslation();
  return (
    <div className="container narrow">
      <h1>{t("trust.rules.title")}</h1>
      <p className="lead">{t("trust.rules.intro")}</p>
      <ol>
        {RULES.map((key) => (
          <li key={key}>
            <h2>{t(`trust.rules.items.${key}.title`)}</h2>
            <p>{t(`trust.rules.items.${key}.body`)}</p>
          </li>
        ))}
      </ol>
      <section aria-labelledby="rules-moderation">
        <h2 id="rules-moderation">{t("trust.rules.moderationTitle")}</h2>
        <p>{t("trust.rules.moderationBody")}</p>
      </section>
      <p>
        <Link to="/privacidad">{t("trust.rules.privacyLink")}</Link>
      </p>
    </div>
  );
}
