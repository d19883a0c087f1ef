import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, TextField } from "~/components/ui/field.tsx";
import { requestPasswordReset } from "~/accounts/email.server.ts";
import { forgotPasswordSchema } from "~/accounts/forms.ts";
import { requireAnonymous } from "~/utils/auth.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { limitOrReply } from "~/utils/rate-limit.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mail.forgot.title");

// Document requests take their headers from here: keep Retry-After on a 429.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;

export async function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  return null;
}

/**
 * Asks for a reset link. Known and unknown addresses get the same answer (a redirect to the same
 * notice); the message, if any, goes out from the outbox, never from this request.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  requireAnonymous(context);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: forgotPasswordSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const { email } = submission.value;
  const limited = await limitOrReply(
    [
      ["passwordResetByIp", context.clientIp],
      ["passwordResetByEmail", email],
    ],
    () => submission.reply({ formErrors: ["errors.tooManyAttempts"] }),
  );
  if (limited) return limited;
  await requestPasswordReset(email);
  return redirect("/recuperar-contrasena?enviado=1");
}

export default function ForgotPasswordPage() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: forgotPasswordSchema }),
  });
  return (
    <div className="container narrow">
      <h1>{t("mail.forgot.title")}</h1>
      {searchParams.get("enviado") ? (
        <p role="status" className="form-message success">
          {t("mail.forgot.sent")}
        </p>
      ) : (
        <>
          <p>{t("mail.forgot.intro")}</p>
          <Form method="post" {...getFormProps(form)}>
            <FormErrors id={form.errorId} errors={form.errors} />
            <TextField meta={fields.email} label={t("fields.email")} type="email" autoComplete="email" />
            <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
              {t("mail.forgot.submit")}
            </button>
          </Form>
        </>
      )}
      <p>
        <Link to="/ingresar">{t("mail.forgot.loginLink")}</Link>
      </p>
    </div>
  );
}
