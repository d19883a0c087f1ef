import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, TextField } from "~/components/ui/field.tsx";
import { checkPasswordResetToken, resetPassword } from "~/accounts/email.server.ts";
import { resetPasswordSchema } from "~/accounts/forms.ts";
import { pageTitle } from "~/utils/meta.ts";
import { limitOrReply } from "~/utils/rate-limit.server.ts";
import { clearSessionCookie } from "~/utils/session.server.ts";
import { LINK_REFUSED_STATUS, linkPageHeaders } from "~/mail/link-page.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "mail.reset.title");

export const headers = linkPageHeaders;

/** 404 for a link that never existed, 410 for one used or expired. */
export async function loader({ params }: LoaderFunctionArgs) {
  const check = await checkPasswordResetToken(params.token ?? "");
  if (!check.ok) return json({ refused: check.reason }, { status: LINK_REFUSED_STATUS[check.reason] });
  return json({ refused: null });
}

/** Sets the new password: spends the token, then ends every session of the person. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: resetPasswordSchema });
  if (submission.status !== "success") {
    return json(
      { refused: null, result: submission.reply({ hideFields: ["password", "passwordConfirm"] }) },
      { status: 400 },
    );
  }
  const limited = await limitOrReply([["mailLinkByIp", context.clientIp]], () => ({
    refused: null,
    result: submission.reply({ formErrors: ["errors.tooManyAttempts"], hideFields: ["password", "passwordConfirm"] }),
  }));
  if (limited) return limited;
  const outcome = await resetPassword(params.token ?? "", submission.value.password);
  if (!outcome.ok)
    return json({ refused: outcome.reason, result: null }, { status: LINK_REFUSED_STATUS[outcome.reason] });
  // The person's sessions ended, this browser's too if it was theirs: it logs in again.
  const own = context.user?.id === outcome.subjectId;
  return redirect("/ingresar?clave=restablecida", {
    headers: own ? { "Set-Cookie": clearSessionCookie(context.secure) } : {},
  });
}

export default function ResetPasswordPage() {
  const { t } = useTranslation();
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const refused = actionData?.refused ?? loaderData.refused;
  const [form, fields] = useForm({
    lastResult: actionData?.result ?? undefined,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema }),
  });
  if (refused) {
    return (
      <div className="container narrow">
        <h1>{t(`mail.reset.${refused}Title`)}</h1>
        <p role="alert">{t(`mail.reset.${refused}`)}</p>
        <p>
          <Link to="/recuperar-contrasena" className="button">
            {t("mail.reset.again")}
          </Link>
        </p>
      </div>
    );
  }
  return (
    <div className="container narrow">
      <h1>{t("mail.reset.title")}</h1>
      <p>{t("mail.reset.intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <TextField
          meta={fields.password}
          label={t("fields.newPassword")}
          type="password"
          autoComplete="new-password"
          hint={t("register.passwordHint")}
        />
        <TextField
          meta={fields.passwordConfirm}
          label={t("fields.passwordConfirm")}
          type="password"
          autoComplete="new-password"
        />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("mail.reset.submit")}
        </button>
      </Form>
    </div>
  );
}
