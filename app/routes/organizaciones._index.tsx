import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SectorBadge } from "~/components/badges.tsx";
import { FiltersForm } from "~/components/filters-form.tsx";
import { Sector } from "~/generated/prisma/enums.ts";
import { listTerritories, territoryParam } from "~/monitoring/monitoring.server.ts";
import { listOrganizations } from "~/accounts/organizations.server.ts";
import { pageTitle } from "~/utils/meta.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "organizations.title");

const SECTORS = Object.values(Sector);

export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const requested = params.get("sector");
  const sector = SECTORS.find((s) => s === requested);
  const territoryId = await territoryParam(params.get("territorio"));
  const [organizations, territories] = await Promise.all([
    listOrganizations({ sector, territoryId }),
    listTerritories(),
  ]);
  return { organizations, sector: sector ?? null, territoryId, territories };
}

export default function OrganizationsPage() {
  const { t } = useTranslation();
  const { organizations, sector, territoryId, territories } = useLoaderData<typeof loader>();
  return (
    <div className="container">
      <h1>{t("organizations.title")}</h1>
      <p className="lead">{t("organizations.intro")}</p>
      <FiltersForm
        label={t("organizations.filterLabel")}
        selects={[
          {
            name: "sector",
            label: t("organizations.sector"),
            allLabel: t("organizations.allSectors"),
            options: SECTORS.map((s) => ({ value: s, label: t(`sectors.${s}`) })),
            value: sector,
          },
          {
            name: "territorio",
            label: t("monitoring.territory"),
            allLabel: t("monitoring.allTerritories"),
            options: territories.map((x) => ({ value: x.id, label: x.name })),
            value: territoryId,
          },
        ]}
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
