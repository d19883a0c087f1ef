import type { FieldMetadata } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import { ORGANIZATION_KINDS, SECTORS } from "../forms.ts";
import { Checkbox, Select, TextArea, TextInput } from "./fields.tsx";

export type OrganizationFieldset = Record<
  "name" | "acronym" | "kind" | "sector" | "territoryId" | "description" | "verified",
  FieldMetadata<unknown>
>;

/** An organisation's fields, as registered and as edited. */
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
      <TextInput field={fields.name} label={t("administration.fields.organizationName")} />
      <TextInput field={fields.acronym} label={t("administration.fields.acronym")} />
      <Select
        field={fields.kind}
        label={t("administration.fields.kind")}
        hint={t("administration.organizations.kindHint")}
        options={ORGANIZATION_KINDS.map((kind) => ({ value: kind, label: t(`organizationKinds.${kind}`) }))}
      />
      <Select
        field={fields.sector}
        label={t("administration.fields.sector")}
        options={SECTORS.map((sector) => ({ value: sector, label: t(`sectors.${sector}`) }))}
      />
      <Select
        field={fields.territoryId}
        label={t("administration.fields.territoryId")}
        empty={t("administration.organizations.noTerritory")}
        options={territories.map((territory) => ({ value: territory.id, label: territory.name }))}
      />
      <TextArea field={fields.description} label={t("administration.fields.description")} rows={4} />
      <Checkbox
        field={fields.verified}
        label={t("administration.fields.verified")}
        hint={t("administration.organizations.verifiedHint")}
      />
    </>
  );
}
