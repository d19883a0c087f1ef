import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SectorBadge } from "~/components/badges.tsx";
import { SelectFilter } from "~/components/select-filter.tsx";
import { Sector } from "~/generated/prisma/enums.ts";
import { listOrganizations } from "~/models/organization.server.ts";
import { pageTitle } from "~/utils/meta.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "organizations.title");

const SECTORS = Object.values(Sector);

export async function loader({ request }: LoaderFunctionArgs) {
  const requested = new URL(request.url).searchParams.get("sector");
  const sector = SECTORS.find((s) => s === requested);
  return { organizations: await listOrganizations({ sector }), sector: sector ?? null };
}

export default function OrganizationsPage() {
  const { t } = useTranslation();
  const { organizations, sector } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <h1>{t("organizations.title")}</h1>
      <p className="lead">{t("organizations.intro")}</p>
      <SelectFilter
        name="sector"
        label={t("organizations.sector")}
        formLabel={t("organizations.filterLabel")}
        allLabel={t("organizations.allSectors")}
        options={SECTORS.map((s) => ({ value: s, label: t(`sectors.${s}`) }))}
        value={sector}
      />
      <ul className="card-list">
        {organizations.map((org) => (
          <li key={org.id} className="card">
            <h2>
              <Link to={`/organizaciones/${org.slug}`}>{org.name}</Link>
            </h2>
            <p>
              <SectorBadge sector={org.sector} /> {t(`organizationKinds.${org.kind}`)}
              {org.territory ? ` · ${org.territory.name}` : ""}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}
