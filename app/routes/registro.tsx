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
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { NewAccountFields } from "~/accounts/components/new-account-fields.tsx";
import { FormErrors, TextField } from "~/components/ui/field.tsx";
import { registerSchema } from "~/accounts/forms.ts";
import { registerUser } from "~/accounts/users.server.ts";
import { requireAnonymous } from "~/utils/auth.server.ts";
import { getLocale } from "~/utils/locale.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { limitOrReply } from "~/utils/rate-limit.server.ts";
import { createSession, sessionCookie } from "~/utils/session.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "register.title");

// Document requests take their headers from here: keep Retry-After on a 429.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;

export async function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: registerSchema });
  if (submission.status !== "success") {
    return json(submission.reply({ hideFields: ["password", "passwordConfirm"] }), { status: 400 });
  }
  const limited = await limitOrReply([["registerByIp", context.clientIp]], () =>
    submission.reply({ formErrors: ["errors.tooManyAttempts"], hideFields: ["password", "passwordConfirm"] }),
  );
  if (limited) return limited;
  const { name, email, password } = submission.value;
  const user = await registerUser({ name, email, password, locale: getLocale(request) });
  if (!user) {
    return json(
      submission.reply({ formErrors: ["errors.registrationFailed"], hideFields: ["password", "passwordConfirm"] }),
      { status: 400 },
    );
  }
  const session = await createSession(user.id, request.headers.get("User-Agent"));
  return redirect("/cuenta?bienvenida=1", {
    headers: { "Set-Cookie": sessionCookie(session.token, session.expiresAt, context.secure) },
  });
}

export default function RegisterPage() {
  const { t } = useTranslation();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: registerSchema }),
  });
  return (
    <div className="container narrow">
      <h1>{t("register.title")}</h1>
      <p>{t("register.intro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <NewAccountFields fields={fields}>
          <TextField meta={fields.email} label={t("fields.email")} type="email" autoComplete="email" />
        </NewAccountFields>
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("register.submit")}
        </button>
      </Form>
      <p>
        {t("register.haveAccount")} <Link to="/ingresar">{t("register.loginLink")}</Link>
      </p>
    </div>
  );
}
