import { parseWithZod } from "@conform-to/zod/v4";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type AppLoadContext,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useNavigation,
  type ShouldRevalidateFunction,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { safeRedirect } from "~/accounts/forms.ts";
import { recoveryCodeSchema, totpCodeSchema } from "~/accounts/second-factor-forms.ts";
import {
  acceptTotpCode,
  confirmEnrolment,
  enrolmentKey,
  enrolmentView,
  spendRecoveryCode,
} from "~/accounts/second-factor.server.ts";
import { EnrolmentPanel, RecoveryCodesPanel, TotpCodeField } from "~/components/second-factor.tsx";
import { FormErrors, TextField, useReplyForm } from "~/components/ui/field.tsx";
import { formError, resultFor, type FormReply } from "~/utils/form-reply.ts";
import { pageTitle } from "~/utils/meta.ts";
import { limitOrReply, refund } from "~/utils/rate-limit.server.ts";
import {
  markSecondFactorVerified,
  readSessionToken,
  sessionCookie,
  validatePendingSessionToken,
  validateSessionToken,
} from "~/utils/session.server.ts";
import { textResponse } from "~/utils/responses.server.ts";

// The login's second step (docs/decisions/023): after the password, a person who requires a
// second factor has a PENDING session (anonymous everywhere else) and comes here. With a factor:
// a 6-digit code, or a recovery code instead. An administrator without one yet enrols here: the
// key (QR code, base32, otpauth:// link) and a code to confirm; then the recovery codes, once.
// Works without JavaScript: every step is a form post answered with a page.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "secondFactor.title");

// Nothing here may be cached: the enrolment key and the recovery codes are secrets. A 429 keeps
// its Retry-After.
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Retry-After") || actionHeaders.has("Cache-Control") ? actionHeaders : loaderHeaders;

const NO_STORE = { "Cache-Control": "no-store" };

// In the browser, loaders run again after an action: once the factor passed, this page's loader
// sends a logged-in person on, which would take the recovery codes off the screen. Keep them.
export const shouldRevalidate: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  actionResult && typeof actionResult === "object" && "kind" in actionResult ? false : defaultShouldRevalidate;

/** Where the person goes once logged in, and the login page to send them back to. */
function destinations(request: Request, formData?: FormData) {
  const raw = formData?.get("redirectTo") ?? new URL(request.url).searchParams.get("redirectTo");
  const redirectTo = safeRedirect(raw);
  return { redirectTo, loginPage: `/ingresar?${new URLSearchParams({ redirectTo })}` };
}

/** The pending session of the request, or a redirect: home (already logged in), or the login page. */
async function pendingOrRedirect(request: Request, context: AppLoadContext, formData?: FormData) {
  const { redirectTo, loginPage } = destinations(request, formData);
  if (context.user) throw redirect(redirectTo);
  const token = readSessionToken(request.headers.get("Cookie"));
  const pending = await validatePendingSessionToken(token);
  if (!pending || !token) throw redirect(loginPage);
  return { pending, token, redirectTo };
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { redirectTo } = destinations(request);
  if (!context.user) {
    // Remix runs the loader again after an action, in the same request: when that action just
    // passed the factor, the session is full now and the page shows the action's answer.
    const token = readSessionToken(request.headers.get("Cookie"));
    const pendingNow = await validatePendingSessionToken(token);
    if (!pendingNow && (await validateSessionToken(token))) {
      return json({ mode: "done" as const, redirectTo, enrolment: null }, { headers: NO_STORE });
    }
  }
  const { pending } = await pendingOrRedirect(request, context);
  if (pending.user.hasSecondFactor)
    return json({ mode: "code" as const, redirectTo, enrolment: null }, { headers: NO_STORE });
  const key = pending.session.enrollKey ?? (await enrolmentKey(pending.session.id));
  const enrolment = await enrolmentView(key, pending.user.email);
  return json({ mode: "enrol" as const, redirectTo, enrolment }, { headers: NO_STORE });
}

type ActionData =
  | FormReply
  | { kind: "codes"; codes: string[]; redirectTo: string }
  | { kind: "recovered"; remaining: number; redirectTo: string };

const CODE_ERRORS = {
  wrong: "secondFactor.errors.wrongCode",
  reused: "secondFactor.errors.reusedCode",
  "no-factor": "secondFactor.errors.noEnrolment",
  "no-enrolment": "secondFactor.errors.noEnrolment",
  "already-enrolled": "secondFactor.errors.alreadyEnrolled",
} as const;

