import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The workspace's own navigation: its overview, plans, organisations and the outgoing mail. */
export function WorkspaceNav() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("administration.nav.label")} className="workspace-nav">
      <ul className="inline-list">
        <li>
          <NavLink to="/administracion" end>
            {t("administration.nav.overview")}
          </NavLink>
        </li>
        <li>
          <NavLink to="/administracion/planes/nuevo">{t("administration.nav.newPlan")}</NavLink>
        </li>
        <li>
          <NavLink to="/administracion/organizaciones">{t("administration.nav.organizations")}</NavLink>
        </li>
        <li>
          <NavLink to="/administracion/invitaciones">{t("administration.nav.invitations")}</NavLink>
        </li>
        <li>
          <NavLink to="/administracion/correo">{t("administration.nav.mail")}</NavLink>
        </li>
      </ul>
    </nav>
  );
}

/** A notice after a successful act (`?hecho=<key>`), announced politely. */
export function Notice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p className="form-message success" role="status">
      {text}
    </p>
  );
}
