import { useTranslation } from "react-i18next";

export function ProposalStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge proposal-${status.toLowerCase().replace(/_/g, "-")}`}>
      {t(`participation.statuses.${status}`)}
    </span>
  );
}

const SECTOR_KEYS = ["CIVIL_SOCIETY", "PUBLIC_SECTOR", "PRIVATE_SECTOR", "ACADEMIA", "NONE"] as const;

/** Supports by the voters' sector, as a small table (numbers, never who). */
export function VotesBySector({ counts }: { counts: Record<(typeof SECTOR_KEYS)[number], number> }) {
  const { t } = useTranslation();
  return (
    <table className="compact-table">
      <caption className="visually-hidden">{t("participation.votesBySector")}</caption>
      <thead>
        <tr>
          <th scope="col">{t("participation.sector")}</th>
          <th scope="col">{t("participation.supports")}</th>
        </tr>
      </thead>
      <tbody>
        {SECTOR_KEYS.map((key) => (
          <tr key={key}>
            <th scope="row">{key === "NONE" ? t("participation.noSector") : t(`sectors.${key}`)}</th>
            <td>{counts[key]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
