import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { organizationAction, requireSecretariat } from "~/administration/actions.server.ts";
import { OrganizationFields } from "~/administration/components/organization-fields.tsx";
import { administrationLinks } from "~/administration/components/styles.ts";
import { Notice } from "~/administration/components/workspace-nav.tsx";
import { organizationSchema } from "~/administration/forms.ts";
import { getWorkspaceOrganization } from "~/administration/organizations.server.ts";
import { listTerritories } from "~/administration/territories.server.ts";
import { formatDate } from "~/utils/format.ts";
import { pageTitle } from "~/utils/meta.ts";
import { FormErrors } from "~/components/ui/field.tsx";
import { resultFor } from "~/utils/form-reply.ts";
import { textResponse } from "~/utils/responses.server.ts";

// /administracion/organizaciones/:organizationId — edit an organisation (its public page keeps
// its address) and verify it.

export const links = administrationLinks;

export const meta: MetaFunction<typeof loader> = ({ matches, data }) =>
  data
    ? pageTitle(matches, "administration.organizations.editTitle", { name: data.organization.name })
    : pageTitle(matches, "errors.notFoundTitle");

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requireSecretariat(context, request);
  const organization = await getWorkspaceOrganization(params.organizationId ?? "");
  if (!organization) throw textResponse(request, 404, "responses.organizationNotFound");
  return {
    organization: { ...organization, verifiedAt: organization.verifiedAt?.toISOString() ?? null },
    territories: await listTerritories(),
  };
}

export const action = ({ request, params, context }: ActionFunctionArgs) =>
  organizationAction(request, context, params.organizationId ?? "");

export default function EditOrganizationPage() {
  const { t, i18n } = useTranslation();
  const { organization: o, territories } = useLoaderData<typeof loader>();
  const data = useActionData<typeof action>();
  const navigation = useNavigation();
  const [searchParams] = useSearchParams();
  const done = searchParams.get("hecho");
  const notice =
    done && ["registrada", "guardada", "sin-cambios"].includes(done) ? t(`administration.notices.${done}`) : null;
  const [form, fields] = useForm({
    id: "organization-edit",
    lastResult: resultFor(data, "organization"),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: {
      name: o.name,
      acronym: o.acronym ?? "",
      kind: o.kind,
      sector: o.sector,
      territoryId: o.territoryId ?? "",
      description: o.description ?? "",
      verified: o.verifiedAt ? "on" : undefined,
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: organizationSchema }),
  });
  return (
    <div className="container narrow">
      <nav aria-label={t("common.breadcrumb")} className="breadcrumb">
        <Link to="/administracion">{t("administration.title")}</Link> <span aria-hidden="true">›</span>{" "}
        <Link to="/administracion/organizaciones">{t("administration.organizations.title")}</Link>
      </nav>
      <h1>{o.name}</h1>
      <Notice text={notice} />
      <p>
        {o.verifiedAt
          ? t("administration.organizations.verifiedOn", { date: formatDate(o.verifiedAt, i18n.language) })
          : t("administration.organizations.notVerified")}{" "}
        · <Link to={`/organizaciones/${o.slug}`}>{t("administration.organizations.publicPage")}</Link>
      </p>
      <Form method="post" {...getFormProps(form)}>
        <FormErrors id={form.errorId} errors={form.errors} />
        <OrganizationFields fields={fields} territories={territories} />
        <button type="submit" className="button primary" disabled={navigation.state === "submitting"}>
          {t("administration.organizations.saveSubmit")}
        </button>
      </Form>
    </div>
  );
}
