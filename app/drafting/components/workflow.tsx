import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { formatDateTime } from "~/utils/format.ts";
import { FormErrors } from "~/components/ui/field.tsx";

type WorkflowProps = {
  status: string;
  /** The statuses the visitor may move the commitment to (empty: no form). */
  options: readonly string[];
  approvedHash: string | null;
  approvedAt: string | null;
  error?: string | null;
  notice?: string | null;
};

/**
 * The commitment's status, the moves the visitor may make (a plain form post: one button per
 * move, works without JavaScript) and, once approved, the fingerprint of the approved text.
 */
export function WorkflowPanel({ status, options, approvedHash, approvedAt, error, notice }: WorkflowProps) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="c-workflow" className="card" data-testid="workflow">
      <h2 id="c-workflow">{t("drafting.workflowTitle")}</h2>
      <p className="muted">{t("drafting.workflowIntro")}</p>
      {/* Plain text: the page's header already shows the status badge. */}
      <p>{`${t("drafting.currentStatus")} ${t(`commitmentStatus.${status}`)}`}</p>
      {notice ? (
        <p role="status" className="form-message success">
          {notice}
        </p>
      ) : null}
      <FormErrors id="workflow-errors" errors={error ? [error] : undefined} />
      {options.length > 0 ? (
        <Form method="post" className="inline-form">
          <input type="hidden" name="intent" value="status" />
          {options.map((to) => (
            <button key={to} type="submit" name="to" value={to} className="button">
              {t(`drafting.moveTo.${to}`)}
            </button>
          ))}
          <p className="hint">{t("drafting.moveHint")}</p>
        </Form>
      ) : null}
      {approvedHash ? (
        <>
          <h3>{t("drafting.fingerprintTitle")}</h3>
          <dl className="facts">
            <dt>{t("drafting.fingerprintLabel")}</dt>
            <dd>
              <code data-testid="approved-hash" style={{ wordBreak: "break-all" }}>
                {approvedHash}
              </code>
            </dd>
          </dl>
          {approvedAt ? <p>{t("drafting.approvedOn", { date: formatDateTime(approvedAt, i18n.language) })}</p> : null}
          <p className="muted">{t("drafting.fingerprintHint")}</p>
        </>
      ) : null}
    </section>
  );
}
