import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

// The workspace's form fields on Conform: each has a visible label, an optional hint and its
// errors, both tied to the control with aria-describedby (and aria-invalid when in error).
// An error is an i18n key, optionally with values as a query string ("key?theme=Salud").

/** The translated errors of a field. */
export function Errors({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((error) => {
        const [key, query] = error.split("?");
        return <li key={error}>{t(key!, Object.fromEntries(new URLSearchParams(query ?? "")))}</li>;
      })}
    </ul>
  );
}

/** A form's own errors (not tied to one field), announced when they appear. */
export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <div role="alert" className="form-message error">
      <Errors id={id} errors={errors} />
    </div>
  );
}

type Common = { field: FieldMetadata<unknown>; label: string; hint?: ReactNode };

function described(field: FieldMetadata<unknown>, hint: boolean) {
  const ids = [hint ? `${field.id}-hint` : null, field.errors?.length ? field.errorId : null].filter(Boolean);
  return {
    "aria-describedby": ids.length ? ids.join(" ") : undefined,
    "aria-invalid": field.errors?.length ? true : undefined,
  };
}

function Frame({ field, label, hint, children }: Common & { children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p id={`${field.id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {children}
      <Errors id={field.errorId} errors={field.errors} />
    </div>
  );
}

export function TextInput({
  field,
  label,
  hint,
  type = "text",
  ...rest
}: Common & {
  type?: "text" | "number" | "date" | "datetime-local" | "email";
  min?: number | string;
  max?: number | string;
  autoComplete?: string;
  inputMode?: "numeric";
}) {
  const { key, ...props } = getInputProps(field, { type });
  return (
    <Frame field={field} label={label} hint={hint}>
      <input key={key} {...props} {...rest} {...described(field, Boolean(hint))} />
    </Frame>
  );
}

export function TextArea({ field, label, hint, rows = 4 }: Common & { rows?: number }) {
  const { key, ...props } = getTextareaProps(field);
  return (
    <Frame field={field} label={label} hint={hint}>
      <textarea key={key} {...props} rows={rows} {...described(field, Boolean(hint))} />
    </Frame>
  );
}

export function Select({
  field,
  label,
  hint,
  options,
  empty,
}: Common & { options: { value: string; label: string }[]; empty?: string }) {
  const { key, ...props } = getSelectProps(field);
  return (
    <Frame field={field} label={label} hint={hint}>
      <select key={key} {...props} {...described(field, Boolean(hint))}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </Frame>
  );
}

export function Checkbox({ field, label, hint }: Common) {
  const { key, ...props } = getInputProps(field, { type: "checkbox" });
  return (
    <div className="checkbox-field">
      <input key={key} {...props} {...described(field, Boolean(hint))} />
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p id={`${field.id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      <Errors id={field.errorId} errors={field.errors} />
    </div>
  );
}
