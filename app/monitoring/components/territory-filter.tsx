import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

type Territory = { id: string; name: string; level: string };

/** A GET form that filters a page by territory (and keeps other query values); works without JavaScript. */
export function TerritoryFilter({
  territories,
  value,
  label,
  extra = {},
}: {
  territories: Territory[];
  value: string | null;
  label: string;
  extra?: Record<string, string | null>;
}) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="filters" aria-label={label}>
      {Object.entries(extra).map(([name, v]) => (v ? <input key={name} type="hidden" name={name} value={v} /> : null))}
      <label htmlFor="territorio">{t("monitoring.territory")}</label>
      <select id="territorio" name="territorio" defaultValue={value ?? ""}>
        <option value="">{t("monitoring.allTerritories")}</option>
        {territories.map((territory) => (
          <option key={territory.id} value={territory.id}>
            {territory.level === "PROVINCE" ? `— ${territory.name}` : territory.name}
          </option>
        ))}
      </select>
      <button type="submit" className="button">
        {t("common.filter")}
      </button>
    </Form>
  );
}
