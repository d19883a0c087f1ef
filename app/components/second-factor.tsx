import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, TextField, type FieldMeta } from "~/components/ui/field.tsx";

// The second factor's pieces shared by the login step (/ingresar/segundo-factor) and the account
// page (docs/decisions/023): the 6-digit code field, the enrolment panel (QR code, key, otpauth://
// link, confirmation) and the recovery codes shown once.

/** What the server hands the enrolment panel (enrolmentView in second-factor.server.ts). */
export type EnrolmentData = { secretGroups: string[]; uri: string; qrSvg: string };

/** The 6-digit code field: numeric keyboard, filled by the platform's one-time-code autofill. */
export function TotpCodeField({ meta, id }: { meta: FieldMeta; id?: string }) {
  const { t } = useTranslation();
  return (
    <TextField
      meta={meta}
      id={id}
      label={t("secondFactor.code")}
      hint={t("secondFactor.codeHint")}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={20}
      className="totp-code"
    />
  );
}

/**
 * Enrolment: scan the QR code (or type the key, or open the otpauth:// link), then confirm with
 * a code from the app. `hidden` adds fields to the confirmation form (the intent, redirectTo).
 */
export function EnrolmentPanel({
  enrolment,
  codeMeta,
  formErrors,
  formErrorId,
  hidden,
  intro,
  headingLevel = 2,
  cancel,
  busy,
}: {
  enrolment: EnrolmentData;
  codeMeta: FieldMeta;
  formErrors?: string[];
  formErrorId: string;
  hidden: Record<string, string>;
  intro: string;
  headingLevel?: 1 | 2 | 3;
  /** The intent of a form that drops the enrolment (the account page), if any. */
  cancel?: string;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const Heading = `h${headingLevel}` as const;
  return (
    <section aria-labelledby="enrol-title" className="enrolment">
      <Heading id="enrol-title">{t("secondFactor.enrol.title")}</Heading>
      <p>{intro}</p>
      <p>{t("secondFactor.enrol.scan")}</p>
      <div
        className="qr-code"
        role="img"
        aria-label={t("secondFactor.enrol.qrLabel")}
        // Made on the server by the qrcode package from our own otpauth:// URI: no input of anyone's.
        dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }}
      />
      <dl className="totp-details">
        <dt>{t("secondFactor.enrol.secret")}</dt>
        <dd>
          <code className="totp-secret" data-testid="totp-secret">
            {enrolment.secretGroups.join(" ")}
          </code>
        </dd>
        <dt>{t("secondFactor.enrol.uri")}</dt>
        <dd>
          <a href={enrolment.uri} className="totp-uri">
            {enrolment.uri}
          </a>
        </dd>
      </dl>
      <p>{t("secondFactor.enrol.confirmStep")}</p>
      <Form method="post" className="stack" aria-describedby={formErrors?.length ? formErrorId : undefined}>
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <FormErrors id={formErrorId} errors={formErrors} />
        <TotpCodeField meta={codeMeta} id="enrol-code" />
        <button type="submit" className="button primary" disabled={busy}>
          {t("secondFactor.enrol.confirm")}
        </button>
      </Form>
      {cancel ? (
        <Form method="post">
          <input type="hidden" name="intent" value={cancel} />
          <button type="submit" className="button">
            {t("secondFactor.enrol.cancel")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}

/** The recovery codes, shown once, with a notice of what just happened and a way on. */
export function RecoveryCodesPanel({
  codes,
  notice,
  continueTo,
  headingLevel = 2,
}: {
  codes: string[];
  notice: string;
  continueTo: string;
  headingLevel?: 1 | 2;
}) {
  const { t } = useTranslation();
  const Heading = `h${headingLevel}` as const;
  return (
    <section aria-labelledby="recovery-codes-title" className="recovery-codes-panel">
      <p role="status" className="form-message success">
        {notice}
      </p>
      <Heading id="recovery-codes-title">{t("secondFactor.codes.title")}</Heading>
      <p>{t("secondFactor.codes.intro")}</p>
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p>
        <Link to={continueTo} className="button primary">
          {t("secondFactor.codes.continue")}
        </Link>
      </p>
    </section>
  );
}
