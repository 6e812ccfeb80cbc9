import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { defaultLocale, i18nOptions, isLocale, supportedLocales, type Locale } from "./config.ts";

/** The language switch stores the choice here; otherwise Accept-Language decides. */
export const localeCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...supportedLocales],
    fallbackLanguage: defaultLocale,
    cookie: localeCookie,
    order: ["cookie", "header"],
  },
  i18next: { ...i18nOptions },
});

export async function getLocale(request: Request): Promise<Locale> {
  const locale = await i18nServer.getLocale(request);
  if (isLocale(locale)) return locale;
  // Accept-Language "zh", "zh-Hans" or "zh-TW" all get Chinese; anything English gets English.
  return locale.toLowerCase().startsWith("en") ? "en" : defaultLocale;
}

// remix-i18next builds a new i18next instance per call; the translations never change while the
// process runs, so one instance per language serves every request and every email.
const fixedT = new Map<Locale, ReturnType<typeof i18nServer.getFixedT>>();

export async function getFixedT(localeOrRequest: Locale | Request) {
  const locale = typeof localeOrRequest === "string" ? localeOrRequest : await getLocale(localeOrRequest);
  let t = fixedT.get(locale);
  if (!t) {
    t = i18nServer.getFixedT(locale);
    fixedT.set(locale, t);
  }
  return t;
}
