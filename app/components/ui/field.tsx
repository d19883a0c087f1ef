import { getInputProps, type FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** The translated errors of a field, announced with the field through aria-describedby. */
export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((error) => (
        <li key={error}>{t(error)}</li>
      ))}
    </ul>
  );
}

type InputFieldProps = {
  field: FieldMetadata<string>;
  label: string;
  type?: "text" | "email" | "password";
  autoComplete?: string;
  hint?: ReactNode;
};

/** A labelled input with its hint and errors wired for screen readers. */
export function InputField({ field, label, type = "text", autoComplete, hint }: InputFieldProps) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const describedBy = [hintId, field.errors?.length ? field.errorId : undefined].filter(Boolean).join(" ") || undefined;
  const { key, ...inputProps } = getInputProps(field, { type });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <input
        key={key}
        {...inputProps}
        autoComplete={autoComplete}
        aria-describedby={describedBy}
        aria-invalid={field.errors?.length ? true : undefined}
      />
      <FieldErrors id={field.errorId} errors={field.errors} />
    </div>
  );
}

/** A message for the whole form (wrong credentials, too many attempts), announced when it appears. */
export function FormMessage({ id, errors }: { id: string; errors?: string[] }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="form-message error">
      {errors.map((error) => (
        <p key={error}>{t(error)}</p>
      ))}
    </div>
  );
}
