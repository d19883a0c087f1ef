import { Link } from "@remix-run/react";
import { Trans, useTranslation } from "react-i18next";
import { Checkbox, TextField, type FieldMeta } from "~/components/ui/field.tsx";
import { PRIVACY_POLICY_VERSION } from "~/privacy.ts";

/**
 * The fields every new account is made with, registering or accepting an invitation: the name,
 * a new password twice, and the consent to the privacy policy (Ley 29733). The email field, where
 * there is one, comes before them.
 */
export function NewAccountFields({
  fields,
  children,
}: {
  fields: { name: FieldMeta; password: FieldMeta; passwordConfirm: FieldMeta; consent: FieldMeta };
  /** Fields between the name and the password (registration's email). */
  children?: React.ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField meta={fields.name} label={t("fields.name")} autoComplete="name" />
      {children}
      <TextField
        meta={fields.password}
        label={t("fields.password")}
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
      <Checkbox
        meta={fields.consent}
        label={t("register.consentLabel")}
        hint={
          <Trans
            i18nKey="register.consentDetail"
            values={{ version: PRIVACY_POLICY_VERSION }}
            components={{ privacy: <Link to="/privacidad" /> }}
          />
        }
      />
    </>
  );
}
