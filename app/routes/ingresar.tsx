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
import { loginSchema, safeRedirect } from "~/accounts/forms.ts";
import { needsSecondFactor } from "~/accounts/second-factor.server.ts";
import { verifyLogin } from "~/accounts/users.server.ts";
import { requireAnonymous } from "~/utils/auth.server.ts";
import { limitOrReply, refund } from "~/utils/rate-limit.server.ts";
import { createSession, sessionCookie } from "~/utils/session.server.ts";
import { pageTitle } from "~/utils/meta.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "login.title");

// Document requests take their headers from here: keep Retry-After on a 429.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;

export async function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: loginSchema });
  if (submission.status !== "success") {
    return json(submission.reply({ hideFields: ["password"] }), { status: 400 });
  }
  const { email, password, redirectTo } = submission.value;
  const limited = await limitOrReply(
    [
      ["loginByIp", context.clientIp],
      ["loginByEmail", email],
    ],
    () => submission.reply({ formErrors: ["errors.tooManyAttempts"], hideFields: ["password"] }),
  );
  if (limited) return limited;
  const user = await verifyLogin(email, password);
  if (!user) {
    // The same answer whether the email exists or the password is wrong.
    return json(submission.reply({ formErrors: ["errors.invalidCredentials"], hideFields: ["password"] }), {
      status: 400,
    });
  }
  await Promise.all([refund("loginByIp", context.clientIp), refund("loginByEmail", email)]);
  // A person who requires a second factor gets a pending session (10 minutes, anonymous
  // everywhere) and goes on to the second step (docs/decisions/023).
  const pending = await needsSecondFactor(user.id);
  const session = await createSession(user.id, request.headers.get("User-Agent"), { pending });
  const next = pending
    ? `/ingresar/segundo-factor?${new URLSearchParams({ redirectTo: safeRedirect(redirectTo) })}`
    : safeRedirect(redirectTo);
  return redirect(next, {
    headers: { "Set-Cookie": sessionCookie(session.token, session.expiresAt, context.secure) },
  });
}

export default function LoginPage() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  });
  return (
    <div className="container narrow">
      <h1>{t("login.title")}</h1>
      {searchParams.get("clave") === "restablecida" ? (
        <p role="status" className="form-message success">
          {t("mail.reset.done")}
        </p>
      ) : null}
      <p>{t("login.intro")}</p>
      <Form method="post" {...getFormProps(form)} aria-describedby={form.errors?.length ? form.errorId : undefined}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? "/"} />
        <TextField meta={fields.email} label={t("fields.email")} type="email" autoComplete="email" />
        <TextField
          meta={fields.password}
          label={t("fields.password")}
          type="password"
          autoComplete="current-password"
        />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("login.submit")}
        </button>
      </Form>
      <p>
        <Link to="/recuperar-contrasena">{t("mail.forgot.link")}</Link>
      </p>
      <p>
        {t("login.noAccount")} <Link to="/registro">{t("login.registerLink")}</Link>
      </p>
    </div>
  );
}
