import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { Shell, STAFF_LINKS, type ShellUser } from "#app/components/layout.tsx";
import { can } from "#app/modules/auth/policy.ts";
import { siteTitle } from "#app/components/page-title.ts";
import { useNonce, useRequestId } from "#app/components/request-info.tsx";
import { defaultLocale, type Locale } from "#app/i18n/config.ts";
import { getLocale } from "#app/i18n/i18n.server.ts";
import { takeFlash, type Flash } from "#app/web/flash.server.ts";
import { getUser } from "#app/web/guards.server.ts";
import stylesheet from "#app/styles.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = ({ matches }) => siteTitle(matches);

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, user, { flash, headers }] = await Promise.all([getLocale(request), getUser(request), takeFlash(request)]);
  const shellUser: ShellUser | null = user
    ? { kind: user.kind, name: user.name, role: user.kind === "staff" ? user.role : "volunteer", pages: STAFF_LINKS.filter((link) => can(user, link.action)).map((link) => link.to) }
    : null;
  return data({ locale, user: shellUser, flash }, { headers });
}

export const handle = { i18n: "translation" };

type RootData = { locale: Locale; user: ShellUser | null; flash: Flash | null };

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<RootData>("root");
  const nonce = useNonce();
  const requestId = useRequestId();
  const locale = data?.locale ?? defaultLocale;
  return (
    <html lang={locale} dir="ltr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {requestId ? <meta name="request-id" content={requestId} /> : null}
        <Meta />
        <Links />
      </head>
      <body>
        <Shell user={data?.user ?? null} locale={locale} flash={data?.flash ?? null}>
          {children}
        </Shell>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRouteLoaderData<RootData>("root");
  useChangeLanguage(data?.locale ?? defaultLocale);
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  const requestId = useRequestId();
  const { t } = useTranslation();
  let title = t("errors.unexpectedTitle");
  let text = t("errors.unexpectedText");
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) [title, text] = [t("errors.notFoundTitle"), t("errors.notFoundText")];
    else if (error.status === 403) [title, text] = [t("errors.forbiddenTitle"), t("errors.forbiddenText")];
    else if (error.status === 401) [title, text] = [t("errors.unauthorizedTitle"), ""];
    else if (error.status === 400) [title, text] = [t("errors.badRequestTitle"), ""];
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      {text ? <p>{text}</p> : null}
      {isRouteErrorResponse(error) && error.status < 500 ? null : requestId ? (
        <p className="muted">{t("errors.requestId", { id: requestId })}</p>
      ) : null}
      <p>
        <Link to="/">{t("errors.backHome")}</Link>
      </p>
    </section>
  );
}
