import type { CSSProperties } from "react";
import { useTranslation } from "react-i18next";
import type { Comparison, FieldDiff } from "~/drafting/compare.server.ts";
import type { Credit, Segment } from "~/drafting/diff.ts";
import { cellValue, columnLabel, fieldLabel } from "./labels.ts";

// A comparison, field by field. Insertions and deletions are <ins> and <del> with a visible text
// mark ("+añadido:", "−eliminado:"), underline and strike-through: colour is only a third cue.

const INS_STYLE: CSSProperties = { background: "#e3f4e8", textDecoration: "underline", padding: "0 0.15em" };
const DEL_STYLE: CSSProperties = { background: "#fbe7e7", textDecoration: "line-through", padding: "0 0.15em" };
// inline-block: the strike-through of <del> does not run through its mark.
const MARK_STYLE: CSSProperties = { display: "inline-block", fontSize: "0.8em", fontWeight: 600 };

function useCredits() {
  const { t } = useTranslation();
  return (by: readonly Credit[]) =>
    by
      .map((credit) =>
        credit.kind === "seed"
          ? t("drafting.seedAuthor")
          : credit.kind === "former"
            ? t("drafting.formerAuthor")
            : credit.name,
      )
      .join(", ");
}

function SegmentView({ segment }: { segment: Segment }) {
  const { t } = useTranslation();
  const credits = useCredits();
  if (segment.type === "same") return <span>{segment.text}</span>;
  if (segment.type === "del") {
    return (
      <>
        <del style={DEL_STYLE}>
          <span style={MARK_STYLE}>{t("drafting.delLabel")}</span> {segment.text}
        </del>
        {segment.by.length > 0 ? (
          <small className="muted"> {t("drafting.deletedBy", { names: credits(segment.by) })} </small>
        ) : null}
      </>
    );
  }
  return (
    <>
      <ins style={INS_STYLE}>
        <span style={MARK_STYLE}>{t("drafting.insLabel")}</span> {segment.text}
      </ins>
      {segment.by.length > 0 ? (
        <small className="muted"> {t("drafting.writtenBy", { names: credits(segment.by) })} </small>
      ) : null}
    </>
  );
}

function FlagValue({ value }: { value: boolean | null }) {
  const { t } = useTranslation();
  return <>{value === null ? t("commitment.notProvided") : value ? t("common.yes") : t("common.no")}</>;
}

function FieldChange({ diff, headingId }: { diff: FieldDiff; headingId: string }) {
  const { t } = useTranslation();
  const credits = useCredits();
  if (diff.type === "text") {
    return (
      <section aria-labelledby={headingId} data-field={diff.field}>
        <h3 id={headingId}>{fieldLabel(t, diff.field)}</h3>
        <p className="diff" style={{ whiteSpace: "pre-wrap" }}>
          {diff.segments.length === 0 ? t("drafting.empty") : null}
          {diff.segments.map((segment, index) => (
            <SegmentView key={index} segment={segment} />
          ))}
        </p>
      </section>
    );
  }
  if (diff.type === "flag") {
    return (
      <section aria-labelledby={headingId} data-field={diff.field}>
        <h3 id={headingId}>{fieldLabel(t, diff.field)}</h3>
        <p>
          <del style={DEL_STYLE}>
            <span style={MARK_STYLE}>{t("drafting.before")}:</span> <FlagValue value={diff.from} />
          </del>{" "}
          <span aria-hidden="true">→</span>{" "}
          <ins style={INS_STYLE}>
            <span style={MARK_STYLE}>{t("drafting.after")}:</span> <FlagValue value={diff.to} />
          </ins>
          {diff.by.length > 0 ? (
            <small className="muted"> {t("drafting.writtenBy", { names: credits(diff.by) })}</small>
          ) : null}
        </p>
      </section>
    );
  }
  return (
    <section aria-labelledby={headingId} data-field={diff.field}>
      <h3 id={headingId}>{fieldLabel(t, diff.field)}</h3>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{fieldLabel(t, diff.field)}</caption>
          <thead>
            <tr>
              <th scope="col">{t("drafting.change")}</th>
              {diff.columns.map((column) => (
                <th key={column} scope="col">
                  {columnLabel(t, column)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {diff.rows.map((row, index) => {
              const Mark = row.type === "ins" ? "ins" : row.type === "del" ? "del" : "span";
              const style = row.type === "ins" ? INS_STYLE : row.type === "del" ? DEL_STYLE : undefined;
              return (
                <tr key={index}>
                  <th scope="row">
                    {row.type === "ins"
                      ? t("drafting.rowAdded")
                      : row.type === "del"
                        ? t("drafting.rowRemoved")
                        : t("drafting.rowSame")}
                    {row.by.length > 0 ? (
                      <small className="muted">
                        {" "}
                        {t(row.type === "del" ? "drafting.deletedBy" : "drafting.writtenBy", {
                          names: credits(row.by),
                        })}
                      </small>
                    ) : null}
                  </th>
                  {diff.columns.map((column) => (
                    <td key={column} style={column.endsWith("Date") ? { whiteSpace: "nowrap" } : undefined}>
                      <Mark style={style}>{cellValue(t, column, row.values[column] ?? "") || "—"}</Mark>
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The changed fields of a comparison, then the names of those that did not change. */
export function ComparisonView({ comparison }: { comparison: Comparison }) {
  const { t } = useTranslation();
  const changed = comparison.fields.filter((field) => field.changed);
  const unchanged = comparison.fields.filter((field) => !field.changed);
  return (
    <div className="comparison">
      <section aria-labelledby="legend-title" className="card">
        <h2 id="legend-title">{t("drafting.legendTitle")}</h2>
        <ul>
          <li>
            <ins style={INS_STYLE}>
              <span style={MARK_STYLE}>{t("drafting.insLabel")}</span> …
            </ins>{" "}
            {t("drafting.legendIns")}
          </li>
          <li>
            <del style={DEL_STYLE}>
              <span style={MARK_STYLE}>{t("drafting.delLabel")}</span> …
            </del>{" "}
            {t("drafting.legendDel")}
          </li>
        </ul>
      </section>
      <p role="status">
        {changed.length === 0 ? t("drafting.noDifferences") : t("drafting.changedFields", { count: changed.length })}
      </p>
      {changed.length > 0 ? (
        <section aria-labelledby="diff-changes">
          <h2 id="diff-changes">{t("drafting.changesTitle")}</h2>
          {changed.map((diff) => (
            <FieldChange key={diff.field} diff={diff} headingId={`diff-${diff.field}`} />
          ))}
        </section>
      ) : null}
      {unchanged.length > 0 ? (
        <section aria-labelledby="diff-unchanged">
          <h2 id="diff-unchanged">{t("drafting.unchangedFields")}</h2>
          <ul className="inline-list">
            {unchanged.map((diff) => (
              <li key={diff.field}>{fieldLabel(t, diff.field)}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
