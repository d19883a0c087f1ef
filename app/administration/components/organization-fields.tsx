import { useTranslation } from "react-i18next";
import { Checkbox, Select, TextArea, TextField, type FieldMeta } from "~/components/ui/field.tsx";
import { ORGANIZATION_KINDS, SECTORS } from "../forms.ts";

export type OrganizationFieldset = Record<
  "name" | "acronym" | "kind" | "sector" | "territoryId" | "description" | "verified",
  FieldMeta
>;

/** An organisation's fields, as registered and as edited (form kit fields on Conform's metadata). */
export function OrganizationFields({
  fields,
  territories,
}: {
  fields: OrganizationFieldset;
  territories: { id: string; name: string }[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField meta={fields.name} label={t("administration.fields.organizationName")} />
      <TextField meta={fields.acronym} label={t("administration.fields.acronym")} />
      <Select
        meta={fields.kind}
        label={t("administration.fields.kind")}
        hint={t("administration.organizations.kindHint")}
      >
        {ORGANIZATION_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`organizationKinds.${kind}`)}
          </option>
        ))}
      </Select>
      <Select meta={fields.sector} label={t("administration.fields.sector")}>
        {SECTORS.map((sector) => (
          <option key={sector} value={sector}>
            {t(`sectors.${sector}`)}
          </option>
        ))}
      </Select>
      <Select meta={fields.territoryId} label={t("administration.fields.territoryId")}>
        <option value="">{t("administration.organizations.noTerritory")}</option>
        {territories.map((territory) => (
          <option key={territory.id} value={territory.id}>
            {territory.name}
          </option>
        ))}
      </Select>
      <TextArea meta={fields.description} label={t("administration.fields.description")} rows={4} />
      <Checkbox
        meta={fields.verified}
        label={t("administration.fields.verified")}
        hint={t("administration.organizations.verifiedHint")}
      />
    </>
  );
}
