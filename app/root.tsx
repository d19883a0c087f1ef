import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useMemo, type ReactNode } from "react";
import { I18nextProvider, useTranslation } from "react-i18next";
import { SiteFooter, SiteHeader } from "./components/site-chrome.tsx";
import { UnavailableContent } from "./components/unavailable.tsx";
import { createI18n, DEFAULT_LOCALE, LOCALE_TAGS, type Locale } from "./i18n.ts";
import styles from "./styles/app.css";
import { getLocale } from "./utils/locale.server.ts";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

// The title when a page sets none (error pages); pages replace it with their own.
export const meta: MetaFunction = ({ error }) => [{ title: error ? "Minka · Error" : "Minka" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = context.user;
  return {
    locale: getLocale(request),
    nonce: context.cspNonce,
    user: user ? { id: user.id, name: user.name, role: user.role } : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

function Document({ locale, nonce, children }: { locale: Locale; nonce?: string; children: ReactNode }) {
  const i18n = useMemo(() => createI18n(locale), [locale]);
  return (
    <html lang={LOCALE_TAGS[locale]}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body>
        <I18nextProvider i18n={i18n}>{children}</I18nextProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { locale, nonce, user } = useLoaderData<typeof loader>();
  return (
    <Document locale={locale} nonce={nonce}>
      <SiteHeader user={user} locale={locale} />
      <main id="contenido" tabIndex={-1}>
        <Outlet />
      </main>
      <SiteFooter />
    </Document>
  );
}

const ERROR_KEYS: Record<number, string> = {
  400: "badRequest",
  401: "unauthorized",
  403: "forbidden",
  404: "notFound",
  413: "tooLarge",
  429: "tooMany",
};

function ErrorContent() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const key = ERROR_KEYS[status] ?? "server";
  if (status === 503) return <UnavailableContent />;
  if (status === 507) return <UnavailableContent reason="storageFull" />;
  return (
    <div className="container narrow">
      <h1>{t(`errors.${key}Title`)}</h1>
      <p>{t(`errors.${key}Detail`)}</p>
      <p>
        <Link to="/">{t("errors.backHome")}</Link>
      </p>
    </div>
  );
}

export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("root");
  const locale = data?.locale ?? DEFAULT_LOCALE;
  return (
    <Document locale={locale} nonce={data?.nonce}>
      <SiteHeader user={data?.user ?? null} locale={locale} />
      <main id="contenido" tabIndex={-1}>
        <ErrorContent />
      </main>
      <SiteFooter />
    </Document>
  );
}
