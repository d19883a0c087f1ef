import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ForumActionData } from "~/forum/actions.server.ts";

/** What a form shows after a refused submission: per-field errors, form errors and the values sent. */
export type FormState = {
  errors: Record<string, string[]>;
  formErrors: string[];
  values: Record<string, string>;
};

const EMPTY: FormState = { errors: {}, formErrors: [], values: {} };

/** The state of the form with this intent (and, for per-row forms, this key field and value). */
export function formState(
  data: ForumActionData | undefined,
  intent: string,
  match?: { field: string; value: string },
): FormState {
  if (!data || data.intent !== intent) return EMPTY;
  if ("error" in data) return { ...EMPTY, formErrors: [data.error] };
  const result = data.submission;
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(result.initialValue ?? {})) {
    if (typeof value === "string") values[key] = value;
  }
  if (match && values[match.field] !== match.value) return EMPTY;
  const errors: Record<string, string[]> = {};
  let formErrors: string[] = [];
  for (const [key, list] of Object.entries(result.error ?? {})) {
    if (!list) continue;
    if (key === "") formErrors = list;
    else errors[key] = list;
  }
  return { errors, formErrors, values };
}

/** A form's own error message, announced when it appears. */
export function FormErrors({ id, errors }: { id: string; errors: string[] }) {
  const { t } = useTranslation();
  if (errors.length === 0) return null;
  return (
    <div id={id} role="alert" className="form-message error">
      {errors.map((e) => (
        <p key={e}>{t(e)}</p>
      ))}
    </div>
  );
}

type FieldProps = {
  id: string;
  name: string;
  label: string;
  state: FormState;
  hint?: ReactNode;
  children?: never;
};

function describedBy(id: string, hint: boolean, errors: boolean) {
  return [hint ? `${id}-hint` : null, errors ? `${id}-errors` : null].filter(Boolean).join(" ") || undefined;
}

function Errors({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={`${id}-errors`} className="field-errors">
      {errors.map((e) => (
        <li key={e}>{t(e)}</li>
      ))}
    </ul>
  );
}

/** A labelled text-like input with its hint, its errors and the value sent kept after a refusal. */
export function TextField({
  id,
  name,
  label,
  state,
  hint,
  type = "text",
  defaultValue,
  required,
  multiline,
}: FieldProps & {
  type?: "text" | "date" | "datetime-local" | "number";
  defaultValue?: string;
  required?: boolean;
  multiline?: boolean;
}) {
  const errors = state.errors[name];
  const props = {
    id,
    name,
    defaultValue: state.values[name] ?? defaultValue ?? "",
    "aria-invalid": errors?.length ? true : undefined,
    "aria-describedby": describedBy(id, Boolean(hint), Boolean(errors?.length)),
    required,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {multiline ? <textarea rows={4} {...props} /> : <input type={type} {...props} />}
      <Errors id={id} errors={errors} />
    </div>
  );
}

/** A labelled select with the value sent kept after a refusal. */
export function SelectField({
  id,
  name,
  label,
  state,
  hint,
  options,
  defaultValue,
}: FieldProps & { options: { value: string; label: string }[]; defaultValue?: string }) {
  const errors = state.errors[name];
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        defaultValue={state.values[name] ?? defaultValue}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy(id, Boolean(hint), Boolean(errors?.length))}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <Errors id={id} errors={errors} />
    </div>
  );
}

/** A table that may scroll sideways on a phone: the scrolling region is focusable and named, so a
 * keyboard can scroll it (WCAG 2.1.1). */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- a scrollable region must take focus
    <div className="table-wrap" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
