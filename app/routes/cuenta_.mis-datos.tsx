import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  json,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, TextField } from "~/components/ui/field.tsx";
import { reauthSchema } from "~/accounts/trust-form.ts";
import { createExportLink } from "~/accounts/personal-data/export.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { checkAccountPassword } from "~/accounts/users.server.ts";
import { limitOrReply } from "~/utils/rate-limit.server.ts";
import { isFreshLogin, markSessionAuthenticated } from "~/utils/session.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

// "Mis datos": behind a fresh login (the password entered in this session less than 10 minutes
// ago, else asked again), a download link for JSON and CSV that works 15 minutes, for this person.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "trust.myData.title");

export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { session } = requireUser(context, request);
  return json({ fresh: isFreshLogin(session) }, { headers: { "Cache-Control": "no-store" } });
}

type ActionResult =
  { kind: "link"; token: string; expiresAt: string } | { kind: "reauth"; reply: SubmissionResult<string[]> };

export async function action({ request, context }: ActionFunctionArgs) {
  const { user, session } = requireUser(context, request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "reauth") {
    const submission = parseWithZod(formData, { schema: reauthSchema });
    if (submission.status !== "success") {
      return json<ActionResult>({ kind: "reauth", reply: submission.reply({ hideFields: ["password"] }) }, 400);
    }
    const limited = await limitOrReply([["reauthByUser", user.id]], () => ({
      kind: "reauth" as const,
      reply: submission.reply({ formErrors: ["errors.tooManyAttempts"], hideFields: ["password"] }),
    }));
    if (limited) return limited;
    if (!(await checkAccountPassword(user.id, submission.value.password))) {
      return json<ActionResult>(
        {
          kind: "reauth",
          reply: submission.reply({
            fieldErrors: { password: ["trust.reauth.wrongPassword"] },
            hideFields: ["password"],
          }),
        },
        400,
      );
    }
    await markSessionAuthenticated(session.id);
    const link = await createExportLink(user.id);
    return json<ActionResult>({ kind: "link", token: link.token, expiresAt: link.expiresAt.toISOString() });
  }
  if (intent === "prepare") {
    if (!isFreshLogin(session)) {
      return json<ActionResult>(
        { kind: "reauth", reply: { status: "error", error: { "": ["trust.myData.confirmIntro"] } } },
        403,
      );
    }
    const link = await createExportLink(user.id);
    return json<ActionResult>({ kind: "link", token: link.token, expiresAt: link.expiresAt.toISOString() });
  }
  throw textResponse(request, 400, "responses.unknownAction");
}

export default function MyDataPage() {
  const { t, i18n } = useTranslation();
  const { fresh } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const [form, fields] = useForm({
    lastResult: result && result.kind === "reauth" ? result.reply : undefined,
    shouldValidate: "onBlur",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: reauthSchema }),
  });
  const problem = searchParams.get("enlace");
  const link = result && result.kind === "link" ? result : null;
  const time = link
    ? new Intl.DateTimeFormat(i18n.language === "en" ? "en" : "es-PE", {
        hour: "2-digit",
        minute: "2-digit",
        timeZone: "America/Lima",
      }).format(new Date(link.expiresAt))
    : "";
  return (
    <div className="container narrow">
      <p>
        <Link to="/cuenta">{t("trust.myData.backToAccount")}</Link>
      </p>
      <h1>{t("trust.myData.title")}</h1>
      <p className="lead">{t("trust.myData.intro")}</p>
      {problem === "caducado" || problem === "rechazado" ? (
        <p role="alert" className="form-message error">
          {t(problem === "caducado" ? "trust.myData.expired" : "trust.myData.refused")}
        </p>
      ) : null}
      {link ? (
        <section aria-labelledby="my-data-ready">
          <h2 id="my-data-ready">{t("trust.myData.ready", { time })}</h2>
          <ul>
            <li>
              <a
                href={`/cuenta/mis-datos/descarga?${new URLSearchParams({ token: link.token, formato: "json" })}`}
                download
              >
                {t("trust.myData.downloadJson")}
              </a>
            </li>
            <li>
              <a
                href={`/cuenta/mis-datos/descarga?${new URLSearchParams({ token: link.token, formato: "csv" })}`}
                download
              >
                {t("trust.myData.downloadCsv")}
              </a>
            </li>
          </ul>
        </section>
      ) : fresh ? (
        <Form method="post" className="stack">
          <p>{t("trust.myData.prepareIntro")}</p>
          <input type="hidden" name="intent" value="prepare" />
          <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
            {t("trust.myData.prepareSubmit")}
          </button>
        </Form>
      ) : (
        <section aria-labelledby="my-data-confirm">
          <h2 id="my-data-confirm">{t("trust.myData.confirmTitle")}</h2>
          <p>{t("trust.myData.confirmIntro")}</p>
          <Form method="post" {...getFormProps(form)} className="stack">
            <FormErrors id={form.errorId} errors={form.errors} />
            <input type="hidden" name="intent" value="reauth" />
            <TextField
              meta={fields.password}
              label={t("trust.reauth.password")}
              type="password"
              autoComplete="current-password"
            />
            <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
              {t("trust.myData.confirmSubmit")}
            </button>
          </Form>
        </section>
      )}
    </div>
  );
}
