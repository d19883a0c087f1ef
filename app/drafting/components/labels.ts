import type { TFunction } from "i18next";

// How history pages name things: versions (automatic kinds are named from their kind, so they
// read in the visitor's language), fields, list columns and their values.

export type VersionForLabel = { number: number; name: string; kind: string };

/** A version's display name: the team's name for MANUAL versions, a translated one otherwise. */
export function versionName(t: TFunction, version: VersionForLabel): string {
  switch (version.kind) {
    case "STATUS":
      return t("drafting.statusVersionName", { status: t(`commitmentStatus.${version.name}`) });
    case "AUTO":
      return t("drafting.autoVersionName");
    case "RESTORE":
      return t("drafting.restoreVersionName", { number: version.name });
    default:
      return version.name;
  }
}

const FIELD_LABELS: Record<string, string> = {
  title: "commitment.title",
  problem: "commitment.problem",
  baseline: "commitment.baseline",
  description: "commitment.description",
  contribution: "commitment.contribution",
  leadInstitution: "commitment.leadInstitution",
  contactName: "drafting.fields.contactName",
  contactEmail: "drafting.fields.contactEmail",
  startDate: "drafting.fields.startDate",
  endDate: "drafting.fields.endDate",
  theme: "commitment.theme",
  policyArea: "editor.policyArea",
  valueAccessToInformation: "commitment.valueAccessToInformation",
  valueCivicParticipation: "commitment.valueCivicParticipation",
  valuePublicAccountability: "commitment.valuePublicAccountability",
  valueTechnology: "commitment.valueTechnology",
  milestones: "commitment.milestones",
  indicators: "commitment.indicators",
  actors: "commitment.supportingActors",
};

export function fieldLabel(t: TFunction, field: string): string {
  return t(FIELD_LABELS[field] ?? field);
}

export function columnLabel(t: TFunction, column: string): string {
  return t(`drafting.fields.${column}`);
}

const INDICATOR_KINDS = new Set(["ACTIVITY", "RESULT", "IMPACT"]);
const SECTORS = new Set(["CIVIL_SOCIETY", "PUBLIC_SECTOR", "PRIVATE_SECTOR", "ACADEMIA"]);

/** A list cell's value as shown: known kinds and sectors translated, the rest as written. */
export function cellValue(t: TFunction, column: string, value: string): string {
  if (column === "kind" && INDICATOR_KINDS.has(value)) return t(`indicatorKinds.${value}`);
  if (column === "sector" && SECTORS.has(value)) return t(`sectors.${value}`);
  return value;
}
