import { useTranslation } from "react-i18next";
import type { DraftContent } from "~/drafting/document.ts";
import { SectorBadge } from "~/components/badges.tsx";
import { formatDate } from "~/utils/format.ts";
import { cellValue } from "./labels.ts";

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function Paragraphs({ text }: { text: string }) {
  const { t } = useTranslation();
  if (!text) return <p className="muted">{t("commitment.notProvided")}</p>;
  return (
    <>
      {text.split(/\n{2,}/).map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </>
  );
}

/**
 * A commitment's content read-only on the OGP template's headings: a saved version, or the
 * commitment page (which shows the title and the fields its own way, so it leaves them out).
 */
export function DraftContentView({ content, withHeader = true }: { content: DraftContent; withHeader?: boolean }) {
  const { t, i18n } = useTranslation();
  const day = (value: string | undefined) => {
    if (!value) return "—";
    return DAY.test(value) && !Number.isNaN(Date.parse(`${value}T12:00:00Z`))
      ? formatDate(`${value}T12:00:00Z`, i18n.language)
      : value;
  };
  const { prose, fields } = content;
  const values = [
    ["valueAccessToInformation", fields.valueAccessToInformation],
    ["valueCivicParticipation", fields.valueCivicParticipation],
    ["valuePublicAccountability", fields.valuePublicAccountability],
    ["valueTechnology", fields.valueTechnology],
  ] as const;
  return (
    <div className="draft-content">
      {withHeader ? (
        <section aria-labelledby="v-title">
          <h2 id="v-title">{t("commitment.title")}</h2>
          <Paragraphs text={prose.title} />
        </section>
      ) : null}
      <section aria-labelledby="v-problem">
        <h2 id="v-problem">{t("commitment.problem")}</h2>
        <Paragraphs text={prose.problem} />
        <h3>{t("commitment.baseline")}</h3>
        <Paragraphs text={prose.baseline} />
      </section>
      <section aria-labelledby="v-description">
        <h2 id="v-description">{t("commitment.description")}</h2>
        <Paragraphs text={prose.description} />
      </section>
      <section aria-labelledby="v-contribution">
        <h2 id="v-contribution">{t("commitment.contribution")}</h2>
        <Paragraphs text={prose.contribution} />
      </section>
      {withHeader ? (
        <section aria-labelledby="v-fields">
          <h2 id="v-fields">{t("drafting.sections.fields")}</h2>
          <dl className="facts">
            <dt>{t("commitment.leadInstitution")}</dt>
            <dd>{fields.leadInstitution || "—"}</dd>
            <dt>{t("drafting.fields.startDate")}</dt>
            <dd>{day(fields.startDate)}</dd>
            <dt>{t("drafting.fields.endDate")}</dt>
            <dd>{day(fields.endDate)}</dd>
            <dt>{t("drafting.fields.contactName")}</dt>
            <dd>{fields.contactName || "—"}</dd>
            <dt>{t("drafting.fields.contactEmail")}</dt>
            <dd>{fields.contactEmail || "—"}</dd>
          </dl>
        </section>
      ) : null}
      <section aria-labelledby="v-values">
        <h2 id="v-values">{t("commitment.values")}</h2>
        <ul className="checklist">
          {values.map(([key, value]) => (
            <li key={key} className={value ? "yes" : "no"}>
              <span aria-hidden="true">{value ? "✔" : value === false ? "✖" : "–"}</span> {t(`commitment.${key}`)}:{" "}
              {value === null ? t("commitment.notProvided") : value ? t("common.yes") : t("common.no")}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="v-actors">
        <h2 id="v-actors">{t("commitment.supportingActors")}</h2>
        {content.actors.length === 0 ? (
          <p className="muted">{t("commitment.notProvided")}</p>
        ) : (
          <ul>
            {content.actors.map((actor, index) => (
              <li key={`${actor.id}-${index}`}>
                {actor.name || "—"}{" "}
                {actor.sector && cellValue(t, "sector", actor.sector) !== actor.sector ? (
                  <SectorBadge sector={actor.sector} />
                ) : (
                  actor.sector
                )}
                {actor.role ? ` — ${actor.role}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="v-milestones">
        <h2 id="v-milestones">{t("commitment.milestones")}</h2>
        {content.milestones.length === 0 ? (
          <p className="muted">{t("commitment.notProvided")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("commitment.milestone")}</th>
                  <th scope="col">{t("commitment.output")}</th>
                  <th scope="col">{t("commitment.dates")}</th>
                  <th scope="col">{t("commitment.responsible")}</th>
                </tr>
              </thead>
              <tbody>
                {content.milestones.map((m, index) => (
                  <tr key={`${m.id}-${index}`}>
                    <td>{m.description || "—"}</td>
                    <td>{m.output || "—"}</td>
                    <td>
                      {day(m.startDate)} – {day(m.endDate)}
                    </td>
                    <td>{m.responsible || "—"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="v-indicators">
        <h2 id="v-indicators">{t("commitment.indicators")}</h2>
        {content.indicators.length === 0 ? (
          <p className="muted">{t("commitment.notProvided")}</p>
        ) : (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t("commitment.indicatorKind")}</th>
                  <th scope="col">{t("commitment.indicator")}</th>
                  <th scope="col">{t("commitment.baselineValue")}</th>
                  <th scope="col">{t("commitment.target")}</th>
                  <th scope="col">{t("commitment.unit")}</th>
                  <th scope="col">{t("editor.dueDate")}</th>
                </tr>
              </thead>
              <tbody>
                {content.indicators.map((indicator, index) => (
                  <tr key={`${indicator.id}-${index}`}>
                    <td>{indicator.kind ? cellValue(t, "kind", indicator.kind) : "—"}</td>
                    <td>{indicator.name || "—"}</td>
                    <td>{indicator.baseline || "—"}</td>
                    <td>{indicator.target || "—"}</td>
                    <td>{indicator.unit || "—"}</td>
                    <td>{day(indicator.dueDate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
