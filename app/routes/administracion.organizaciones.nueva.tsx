import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { newOrganizationAction, requireSecretariat } from "~/administration/actions.server.ts";
import { OrganizationFields } from "~/administration/components/organization-fields.tsx";
import { administrationLinks } from "~/administration/components/styles.ts";
import { organizationSchema } from "~/administration/forms.ts";
import { listTerritories } from "~/administration/territories.server.ts";
import { pageTitle } from "~/utils/meta.ts";
import { FormErrors } from "~/components/ui/field.tsx";
import { resultFor } from "~/utils/form-reply.ts";

// /administracion/organizaciones/nueva — register an organisation or institution.

export const links = administrationLinks;

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "administration.organizations.newTitle");

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireSecretariat(context, request);
  return { territories: await listTerritories() };
}

export const action = ({ request, context }: ActionFunctionArgs) => newOrganizationAction(request, context);

export default function NewOrganizationPage() {
  const { t } = useTranslation();
  const { territories } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [form, fields] = useForm({
    id: "organization-create",
    lastResult: resultFor(data, "organization"),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: { kind: "ORGANIZATION", sector: "CIVIL_SOCIETY" },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: organizationSchema }),
  });
  return (
    <div className="container narrow">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/administracion">{t("administration.title")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to="/administracion/organizaciones">{t("administration.organizations.title")}</Link>
      </nav>
      <h1>{t("administration.organizations.newTitle")}</h1>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <OrganizationFields fields={fields} territories={territories} />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("administration.organizations.createSubmit")}
        </button>
      </Form>
    </div>
  );
}
