import { useTranslation } from "react-i18next";
import { SectorBadge } from "~/components/badges.tsx";
import { isLocale, LOCALE_TAGS } from "~/i18n.ts";
import type { Contributors } from "~/drafting/authorship.server.ts";

/** Who wrote the draft: people and sectors, with characters of the current text and changes. */
export function ContributorsPanel({ contributors }: { contributors: Contributors }) {
  const { t, i18n } = useTranslation();
  const number = (n: number) => n.toLocaleString(isLocale(i18n.language) ? LOCALE_TAGS[i18n.language] : "es-PE");
  const sector = (value: string | null) => (value ? <SectorBadge sector={value} /> : t("drafting.noSector"));
  return (
    <section aria-labelledby="c-contributors" data-testid="contributors">
      <h2 id="c-contributors">{t("drafting.contributorsTitle")}</h2>
      <p className="muted">{t("drafting.contributorsIntro")}</p>
      {contributors.people.length === 0 ? (
        <p>{t("drafting.noContributors")}</p>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <caption>{t("drafting.peopleCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("drafting.person")}</th>
                  <th scope="col">{t("drafting.sector")}</th>
                  <th scope="col">{t("drafting.characters")}</th>
                  <th scope="col">{t("drafting.updates")}</th>
                </tr>
              </thead>
              <tbody>
                {contributors.people.map((person) => (
                  <tr key={person.userId}>
                    <th scope="row">{person.name}</th>
                    <td>{sector(person.sector)}</td>
                    <td>{number(person.characters)}</td>
                    <td>{number(person.updates)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="table-wrap">
            <table>
              <caption>{t("drafting.sectorsCaption")}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("drafting.sector")}</th>
                  <th scope="col">{t("drafting.people")}</th>
                  <th scope="col">{t("drafting.characters")}</th>
                  <th scope="col">{t("drafting.updates")}</th>
                </tr>
              </thead>
              <tbody>
                {contributors.sectors.map((row) => (
                  <tr key={row.sector ?? "none"}>
                    <th scope="row">{row.sector ? t(`sectors.${row.sector}`) : t("drafting.noSector")}</th>
                    <td>{number(row.people)}</td>
                    <td>{number(row.characters)}</td>
                    <td>{number(row.updates)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {contributors.seedCharacters > 0 ? (
        <p className="muted">{t("drafting.seedNote", { count: contributors.seedCharacters })}</p>
      ) : null}
    </section>
  );
}
