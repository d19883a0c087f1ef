import { useTranslation } from "react-i18next";

/** A sector's name with its colour; the colour is never the only cue. */
export function SectorBadge({ sector }: { sector: string }) {
  const { t } = useTranslation();
  return <span className={`badge sector-${sector.toLowerCase().replace(/_/g, "-")}`}>{t(`sectors.${sector}`)}</span>;
}

export function PhaseBadge({ phase }: { phase: string }) {
  const { t } = useTranslation();
  return <span className={`badge phase-${phase.toLowerCase().replace(/_/g, "-")}`}>{t(`phases.${phase}`)}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge status-${status.toLowerCase().replace(/_/g, "-")}`}>{t(`commitmentStatus.${status}`)}</span>
  );
}

export function DemoBadge() {
  const { t } = useTranslation();
  return <span className="badge demo">{t("common.demo")}</span>;
}
