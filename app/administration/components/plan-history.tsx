import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/utils/format.ts";

// A plan's history as the public record holds it: each act with its date, who did it, and what
// changed (each field before and after). Shown on the workspace's plan page and the public plan page.

export type HistoryEntry = {
  seq: number;
  at: string;
  kind: string;
  actor: string | null;
  data: Record<string, unknown>;
};

type Territories = Record<string, string>;

function useValue(territories: Territories) {
  const { t } = useTranslation();
  return (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === "") return t("administration.history.empty");
    if (Array.isArray(value)) return value.length ? value.join(", ") : t("administration.history.empty");
    if (field === "scope") return t(`scopes.${String(value)}`);
    if (field === "territoryId") return territories[String(value)] ?? String(value);
    if (field === "phase") return t(`phases.${String(value)}`);
    if (field === "stage") return t(`administration.stages.${String(value)}`);
    return String(value);
  };
}

function Details({ entry, territories }: { entry: HistoryEntry; territories: Territories }) {
  const { t, i18n } = useTranslation();
  const value = useValue(territories);
  const d = entry.data;
  if (entry.kind === "plan.changed" && d.changes && typeof d.changes === "object") {
    const changes = d.changes as Record<string, { from: unknown; to: unknown }>;
    return (
      <ul className="history-changes">
        {Object.entries(changes).map(([field, change]) => (
          <li key={field}>
            <strong>{t(`administration.fields.${field}`, { defaultValue: field })}</strong>:{" "}
            <span className="history-before">{value(field, change.from)}</span> <span aria-hidden="true">→</span>
            <span className="visually-hidden">{t("administration.history.becomes")}</span>{" "}
            <span className="history-after">{value(field, change.to)}</span>
          </li>
        ))}
      </ul>
    );
  }
  if (entry.kind === "plan.phase") {
    const stage = (s: unknown) => (s ? ` (${value("stage", s)})` : "");
    return (
      <p>
        {t("administration.history.moved", {
          from: `${value("phase", d.from)}${stage(d.fromStage)}`,
          to: `${value("phase", d.to)}${stage(d.toStage)}`,
        })}
      </p>
    );
  }
  if (entry.kind === "plan.window") {
    const to = d.to as { opensAt: string | null; closesAt: string | null } | undefined;
    return (
      <p>
        {to?.opensAt && to.closesAt
          ? t("administration.history.window", {
              opensAt: formatDateTime(to.opensAt, i18n.language),
              closesAt: formatDateTime(to.closesAt, i18n.language),
            })
          : t("administration.history.windowCleared")}
      </p>
    );
  }
  if (entry.kind === "plan.calendar") {
    const to = (d.to as { stage: string; start: string; end: string }[] | undefined) ?? [];
    return to.length === 0 ? (
      <p>{t("administration.history.calendarCleared")}</p>
    ) : (
      <ul className="history-changes">
        {to.map((s) => (
          <li key={s.stage}>
            {t("administration.history.stageDates", { stage: value("stage", s.stage), start: s.start, end: s.end })}
          </li>
        ))}
      </ul>
    );
  }
  if (entry.kind === "plan.created") {
    return <p>{t("administration.history.created", { name: value("name", d.name) })}</p>;
  }
  return null;
}

export function PlanHistory({
  entries,
  territories,
  headingId,
}: {
  entries: HistoryEntry[];
  territories: Territories;
  headingId: string;
}) {
  const { t, i18n } = useTranslation();
  if (entries.length === 0) return <p>{t("administration.history.none")}</p>;
  return (
    <ol className="history-list" aria-labelledby={headingId}>
      {entries.map((entry) => (
        <li key={entry.seq}>
          <p>
            <strong>{t(`monitoring.acts.${entry.kind.replace(/\./g, "_")}`, { defaultValue: entry.kind })}</strong>{" "}
            <span className="muted">
              · <time dateTime={entry.at}>{formatDateTime(entry.at, i18n.language)}</time>
              {entry.actor ? ` · ${entry.actor}` : ""} · {t("administration.history.entry", { seq: entry.seq })}
            </span>
          </p>
          <Details entry={entry} territories={territories} />
        </li>
      ))}
    </ol>
  );
}
