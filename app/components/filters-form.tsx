import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export type FilterSelect = {
  /** The query parameter, also the select's id. */
  name: string;
  label: string;
  allLabel: string;
  options: { value: string; label: string }[];
  value: string | null;
};

/** A GET form with several selects and one button: filters a list, works without JavaScript. */
export function FiltersForm({ label, selects }: { label: string; selects: FilterSelect[] }) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="filters" aria-label={label}>
      {selects.map((select) => (
        <span key={select.name} className="filter">
          <label htmlFor={select.name}>{select.label}</label>{" "}
          <select id={select.name} name={select.name} defaultValue={select.value ?? ""}>
            <option value="">{select.allLabel}</option>
            {select.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </span>
      ))}
      <button type="submit" className="button">
        {t("common.filter")}
      </button>
    </Form>
  );
}
