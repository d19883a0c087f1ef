import { useTranslation } from "react-i18next";
import { Select, TextArea, TextField, type FieldMeta } from "~/components/ui/field.tsx";
import { PLAN_NAME_MAX, SCOPES, THEMES_MAX, YEAR_MAX, YEAR_MIN } from "../forms.ts";

export type PlanFieldName =
  "name" | "ordinal" | "periodStart" | "periodEnd" | "scope" | "territoryId" | "summary" | "themes";
export type PlanFieldset = Record<PlanFieldName, FieldMeta>;

/** A plan's fields, as created and as edited (form kit fields on Conform's metadata). */
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
      <TextField
        meta={f.name}
        label={t("administration.fields.name")}
        hint={t("administration.plans.nameHint", { max: PLAN_NAME_MAX })}
      />
      <TextField
        meta={f.ordinal}
        label={t("administration.fields.ordinal")}
        hint={t("administration.plans.ordinalHint")}
      />
      <fieldset className="field-group">
        <legend>{t("administration.plans.period")}</legend>
        <div className="field-row">
          <TextField
            meta={f.periodStart}
            label={t("administration.fields.periodStart")}
            type="number"
            min={YEAR_MIN}
            max={YEAR_MAX}
            inputMode="numeric"
          />
          <TextField
            meta={f.periodEnd}
            label={t("administration.fields.periodEnd")}
            type="number"
            min={YEAR_MIN}
            max={YEAR_MAX}
            inputMode="numeric"
          />
        </div>
      </fieldset>
      <Select meta={f.scope} label={t("administration.fields.scope")}>
        {SCOPES.map((scope) => (
          <option key={scope} value={scope}>
            {t(`scopes.${scope}`)}
          </option>
        ))}
      </Select>
      <Select
        meta={f.territoryId}
        label={t("administration.fields.territoryId")}
        hint={t("administration.plans.territoryHint")}
      >
        <option value="">{t("administration.plans.territoryDefault")}</option>
        {territories.map((territory) => (
          <option key={territory.id} value={territory.id}>
            {territory.name}
          </option>
        ))}
      </Select>
      <TextArea meta={f.summary} label={t("administration.fields.summary")} rows={5} />
      <TextArea
        meta={f.themes}
        label={t("administration.fields.themes")}
        hint={t("administration.plans.themesHint", { max: THEMES_MAX })}
        rows={6}
      />
    </>
  );
}
