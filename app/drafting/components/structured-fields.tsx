import { useTranslation } from "react-i18next";
import * as Y from "yjs";
import {
  addListItem,
  fieldsMap,
  INDICATOR_KINDS,
  LIST_FIELDS,
  listArray,
  SECTORS,
  TEXT_LIMITS,
  VALUE_FLAGS,
  type ListField,
  type ScalarField,
} from "~/drafting/document.ts";
import { useYObserveDeep } from "~/collab/y-hooks.ts";
import { Field } from "~/components/ui/field.tsx";

/** A single-value field (contact, dates) bound to the shared "fields" map: last writer wins. */
export function ScalarInput({
  doc,
  field,
  label,
  type = "text",
  editable,
  options,
}: {
  doc: Y.Doc;
  field: ScalarField;
  label: string;
  type?: "text" | "email" | "date";
  editable: boolean;
  /** When given, a select of these values (and "none") instead of a text input. */
  options?: readonly string[];
}) {
  const map = fieldsMap(doc);
  useYObserveDeep(map);
  const value = map.get(field);
  const id = `field-${field}`;
  return (
    <Field id={id} label={label}>
      {options ? (
        <select
          id={id}
          value={typeof value === "string" ? value : ""}
          disabled={!editable}
          onChange={(event) => map.set(field, event.target.value)}
        >
          <option value="">—</option>
          {/* A name no longer in the list (renamed institution) stays visible until changed. */}
          {typeof value === "string" && value && !options.includes(value) ? (
            <option value={value}>{value}</option>
          ) : null}
          {options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type={type}
          value={typeof value === "string" ? value : ""}
          maxLength={TEXT_LIMITS.scalar}
          readOnly={!editable}
          onChange={(event) => map.set(field, event.target.value)}
        />
      )}
    </Field>
  );
}

/** The OGP value flags as checkboxes, live for everyone. */
export function ValueFlags({ doc, editable }: { doc: Y.Doc; editable: boolean }) {
  const { t } = useTranslation();
  const map = fieldsMap(doc);
  useYObserveDeep(map);
  return (
    <fieldset className="checkbox-group">
      <legend>{t("commitment.values")}</legend>
      {VALUE_FLAGS.map((flag) => (
        <div key={flag} className="checkbox-field">
          <input
            id={`flag-${flag}`}
            type="checkbox"
            checked={map.get(flag) === true}
            disabled={!editable}
            onChange={(event) => map.set(flag, event.target.checked)}
          />
          <label htmlFor={`flag-${flag}`}>{t(`commitment.${flag}`)}</label>
        </div>
      ))}
    </fieldset>
  );
}

const COLUMN_LABELS: Record<string, string> = {
  description: "commitment.milestone",
  output: "commitment.output",
  startDate: "editor.startDate",
  endDate: "editor.endDate",
  responsible: "commitment.responsible",
  kind: "commitment.indicatorKind",
  name: "editor.name",
  unit: "commitment.unit",
  baseline: "commitment.baselineValue",
  target: "commitment.target",
  sector: "editor.sector",
  role: "editor.role",
  dueDate: "editor.dueDate",
};

function ItemInput({
  item,
  column,
  label,
  editable,
}: {
  item: Y.Map<string>;
  column: string;
  label: string;
  editable: boolean;
}) {
  const { t } = useTranslation();
  const value = item.get(column) ?? "";
  const id = `${item.get("id")}-${column}`;
  const set = (next: string) => item.set(column, next);
  let control;
  if (column === "kind" || column === "sector") {
    const options = column === "kind" ? INDICATOR_KINDS : SECTORS;
    control = (
      <select id={id} value={value} disabled={!editable} onChange={(event) => set(event.target.value)}>
        <option value="">—</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {t(column === "kind" ? `indicatorKinds.${option}` : `sectors.${option}`)}
          </option>
        ))}
      </select>
    );
  } else {
    control = (
      <input
        id={id}
        type={column.endsWith("Date") ? "date" : "text"}
        value={value}
        maxLength={TEXT_LIMITS.listItem}
        readOnly={!editable}
        onChange={(event) => set(event.target.value)}
      />
    );
  }
  return (
    <Field id={id} label={label} className="compact">
      {control}
    </Field>
  );
}

/** Milestones, indicators or supporting actors: a shared array of maps, live item by item. */
export function ListEditor({
  doc,
  list,
  title,
  itemLabel,
  editable,
}: {
  doc: Y.Doc;
  list: ListField;
  title: string;
  itemLabel: string;
  editable: boolean;
}) {
  const { t } = useTranslation();
  const array = listArray(doc, list);
  useYObserveDeep(array);
  const items = array.toArray().filter((item): item is Y.Map<string> => item instanceof Y.Map);
  const headingId = `list-${list}`;
  return (
    <section aria-labelledby={headingId} className="list-editor">
      <h2 id={headingId}>{title}</h2>
      {items.length === 0 ? <p className="muted">{t("commitment.notProvided")}</p> : null}
      <ol className="list-items">
        {items.map((item, index) => (
          <li key={item.get("id") ?? index} className="card">
            <fieldset>
              <legend>{t("editor.itemNumber", { item: itemLabel, number: index + 1 })}</legend>
              <div className="list-item-grid">
                {LIST_FIELDS[list].map((column) => (
                  <ItemInput
                    key={column}
                    item={item}
                    column={column}
                    label={t(COLUMN_LABELS[column] ?? column)}
                    editable={editable}
                  />
                ))}
              </div>
              {editable ? (
                <button type="button" className="button" onClick={() => array.delete(index, 1)}>
                  {t("editor.remove", { item: `${itemLabel} ${index + 1}` })}
                </button>
              ) : null}
            </fieldset>
          </li>
        ))}
      </ol>
      {editable && items.length < TEXT_LIMITS.listLength ? (
        <button type="button" className="button" onClick={() => addListItem(doc, list)}>
          {t("editor.add", { item: itemLabel })}
        </button>
      ) : null}
    </section>
  );
}
