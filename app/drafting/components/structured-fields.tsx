import { useTranslation } from "react-i18next";
import type { Awareness } from "y-protocols/awareness";
import * as Y from "yjs";
import {
  addListItem,
  fieldsMap,
  INDICATOR_KINDS,
  isTextKey,
  LIST_FIELDS,
  listArray,
  SECTORS,
  TEXT_LIMITS,
  VALUE_FLAGS,
  type ClassificationField,
  type ListField,
  type ScalarField,
} from "~/drafting/document.ts";
import { useYObserveDeep } from "~/collab/y-hooks.ts";
import { Field } from "~/components/ui/field.tsx";
import { ShortText } from "./short-text.tsx";

// The draft's fields outside the prose: short texts are Y.Texts bound by ShortText (everyone's
// keystrokes kept, carets shared); choices (dates, flags, kinds, sectors, theme, policy area) are
// atomic values in their map, where the last choice wins.

/**
 * A scalar field: a short text (contact, lead institution, with suggestions when `options` are
 * given) bound to its Y.Text, or a date, an atomic value.
 */
export function ScalarInput({
  doc,
  field,
  label,
  type = "text",
  editable,
  options,
  awareness = null,
}: {
  doc: Y.Doc;
  field: ScalarField;
  label: string;
  type?: "text" | "email" | "date";
  editable: boolean;
  /** Suggestions for a text field (a datalist): e.g. the institutions' names. */
  options?: readonly string[];
  awareness?: Awareness | null;
}) {
  const map = fieldsMap(doc);
  useYObserveDeep(type === "date" ? map : null);
  const id = `field-${field}`;
  if (type !== "date" && isTextKey(null, field)) {
    const listId = options ? `${id}-options` : undefined;
    return (
      <div className="field">
        <ShortText
          doc={doc}
          map={map}
          textKey={field}
          cursorKey={`fields/${field}`}
          awareness={awareness}
          id={id}
          label={label}
          editable={editable}
          type={type}
          maxLength={TEXT_LIMITS.scalar}
          list={listId}
        />
        {options ? (
          <datalist id={listId}>
            {options.map((option) => (
              <option key={option} value={option} />
            ))}
          </datalist>
        ) : null}
      </div>
    );
  }
  const value = map.get(field);
  return (
    <Field id={id} label={label}>
      <input
        id={id}
        type={type}
        value={typeof value === "string" ? value : ""}
        maxLength={TEXT_LIMITS.scalar}
        readOnly={!editable}
        onChange={(event) => map.set(field, event.target.value)}
      />
    </Field>
  );
}

/** Theme or policy area: a choice among `options` (value, label), an atomic value. */
export function ChoiceSelect({
  doc,
  field,
  label,
  options,
  editable,
  optionLang,
}: {
  doc: Y.Doc;
  field: ClassificationField;
  label: string;
  options: readonly { value: string; label: string }[];
  editable: boolean;
  /** The language of the options' labels when it is not the page's (OGP's policy areas: "en"). */
  optionLang?: string;
}) {
  const map = fieldsMap(doc);
  useYObserveDeep(map);
  const raw = map.get(field);
  const value = typeof raw === "string" ? raw : "";
  const id = `field-${field}`;
  return (
    <Field id={id} label={label}>
      <select id={id} value={value} disabled={!editable} onChange={(event) => map.set(field, event.target.value)}>
        <option value="">—</option>
        {/* A value no longer offered (an older import) stays visible until changed. */}
        {value && !options.some((option) => option.value === value) ? (
          <option value={value} lang={optionLang}>
            {value}
          </option>
        ) : null}
        {options.map((option) => (
          <option key={option.value} value={option.value} lang={optionLang}>
            {option.label}
          </option>
        ))}
      </select>
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
  doc,
  list,
  item,
  column,
  label,
  editable,
  awareness,
}: {
  doc: Y.Doc;
  list: ListField;
  item: Y.Map<string | Y.Text>;
  column: string;
  label: string;
  editable: boolean;
  awareness: Awareness | null;
}) {
  const { t } = useTranslation();
  const itemId = String(item.get("id") ?? "");
  const id = `${itemId}-${column}`;
  if (isTextKey(list, column)) {
    return (
      <div className="field compact">
        <ShortText
          doc={doc}
          map={item}
          textKey={column}
          cursorKey={`${list}/${itemId}/${column}`}
          awareness={awareness}
          id={id}
          label={label}
          editable={editable}
          multiline
          maxLength={TEXT_LIMITS.listItem}
        />
      </div>
    );
  }
  const raw = item.get(column);
  const value = typeof raw === "string" ? raw : "";
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
  awareness = null,
}: {
  doc: Y.Doc;
  list: ListField;
  title: string;
  itemLabel: string;
  editable: boolean;
  awareness?: Awareness | null;
}) {
  const { t } = useTranslation();
  const array = listArray(doc, list);
  // Items added, removed or with a choice changed (the short texts follow their own Y.Text).
  useYObserveDeep(array);
  const items = array.toArray().filter((item) => item instanceof Y.Map);
  const headingId = `list-${list}`;
  return (
    <section aria-labelledby={headingId} className="list-editor">
      <h2 id={headingId}>{title}</h2>
      {items.length === 0 ? <p className="muted">{t("commitment.notProvided")}</p> : null}
      <ol className="list-items">
        {items.map((item, index) => (
          <li key={String(item.get("id") ?? index)} className="card">
            <fieldset>
              <legend>{t("editor.itemNumber", { item: itemLabel, number: index + 1 })}</legend>
              <div className="list-item-grid">
                {LIST_FIELDS[list].map((column) => (
                  <ItemInput
                    key={column}
                    doc={doc}
                    list={list}
                    item={item}
                    awareness={awareness}
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
