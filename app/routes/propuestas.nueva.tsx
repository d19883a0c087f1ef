import { limitOrReply } from "~/utils/rate-limit.server.ts";
import { randomUUID } from "node:crypto";
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
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FormErrors, Select, TextArea, TextField } from "~/components/ui/field.tsx";
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
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="submissionKey" value={submissionKey} />
        <Select meta={fields.planId} label={t("participation.plan")}>
          {plans.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
        <TextField meta={fields.title} label={t("participation.proposalTitle")} />
        <TextArea
          meta={fields.body}
          label={t("participation.proposalBody")}
          hint={t("participation.proposalBodyHint", { max: PROPOSAL_BODY_MAX })}
          rows={10}
          maxLength={PROPOSAL_BODY_MAX}
        />
        <Select meta={fields.themeId} label={t("participation.theme")}>
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
        </Select>
        <Select meta={fields.territoryId} label={t("participation.territory")}>
          <option value="">{t("participation.noTerritory")}</option>
          {territories.map((te) => (
            <option key={te.id} value={te.id}>
              {te.name}
            </option>
          ))}
        </Select>
        {organizations.length > 0 ? (
          <Select meta={fields.organizationId} label={t("participation.proposeAs")}>
            <option value="">{t("participation.asMyself")}</option>
            {organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </Select>
        ) : null}
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("participation.publish")}
        </button>
      </Form>
    </div>
  );
}
