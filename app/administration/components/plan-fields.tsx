import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { PLAN_NAME_MAX, SCOPES, THEMES_MAX, YEAR_MAX, YEAR_MIN } from "../forms.ts";
import { Select, TextArea, TextInput } from "./fields.tsx";

export type PlanFieldName =
  "name" | "ordinal" | "periodStart" | "periodEnd" | "scope" | "territoryId" | "summary" | "themes";
export type PlanFieldset = Record<PlanFieldName, FieldMetadata<unknown>>;

/** A plan's fields, as created and as edited. */
export function PlanFields({
  fields,
  territories,
}: {
  fields: PlanFieldset;
  territories: { id: string; name: string; level: string }[];
}) {
  const { t } = useTranslation();
  const f = fields;
  return (
    <>
      <TextInput
        field={f.name}
        label={t("administration.fields.name")}
        hint={t("administration.plans.nameHint", { max: PLAN_NAME_MAX })}
      />
      <TextInput
        field={f.ordinal}
        label={t("administration.fields.ordinal")}
        hint={t("administration.plans.ordinalHint")}
      />
      <fieldset className="field-group">
        <legend>{t("administration.plans.period")}</legend>
        <div className="field-row">
          <TextInput
            field={f.periodStart}
            label={t("administration.fields.periodStart")}
            type="number"
            min={YEAR_MIN}
            max={YEAR_MAX}
            inputMode="numeric"
          />
          <TextInput
            field={f.periodEnd}
            label={t("administration.fields.periodEnd")}
            type="number"
            min={YEAR_MIN}
            max={YEAR_MAX}
            inputMode="numeric"
          />
        </div>
      </fieldset>
      <Select
        field={f.scope}
        label={t("administration.fields.scope")}
        options={SCOPES.map((scope) => ({ value: scope, label: t(`scopes.${scope}`) }))}
      />
      <Select
        field={f.territoryId}
        label={t("administration.fields.territoryId")}
        hint={t("administration.plans.territoryHint")}
        empty={t("administration.plans.territoryDefault")}
        options={territories.map((territory) => ({ value: territory.id, label: territory.name }))}
      />
      <TextArea field={f.summary} label={t("administration.fields.summary")} rows={5} />
      <TextArea
        field={f.themes}
        label={t("administration.fields.themes")}
        hint={t("administration.plans.themesHint", { max: THEMES_MAX })}
        rows={6}
      />
    </>
  );
}
