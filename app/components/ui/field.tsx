import { useForm, type DefaultValue } from "@conform-to/react";
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { useTranslation } from "react-i18next";
import { errorKeyAndValues, type FormResult } from "~/utils/form-reply.ts";

// The form kit: every form field of the app is one of these, driven by Conform's field metadata
// (`useForm` on the page, `parseWithZod` + `submission.reply()` in the action). Each field has a
// label tied to its control, an optional hint, and its errors in a list the control names in
// `aria-describedby` (with `aria-invalid` while it has errors). Errors are i18n keys, translated
// here (a message with values is `key?name=value`, made by `errorWithValues` in form-reply.ts). Everything renders on the server from the action's result, so a form works without
// JavaScript: a refused post comes back with the values sent and the errors beside their fields.
// See docs/decisions/016-one-form-kit.md.

/**
 * The part of Conform's field metadata the kit reads. A Conform field (`fields.title`) is one; a
 * form with nothing to validate (a GET filter, a control bound to a live document) describes its
 * fields with `plainField`.
 */
export type FieldMeta = {
  id: string;
  name: string;
  errorId: string;
  errors?: string[];
  initialValue?: unknown;
  key?: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
};

/** A field of a form with no submission to validate: its name, id and current value. */
export function plainField(
  name: string,
  options: { id?: string; value?: string | null; key?: string } = {},
): FieldMeta {
  const id = options.id ?? name;
  return { id, name, errorId: `${id}-error`, initialValue: options.value ?? undefined, key: options.key };
}

/** A result that starts a form over (Conform resets on `initialValue: null`). */
const START_OVER: FormResult = { initialValue: null };

/**
 * Conform's form for one of the forms of a page whose action validates on the server only and
 * answers with a `FormResult` (`resultFor(actionData, intent, key)`). Without a result — a fresh
 * page, a successful post that redirected back, another form's answer — a form that had one starts
 * over, so no error outlives the post it was about. Such a form is not given `getFormProps` (nor
 * Conform's id): the browser's own checks (required, maxlength) stay, and the values typed stay
 * where they are; only what the server said is Conform's. `Schema` is the form's zod input type
 * (`z.input<typeof schema>`), which names its fields.
 */
export function useReplyForm<Schema extends Record<string, unknown>>({
  id,
  lastResult,
  defaultValue,
}: {
  id: string;
  lastResult: FormResult | undefined;
  /** What the fields hold before anything is sent, as form values (strings; nested for fieldsets). */
  defaultValue?: DefaultValue<Schema>;
}) {
  return useForm<Schema>({ id, lastResult: lastResult ?? START_OVER, defaultValue });
}

/** An error's text in the page's language: its key translated, with its values if it has any. */
function useErrorText(): (error: string) => string {
  const { t } = useTranslation();
  return (error) => {
    const { key, values } = errorKeyAndValues(error);
    return values ? t(key, values) : t(key);
  };
}

/** The translated errors of a field, announced with the field through aria-describedby. */
export function FieldErrors({ id, errors }: { id: string; errors?: string[] }) {
  const text = useErrorText();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="field-errors">
      {errors.map((error) => (
        <li key={error}>{text(error)}</li>
      ))}
    </ul>
  );
}

/** A form's own errors (wrong credentials, too many attempts, a refused act), announced when they appear. */
export function FormErrors({ id, errors }: { id: string; errors?: string[] }) {
  const text = useErrorText();
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="form-message error">
      {errors.map((error) => (
        <p key={error}>{text(error)}</p>
      ))}
    </div>
  );
}

/** The frame of one field: its label, hint, control and errors (`className` adds e.g. "compact"). */
export function Field({
  id,
  label,
  hint,
  hintId = `${id}-hint`,
  errors,
  errorId = `${id}-error`,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  hintId?: string;
  errors?: string[];
  errorId?: string;
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <p id={hintId} className="hint">
          {hint}
        </p>
      ) : null}
      {children}
      <FieldErrors id={errorId} errors={errors} />
    </div>
  );
}

type FieldProps = {
  meta: FieldMeta;
  label: ReactNode;
  hint?: ReactNode;
  /** Another id for the control than Conform's `<form id>-<name>`, e.g. one a page links to. */
  id?: string;
  /** Another id for the error list than `<id>-error` (the forum's lists are `<id>-errors`). */
  errorId?: string;
  className?: string;
};

/** Ids and attributes a control takes from its metadata: name, constraints, aria wired to hint and errors. */
function control(meta: FieldMeta, { id, errorId, hint }: { id?: string; errorId?: string; hint?: ReactNode }) {
  const controlId = id ?? meta.id;
  const errorListId = errorId ?? (id ? `${id}-error` : meta.errorId);
  const hintId = `${controlId}-hint`;
  const invalid = Boolean(meta.errors?.length);
  const describedBy = [hint ? hintId : null, invalid ? errorListId : null].filter(Boolean).join(" ");
  return {
    ids: { id: controlId, errorId: errorListId, hintId },
    props: {
      id: controlId,
      name: meta.name,
      required: meta.required || undefined,
      "aria-invalid": invalid || undefined,
      "aria-describedby": describedBy || undefined,
    },
  };
}

