import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

type SelectFilterProps = {
  /** The query parameter, also the select's id. */
  name: string;
  label: string;
  formLabel: string;
  allLabel: string;
  options: { value: string; label: string }[];
  value: string | null;
};

/** A GET form with one select: filters a list, works without JavaScript, keeps a shareable URL. */
export function SelectFilter({ name, label, formLabel, allLabel, options, value }: SelectFilterProps) {
  const { t } = useTranslation();
  return (
    <Form method="get" className="filters" aria-label={formLabel}>
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={value ?? ""}>
        <option value="">{allLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <button type="submit" className="button">
        {t("common.filter")}
      </button>
    </Form>
  );
}
