import { parseWithZod } from "@conform-to/zod/v4";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { resetSecondFactorSchema } from "~/accounts/second-factor-forms.ts";
import { personNameForReset, resetSecondFactor } from "~/accounts/second-factor.server.ts";
import { FormErrors, TextArea, TextField, useReplyForm } from "~/components/ui/field.tsx";
import { requireUser } from "~/utils/auth.server.ts";
import { formError, type FormReply, resultFor } from "~/utils/form-reply.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can, requirePermission } from "~/utils/permissions.server.ts";

// An administrator resets another person's lost second factor (docs/decisions/023): named by
// email, with a reason; never oneself. The person's key and recovery codes go, every session of
// theirs ends, and the act goes to the public record (names by id, the reason; no email).

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "secondFactor.reset.title");

export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store" });

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireUser(context, request);
  requirePermission(user, can.resetSecondFactor(user), request);
  const url = new URL(request.url);
  const doneId = url.searchParams.get("persona");
  // After a reset, the person's name (never their email) and how many sessions ended.
  const name = doneId ? await personNameForReset(doneId) : null;
  return json({ done: name ? { name, sessions: Number(url.searchParams.get("sesiones") ?? 0) } : null });
}

const REFUSALS = {
  "not-found": ["email", "secondFactor.reset.notFound"],
  self: ["email", "secondFactor.reset.self"],
  "no-factor": ["email", "secondFactor.reset.noFactor"],
  unverified: ["", "secondFactor.reset.unverified"],
} as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session } = requireUser(context, request);
  requirePermission(user, can.resetSecondFactor(user), request);
  const formData = await request.formData();
  const intent = "reset";
  const submission = parseWithZod(formData, { schema: resetSecondFactorSchema });
  if (submission.status !== "success") return json<FormReply>({ intent, submission: submission.reply() }, 400);
  const result = await resetSecondFactor(user, session, submission.value.email, submission.value.reason);
  if (!result.ok) {
    const [field, message] = REFUSALS[result.reason];
    const reply = field
      ? submission.reply({ fieldErrors: { [field]: [message] } })
      : formError(message, submission.reply().initialValue);
    return json<FormReply>({ intent, submission: reply }, result.reason === "unverified" ? 403 : 400);
  }
  return redirect(
    `/administracion/segundo-factor?${new URLSearchParams({ persona: result.userId, sesiones: String(result.endedSessions) })}`,
  );
}

export default function ResetSecondFactorPage() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useReplyForm<z.input<typeof resetSecondFactorSchema>>({
    id: "reset",
    lastResult: resultFor(actionData, "reset"),
  });
  const { done } = useLoaderData<typeof loader>();
  return (
    <div className="container narrow">
      <h1>{t("secondFactor.reset.title")}</h1>
      {done ? (
        <p role="status" className="form-message success">
          {t("secondFactor.reset.done", { name: done.name, count: done.sessions })}
        </p>
      ) : null}
      <p>{t("secondFactor.reset.intro")}</p>
      <p>{t("secondFactor.reset.recordNote")}</p>
      <Form method="post" className="stack" aria-describedby={form.errors?.length ? "reset-errors" : undefined}>
        <FormErrors id="reset-errors" errors={form.errors} />
        <TextField
          meta={fields.email}
          id="reset-email"
          label={t("secondFactor.reset.email")}
          type="email"
          autoComplete="off"
          required
        />
        <TextArea
          meta={fields.reason}
          id="reset-reason"
          label={t("secondFactor.reset.reason")}
          hint={t("secondFactor.reset.reasonHint")}
          maxLength={500}
          required
        />
        <button type="submit" className="button danger" disabled={navigation.state === "submitting"}>
          {t("secondFactor.reset.submit")}
        </button>
      </Form>
    </div>
  );
}
