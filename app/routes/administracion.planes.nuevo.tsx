import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { newPlanAction, requireSecretariat } from "~/administration/actions.server.ts";
import { PlanFields } from "~/administration/components/plan-fields.tsx";
import { administrationLinks } from "~/administration/components/styles.ts";
import { planSchema } from "~/administration/forms.ts";
import { listTerritories } from "~/administration/territories.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { FormErrors } from "~/components/ui/field.tsx";
import { resultFor } from "~/utils/form-reply.ts";

// /administracion/planes/nuevo — a new plan: name, period, scope and territory, description and
// themes. It starts at theme selection, in co-creation, and is public at once.

export const links = administrationLinks;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "administration.plans.newTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireSecretariat(context, request);
  return { territories: await listTerritories(), thisYear: new Date().getUTCFullYear() };
}

export const action = ({ request, context }: ActionFunctionArgs) => newPlanAction(request, context);

export default function NewPlanPage() {
  const { t } = useTranslation();
  const { territories, thisYear } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "plan-create",
    lastResult: resultFor(data, "create"),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { scope: "NATIONAL", periodStart: String(thisYear + 1), periodEnd: String(thisYear + 2) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: planSchema }),
  });
  return (
    <div className="container narrow">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/administracion">{t("administration.title")}</Link>
      </nav>
      <h1>{t("administration.plans.newTitle")}</h1>
      <p>{t("administration.plans.newIntro")}</p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <PlanFields fields={fields} territories={territories} />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("administration.plans.createSubmit")}
        </button>
      </Form>
    </div>
  );
}
