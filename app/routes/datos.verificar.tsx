import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { latestCheckpoint, publishedKeys, signCheckpoint } from "~/record/checkpoints.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { formatDateTime } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { can, requirePermission } from "~/utils/permissions.server.ts";

// /datos/verificar: the public record's checkpoints explained in plain language, the latest one
// and the signing key, how an organisation audits; administrators can sign a checkpoint now.

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "record.verify.title");

export async function loader({ context }: LoaderFunctionArgs) {
  const keys = publishedKeys();
  return {
    latest: await latestCheckpoint(),
    key: { name: keys.log.name, keyId: keys.log.keyId, verifierKey: keys.log.verifierKey },
    witnesses: keys.witnesses.length,
    canSign: can.signLedgerCheckpoint(context.user),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  requirePermission(user, can.signLedgerCheckpoint(user));
  const { checkpoint, created } = await signCheckpoint();
  return json({ size: checkpoint.size, created });
}

export default function VerifyRecordPage() {
  const { t, i18n } = useTranslation();
  const { latest, key, witnesses, canSign } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div className="container narrow">
      <h1>{t("record.verify.title")}</h1>
      <p className="lead">{t("record.verify.intro")}</p>
      <section className="card" aria-labelledby="latest-checkpoint">
        <h2 id="latest-checkpoint">{t("record.verify.latestTitle")}</h2>
        {latest ? (
          <>
            <p>{t("record.verify.size", { size: latest.size })}</p>
            <p>{t("record.verify.signedAt", { date: formatDateTime(latest.signedAt, i18n.language) })}</p>
            <pre className="checkpoint-note">{latest.note}</pre>
            <p className="inline-list">
              <a className="button" href={latest.url} download>
                {t("record.verify.download")}
              </a>{" "}
              <a href="/api/v1/ledger/checkpoints">{t("record.verify.all")}</a>
            </p>
          </>
        ) : (
          <p>{t("record.verify.none")}</p>
        )}
        {canSign ? (
          <Form method="post">
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              {t("record.verify.signNow")}
            </button>
          </Form>
        ) : null}
        {result ? (
          <p role="status">
            {result.created
              ? t("record.verify.signed", { size: result.size })
              : t("record.verify.upToDate", { size: result.size })}
          </p>
        ) : null}
      </section>
      <h2>{t("record.verify.keysTitle")}</h2>
      <p>{t("record.verify.keysIntro")}</p>
      <p>
        <code>{key.verifierKey}</code>
      </p>
      <p>{t("record.verify.witnesses", { count: witnesses })}</p>
      <h2>{t("record.verify.howTitle")}</h2>
      <ol>
        <li>{t("record.verify.how1")}</li>
        <li>{t("record.verify.how2")}</li>
        <li>{t("record.verify.how3")}</li>
        <li>{t("record.verify.how4")}</li>
      </ol>
      <p>{t("record.verify.command")}:</p>
      <pre>
        <code>
          npm run ledger:audit -- --checkpoint nuevo.txt --since guardado.txt --url https://
          {key.name.replace(/\/ledger$/, "")}
        </code>
      </pre>
      <h2>{t("record.verify.receiptsTitle")}</h2>
      <p>{t("record.verify.receipts")}</p>
    </div>
  );
}