export async function action({ request, context }: ActionFunctionArgs) {
  const formData = await request.formData();
  const { pending, token, redirectTo } = await pendingOrRedirect(request, context, formData);
  const intent = formData.get("intent");
  if (intent !== "code" && intent !== "recovery" && intent !== "enrol") {
    throw textResponse(request, 400, "responses.unknownAction");
  }
  const userId = pending.user.id;
  const schema = intent === "recovery" ? recoveryCodeSchema : totpCodeSchema;
  const submission = parseWithZod(formData, { schema });
  if (submission.status !== "success") {
    return json<ActionData>({ intent, submission: submission.reply({ hideFields: ["code", "recoveryCode"] }) }, 400);
  }
  const limited = await limitOrReply([["secondFactorByUser", userId]], () => ({
    intent,
    submission: formError("secondFactor.errors.tooManyAttempts"),
  }));
  if (limited) return limited;
  const field = intent === "recovery" ? "recoveryCode" : "code";
  const typed = "code" in submission.value ? submission.value.code : submission.value.recoveryCode;
  const refused = (message: string) =>
    json<ActionData>(
      { intent, submission: submission.reply({ fieldErrors: { [field]: [message] }, hideFields: [field] }) },
      400,
    );

  if (intent === "enrol") {
    if (pending.user.hasSecondFactor) return refused(CODE_ERRORS["already-enrolled"]);
    const result = await confirmEnrolment(userId, pending.session.id, typed);
    if (!result.ok) return refused(CODE_ERRORS[result.reason]);
    await refund("secondFactorByUser", userId);
    return json<ActionData>(
      { kind: "codes", codes: result.recoveryCodes, redirectTo },
      { headers: { ...NO_STORE, "Set-Cookie": sessionCookie(token, result.expiresAt, context.secure) } },
    );
  }
  if (!pending.user.hasSecondFactor) return refused(CODE_ERRORS["no-factor"]);
  if (intent === "recovery") {
    const remaining = await spendRecoveryCode(userId, typed);
    if (remaining === null) return refused("secondFactor.errors.wrongRecovery");
    await refund("secondFactorByUser", userId);
    const expiresAt = await markSecondFactorVerified(pending.session.id);
    return json<ActionData>(
      { kind: "recovered", remaining, redirectTo },
      { headers: { ...NO_STORE, "Set-Cookie": sessionCookie(token, expiresAt, context.secure) } },
    );
  }
  const check = await acceptTotpCode(userId, typed);
  if (check !== "ok") return refused(CODE_ERRORS[check]);
  await refund("secondFactorByUser", userId);
  const expiresAt = await markSecondFactorVerified(pending.session.id);
  return redirect(redirectTo, { headers: { "Set-Cookie": sessionCookie(token, expiresAt, context.secure) } });
}

export default function SecondFactorPage() {
  const { t } = useTranslation();
  const { mode, redirectTo, enrolment } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const codeResult = resultFor(actionData, mode === "enrol" ? "enrol" : "code");
  const recoveryResult = resultFor(actionData, "recovery");
  const [codeForm, codeFields] = useReplyForm<z.input<typeof totpCodeSchema>>({ id: "code", lastResult: codeResult });
  const [recoveryForm, recoveryFields] = useReplyForm<z.input<typeof recoveryCodeSchema>>({
    id: "recovery",
    lastResult: recoveryResult,
  });

  if (actionData && "kind" in actionData && actionData.kind === "codes") {
    return (
      <div className="container narrow">
        <h1>{t("secondFactor.title")}</h1>
        <RecoveryCodesPanel
          codes={actionData.codes}
          notice={t("secondFactor.codes.enabled")}
          continueTo={actionData.redirectTo}
        />
      </div>
    );
  }
  if (actionData && "kind" in actionData && actionData.kind === "recovered") {
    return (
      <div className="container narrow">
        <h1>{t("secondFactor.title")}</h1>
        <p role="status" className="form-message success">
          {t("secondFactor.recovered", { count: actionData.remaining })}
        </p>
        <p>{t("secondFactor.recoveredLow")}</p>
        <p>
          <Link to={actionData.redirectTo} className="button primary">
            {t("secondFactor.continue")}
          </Link>
        </p>
      </div>
    );
  }

  if (mode === "done") {
    return (
      <div className="container narrow">
        <h1>{t("secondFactor.title")}</h1>
        <p>
          <Link to={redirectTo} className="button primary">
            {t("secondFactor.continue")}
          </Link>
        </p>
      </div>
    );
  }

  return (
    <div className="container narrow">
      <h1>{t("secondFactor.title")}</h1>
      {mode === "enrol" && enrolment ? (
        <EnrolmentPanel
          enrolment={enrolment}
          codeMeta={codeFields.code}
          formErrors={codeForm.errors}
          formErrorId="code-form-errors"
          hidden={{ intent: "enrol", redirectTo }}
          intro={t("secondFactor.enrol.adminIntro")}
          busy={busy}
        />
      ) : (
        <>
          <p>{t("secondFactor.codeIntro")}</p>
          <Form
            method="post"
            className="stack"
            aria-describedby={codeForm.errors?.length ? "code-form-errors" : undefined}
          >
            <input type="hidden" name="intent" value="code" />
            <input type="hidden" name="redirectTo" value={redirectTo} />
            <FormErrors id="code-form-errors" errors={codeForm.errors} />
            <TotpCodeField meta={codeFields.code} id="totp-code" />
            <button type="submit" className="button primary" disabled={busy}>
              {t("secondFactor.verify")}
            </button>
          </Form>
          <section aria-labelledby="recovery-title">
            <h2 id="recovery-title">{t("secondFactor.recoveryTitle")}</h2>
            <p>{t("secondFactor.recoveryIntro")}</p>
            <Form
              method="post"
              className="stack"
              aria-describedby={recoveryForm.errors?.length ? "recovery-form-errors" : undefined}
            >
              <input type="hidden" name="intent" value="recovery" />
              <input type="hidden" name="redirectTo" value={redirectTo} />
              <FormErrors id="recovery-form-errors" errors={recoveryForm.errors} />
              <TextField
                meta={recoveryFields.recoveryCode}
                id="recovery-code"
                label={t("secondFactor.recoveryCode")}
                hint={t("secondFactor.recoveryHint")}
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
              />
              <button type="submit" className="button" disabled={busy}>
                {t("secondFactor.useRecovery")}
              </button>
            </Form>
            <p>{t("secondFactor.lost")}</p>
          </section>
        </>
      )}
      <p>
        <Link to={`/ingresar?${new URLSearchParams({ redirectTo })}`}>{t("secondFactor.otherAccount")}</Link>
      </p>
    </div>
  );
}
