import { limitOrReply } from "~/utils/rate-limit.server.ts";
import { randomUUID } from "node:crypto";
import { getFormProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import {
  json,
  redirect,
  type ActionFunctionArgs,
  type HeadersFunction,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldErrors, FormMessage, InputField } from "~/components/ui/field.tsx";
import { PROPOSAL_BODY_MAX, proposalSchema } from "~/participation/forms.ts";
import { actingOrganizations, publishProposal } from "~/participation/proposals.server.ts";
import { plansForProposals, territoriesForProposals } from "~/participation/proposal-list.server.ts";
import { requireUser } from "~/utils/auth.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { participationLinks } from "~/participation/components/styles.ts";

export const links = participationLinks;

/** A rate-limited action's 429 keeps its Retry-After on the page it redisplays. */
export const headers: HeadersFunction = ({ actionHeaders, loaderHeaders }) =>
  actionHeaders.has("Retry-After") ? actionHeaders : loaderHeaders;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "participation.newProposal");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { user } = requireUser(context, request);
  const [plans, territories, organizations] = await Promise.all([
    plansForProposals(),
    territoriesForProposals(),
    actingOrganizations(user),
  ]);
  const requested = new URL(request.url).searchParams.get("plan");
  return {
    plans,
    territories,
    organizations,
    defaultPlan: plans.find((p) => p.id === requested)?.id ?? plans[0]?.id ?? "",
    submissionKey: randomUUID().replace(/-/g, ""),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { user } = requireUser(context, request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: proposalSchema });
  if (submission.status !== "success") return json(submission.reply(), { status: 400 });
  const limited = await limitOrReply([["proposalsByUser", user.id]], () =>
    submission.reply({ formErrors: ["participation.errors.rateLimited"] }),
  );
  if (limited) return limited;
  const result = await publishProposal(user, submission.value);
  if (!result.ok) {
    if (result.error === "forbidden") {
      return json(submission.reply({ formErrors: ["participation.errors.cannotActForOrganization"] }), { status: 403 });
    }
    return json(submission.reply({ formErrors: [result.message ?? "participation.errors.invalidForm"] }), {
      status: 400,
    });
  }
  return redirect(`/propuestas/${result.id}?hecho=publicada`);
}

export default function NewProposalPage() {
  const { t } = useTranslation();
  const { plans, territories, organizations, defaultPlan, submissionKey } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    lastResult,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { planId: defaultPlan },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: proposalSchema }),
  });
  const select = (field: typeof fields.planId) => {
    const { key, ...props } = getSelectProps(field);
    return {
      key,
      props: {
        ...props,
        "aria-invalid": field.errors?.length ? true : undefined,
        "aria-describedby": field.errors?.length ? field.errorId : undefined,
      },
    };
  };
  const plan = select(fields.planId);
  const theme = select(fields.themeId);
  const territory = select(fields.territoryId);
  const organization = select(fields.organizationId);
  const body = getTextareaProps(fields.body);
  const { key: bodyKey, ...bodyProps } = body;
  if (plans.length === 0) {
    return (
      <div className="container narrow">
        <h1>{t("participation.newProposal")}</h1>
        <p>{t("participation.noPlanInCoCreation")}</p>
        <p>
          <Link to="/propuestas">{t("participation.backToList")}</Link>
        </p>
      </div>
    );
  }
  return (
    <div className="container narrow">
      <h1>{t("participation.newProposal")}</h1>
      <p>{t("participation.newIntro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormMessage id={form.errorId} errors={form.errors} />
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <div className="field">
          <label htmlFor={fields.planId.id}>{t("participation.plan")}</label>
          <select key={plan.key} {...plan.props}>
            {plans.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <FieldErrors id={fields.planId.errorId} errors={fields.planId.errors} />
        </div>
        <InputField field={fields.title} label={t("participation.proposalTitle")} />
        <div className="field">
          <label htmlFor={fields.body.id}>{t("participation.proposalBody")}</label>
          <p id={`${fields.body.id}-hint`} className="hint">
            {t("participation.proposalBodyHint", { max: PROPOSAL_BODY_MAX })}
          </p>
          <textarea
            key={bodyKey}
            {...bodyProps}
            rows={10}
            maxLength={PROPOSAL_BODY_MAX}
            aria-invalid={fields.body.errors?.length ? true : undefined}
            aria-describedby={`${fields.body.id}-hint${fields.body.errors?.length ? ` ${fields.body.errorId}` : ""}`}
          />
          <FieldErrors id={fields.body.errorId} errors={fields.body.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.themeId.id}>{t("participation.theme")}</label>
          <select key={theme.key} {...theme.props}>
            <option value="">{t("participation.noTheme")}</option>
            {plans.map((p) => (
              <optgroup key={p.id} label={p.name}>
                {p.themes.map((th) => (
                  <option key={th.id} value={th.id}>
                    {th.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <FieldErrors id={fields.themeId.errorId} errors={fields.themeId.errors} />
        </div>
        <div className="field">
          <label htmlFor={fields.territoryId.id}>{t("participation.territory")}</label>
          <select key={territory.key} {...territory.props}>
            <option value="">{t("participation.noTerritory")}</option>
            {territories.map((te) => (
              <option key={te.id} value={te.id}>
                {te.name}
              </option>
            ))}
          </select>
        </div>
        {organizations.length > 0 ? (
          <div className="field">
            <label htmlFor={fields.organizationId.id}>{t("participation.proposeAs")}</label>
            <select key={organization.key} {...organization.props}>
              <option value="">{t("participation.asMyself")}</option>
              {organizations.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("participation.publish")}
        </button>
      </Form>
    </div>
  );
}