/** The value a control starts with: the one sent (after a refusal), else the form's default. */
function initialText(meta: FieldMeta): string | undefined {
  const value = meta.initialValue;
  if (typeof value === "string") return value;
  if (Array.isArray(value) && typeof value[0] === "string") return value[0];
  return undefined;
}

type Native<T> = Omit<T, "id" | "name" | "defaultValue" | "value" | "className" | "children" | "aria-describedby">;

/** A labelled input (text, email, password, date, number, search, file…). */
export function TextField({
  meta,
  label,
  hint,
  id,
  errorId,
  className,
  type = "text",
  ...native
}: FieldProps & Native<InputHTMLAttributes<HTMLInputElement>>) {
  const { ids, props } = control(meta, { id, errorId, hint });
  return (
    <Field {...ids} label={label} hint={hint} errors={meta.errors} className={className}>
      <input
        key={meta.key}
        type={type}
        {...props}
        minLength={meta.minLength}
        maxLength={meta.maxLength}
        {...native}
        defaultValue={type === "file" ? undefined : initialText(meta)}
      />
    </Field>
  );
}

/** A labelled textarea. */
export function TextArea({
  meta,
  label,
  hint,
  id,
  errorId,
  className,
  rows = 4,
  ...native
}: FieldProps & Native<TextareaHTMLAttributes<HTMLTextAreaElement>>) {
  const { ids, props } = control(meta, { id, errorId, hint });
  return (
    <Field {...ids} label={label} hint={hint} errors={meta.errors} className={className}>
      <textarea
        key={meta.key}
        rows={rows}
        {...props}
        minLength={meta.minLength}
        maxLength={meta.maxLength}
        {...native}
        defaultValue={initialText(meta) ?? ""}
      />
    </Field>
  );
}

/** A labelled select; its options are the children. */
export function Select({
  meta,
  label,
  hint,
  id,
  errorId,
  className,
  children,
  multiple,
  ...native
}: FieldProps & Native<SelectHTMLAttributes<HTMLSelectElement>> & { children: ReactNode }) {
  const { ids, props } = control(meta, { id, errorId, hint });
  const value = meta.initialValue;
  const defaultValue = multiple
    ? Array.isArray(value)
      ? value.filter((v): v is string => typeof v === "string")
      : typeof value === "string"
        ? [value]
        : undefined
    : initialText(meta);
  return (
    <Field {...ids} label={label} hint={hint} errors={meta.errors} className={className}>
      <select key={meta.key} {...props} multiple={multiple} {...native} defaultValue={defaultValue}>
        {children}
      </select>
    </Field>
  );
}

/** A checkbox with its label after it (checked when the form's value is `value`, "on" by default). */
export function Checkbox({ meta, label, hint, id, errorId, value = "on" }: FieldProps & { value?: string }) {
  const { ids, props } = control(meta, { id, errorId, hint });
  const initial = meta.initialValue;
  const checked = Array.isArray(initial) ? initial.includes(value) : initial === value;
  return (
    <div className="field checkbox-field">
      <input key={meta.key} type="checkbox" {...props} value={value} defaultChecked={checked} />
      <label htmlFor={ids.id}>{label}</label>
      {hint ? (
        <p id={ids.hintId} className="hint">
          {hint}
        </p>
      ) : null}
      <FieldErrors id={ids.errorId} errors={meta.errors} />
    </div>
  );
}

/** One choice among a few, as radio buttons in a fieldset whose legend names the question (the
 * fieldset points at the errors: a radio button takes no aria-invalid). */
export function RadioGroup({
  meta,
  legend,
  options,
  id,
  errorId,
}: Omit<FieldProps, "label" | "hint" | "className"> & {
  legend: ReactNode;
  options: { value: string; label: ReactNode }[];
}) {
  const { ids } = control(meta, { id, errorId });
  const invalid = Boolean(meta.errors?.length);
  const chosen = initialText(meta) ?? options[0]?.value;
  return (
    <fieldset className="field" aria-describedby={invalid ? ids.errorId : undefined}>
      <legend>{legend}</legend>
      {options.map((option) => (
        <div key={option.value} className="checkbox-field">
          <input
            type="radio"
            id={`${ids.id}-${option.value}`}
            name={meta.name}
            value={option.value}
            defaultChecked={chosen === option.value}
          />
          <label htmlFor={`${ids.id}-${option.value}`}>{option.label}</label>
        </div>
      ))}
      <FieldErrors id={ids.errorId} errors={meta.errors} />
    </fieldset>
  );
}
