import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { NotificationsLink } from "~/participation/components/notifications-link.tsx";
import type { Locale } from "~/i18n.ts";

type HeaderUser = { id: string; name: string; role: string } | null;

function LanguageSwitch({ locale }: { locale: Locale }) {
  const { t } = useTranslation();
  const location = useLocation();
  const other: Locale = locale === "es" ? "en" : "es";
  return (
    <Form method="post" action="/idioma" className="language-switch">
      <input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
      <input type="hidden" name="locale" value={other} />
      <button type="submit" className="link-button" lang={other === "es" ? "es-PE" : "en"}>
        <span aria-hidden="true">{other === "es" ? "ES · " : "EN · "}</span>
        {t("language.switchTo")}
      </button>
    </Form>
  );
}

/** The skip link, brand, main navigation, language switch and account links. */
export function SiteHeader({ user, locale }: { user: HeaderUser; locale: Locale }) {
  const { t } = useTranslation();
  const location = useLocation();
  return (
    <header className="site-header">
      <a className="skip-link" href="#contenido">
        {t("nav.skip")}
      </a>
      <div className="container header-bar">
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true">
            ◆
          </span>
          Minka
          <span className="brand-tagline">{t("brand.tagline")}</span>
        </Link>
        <LanguageSwitch locale={locale} />
      </div>
      <nav aria-label={t("nav.label")} className="container main-nav">
        <ul>
          <li>
            <NavLink to="/" end>
              {t("nav.home")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/planes">{t("nav.plans")}</NavLink>
          </li>
          <li>
            <NavLink to="/propuestas">{t("nav.proposals")}</NavLink>
          </li>
          <li>
            <NavLink to="/foro">{t("nav.forum")}</NavLink>
          </li>
          <li>
            <NavLink to="/seguimiento">{t("nav.monitoring")}</NavLink>
          </li>
          <li>
            <NavLink to="/datos">{t("nav.openData")}</NavLink>
          </li>
          <li>
            <NavLink to="/organizaciones">{t("nav.organizations")}</NavLink>
          </li>
          {user ? (
            <>
              <li>
                <NotificationsLink userId={user.id} />
              </li>
              {user.role === "ADMIN" ? (
                <>
                  <li>
                    <NavLink to="/administracion">{t("nav.workspace")}</NavLink>
                  </li>
                  <li>
                    <NavLink to="/moderacion">{t("nav.moderation")}</NavLink>
                  </li>
                </>
              ) : null}
              <li>
                <NavLink to="/cuenta">{t("nav.account", { name: user.name })}</NavLink>
              </li>
              <li>
                <Form method="post" action="/salir">
                  <button type="submit" className="link-button">
                    {t("nav.logout")}
                  </button>
                </Form>
              </li>
            </>
          ) : (
            <>
              <li>
                <NavLink
                  to={
                    location.pathname === "/" || location.pathname === "/ingresar"
                      ? "/ingresar"
                      : `/ingresar?${new URLSearchParams({ redirectTo: location.pathname })}`
                  }
                >
                  {t("nav.login")}
                </NavLink>
              </li>
              <li>
                <NavLink to="/registro">{t("nav.register")}</NavLink>
              </li>
            </>
          )}
        </ul>
      </nav>
    </header>
  );
}

export function SiteFooter() {
  const { t } = useTranslation();
  return (
    <footer className="site-footer">
      <div className="container">
        <p>{t("footer.about")}</p>
        <ul className="inline-list">
          <li>
            <Link to="/privacidad">{t("footer.privacy")}</Link>
          </li>
          <li>
            <Link to="/normas-de-la-comunidad">{t("footer.rules")}</Link>
          </li>
          <li>
            <Link to="/buenas-practicas">{t("footer.practices")}</Link>
          </li>
          <li>
            <Link to="/datos">{t("footer.api")}</Link>
          </li>
        </ul>
      </div>
    </footer>
  );
}
