import { parseWithZod } from "@conform-to/zod/v4";
import type { ReactNode } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { createI18n } from "~/i18n.ts";
import { errorWithValues, formError, formErrorsOf, resultFor, type FormResult } from "~/utils/form-reply.ts";
import { Checkbox, FormErrors, plainField, RadioGroup, Select, TextArea, TextField, useReplyForm } from "./field.tsx";

// The form kit as the server renders it (what a browser without JavaScript gets): labels tied to
// controls, hints and errors named by aria-describedby, and a refused post's values and errors
// coming back from Conform's result.

const render = (node: ReactNode, locale: "es" | "en" = "es") =>
  renderToString(<I18nextProvider i18n={createI18n(locale)}>{node}</I18nextProvider>);

/** The attributes of the element with this id, as rendered. */
function tag(html: string, id: string): string {
  const match = html.match(new RegExp(`<[a-z]+[^>]*\\bid="${id}"[^>]*>`));
  if (!match) throw new Error(`no element #${id} in ${html}`);
  return match[0];
}

const schema = z.object({
  title: z.string({ message: "forum.errors.required" }).trim().min(1, "forum.errors.required"),
  body: z.string().max(5, "forum.errors.tooLong").optional(),
  kind: z.enum(["a", "b"]),
});

function refused(values: Record<string, string>): FormResult {
  const formData = new FormData();
  for (const [name, value] of Object.entries(values)) formData.set(name, value);
  const submission = parseWithZod(formData, { schema });
  if (submission.status === "success") throw new Error("expected a refusal");
  return submission.reply();
}

function ServerForm({ lastResult }: { lastResult: FormResult | undefined }) {
  const [form, fields] = useReplyForm<z.input<typeof schema>>({ id: "t", lastResult, defaultValue: { kind: "b" } });
  return (
    <form method="post">
      <FormErrors id="t-errors" errors={form.errors} />
      <TextField meta={fields.title} label="Título" hint="Corto y claro." />
      <TextArea meta={fields.body} id="cuerpo" errorId="cuerpo-errors" label="Texto" />
      <Select meta={fields.kind} label="Tipo">
        <option value="a">A</option>
        <option value="b">B</option>
      </Select>
    </form>
  );
}

describe("the form kit", () => {
  it("ties each label to its control and names the hint; no errors, no aria-invalid", () => {
    const html = render(<ServerForm lastResult={undefined} />);
    expect(html).toContain('<label for="t-title">Título</label>');
    expect(tag(html, "t-title")).toContain('aria-describedby="t-title-hint"');
    expect(tag(html, "t-title")).not.toContain("aria-invalid");
    expect(tag(html, "t-title-hint")).toContain('class="hint"');
    expect(html).not.toContain("field-errors");
    // The form's default value.
    expect(html).toMatch(/<option value="b" selected="">B<\/option>/);
  });

  it("renders a refused post from Conform's result: values kept, errors translated beside their fields", () => {
    const html = render(<ServerForm lastResult={refused({ title: "", body: "demasiado largo", kind: "a" })} />);
    const title = tag(html, "t-title");
    expect(title).toContain('aria-invalid="true"');
    expect(title).toContain('aria-describedby="t-title-hint t-title-error"');
    expect(html).toMatch(/<ul id="t-title-error" class="field-errors"><li>Este campo es obligatorio\.<\/li><\/ul>/);
    // A given id and error-list id (the forum's `<id>-errors`).
    expect(tag(html, "cuerpo")).toContain('aria-describedby="cuerpo-errors"');
    expect(html).toContain(">demasiado largo</textarea>");
    expect(html).toMatch(/<ul id="cuerpo-errors" class="field-errors"><li>[^<]+<\/li><\/ul>/);
    expect(html).toMatch(/<option value="a" selected="">A<\/option>/);
  });

  it("shows a form-level refusal as an alert, in the reader's language", () => {
    const html = render(<ServerForm lastResult={formError("forum.errors.invalid")} />, "en");
    expect(html).toMatch(/<div id="t-errors" role="alert" class="form-message error"><p>[^<]+<\/p><\/div>/);
    expect(html).not.toContain("forum.errors.invalid");
  });

  it("translates an error with values (errorWithValues) in both languages, the values escaped once", () => {
    const error = errorWithValues("administration.errors.themeInUse", { theme: "Salud & <b>agua</b>?" });
    const es = render(<ServerForm lastResult={formError(error)} />);
    expect(es).toContain("El tema «Salud &amp; &lt;b&gt;agua&lt;/b&gt;?» tiene propuestas o compromisos");
    const en = render(<ServerForm lastResult={formError(error)} />, "en");
    expect(en).toContain("The theme «Salud &amp; &lt;b&gt;agua&lt;/b&gt;?» has proposals or commitments");
    expect(en).not.toContain("administration.errors");
  });

  it("picks the result of the form an answer is for, by intent and key", () => {
    const submission = formError("participation.errors.closed");
    const reply = { intent: "comment", key: "c1", submission };
    expect(resultFor(reply, "comment", "c1")).toBe(submission);
    expect(resultFor(reply, "comment", "c2")).toBeUndefined();
    expect(resultFor(reply, "edit-comment", "c1")).toBeUndefined();
    expect(resultFor(undefined, "comment")).toBeUndefined();
    expect(resultFor({ error: "x" }, "comment")).toBeUndefined();
    expect(formErrorsOf(submission)).toEqual(["participation.errors.closed"]);
    expect(formErrorsOf(undefined)).toEqual([]);
  });

  it("describes a plain field (a GET filter), a checkbox and a radio group the same way", () => {
    const html = render(
      <>
        <Select meta={plainField("de", { id: "compare-from", value: "v2" })} label="Desde">
          <option value="v1">1</option>
          <option value="v2">2</option>
        </Select>
        <Checkbox
          meta={{ ...plainField("consent", { value: "on" }), errors: ["errors.consentRequired"] }}
          label="Acepto"
          hint="Detalle"
        />
        <RadioGroup
          meta={{ ...plainField("source", { value: "CIVIL_SOCIETY" }), errors: ["monitoring.form.errors.source"] }}
          legend="Quién reporta"
          options={[
            { value: "INSTITUTION", label: "Institución" },
            { value: "CIVIL_SOCIETY", label: "Sociedad civil" },
          ]}
        />
      </>,
    );
    expect(tag(html, "compare-from")).toContain('name="de"');
    expect(html).toMatch(/<option value="v2" selected="">2<\/option>/);
    const consent = tag(html, "consent");
    expect(consent).toContain('type="checkbox"');
    expect(consent).toContain('checked=""');
    expect(consent).toContain('aria-describedby="consent-hint consent-error"');
    expect(html).toContain('<label for="consent">Acepto</label>');
    expect(tag(html, "source-CIVIL_SOCIETY")).toContain('checked=""');
    expect(tag(html, "source-INSTITUTION")).not.toContain("checked");
    expect(html).toMatch(/<fieldset class="field" aria-describedby="source-error">/);
  });
});
