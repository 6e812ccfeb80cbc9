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

export async function getFixedT(localeOrRequest: Locale | Request) {
  const locale = typeof localeOrRequest === "string" ? localeOrRequest : await getLocale(localeOrRequest);
  return i18nServer.getFixedT(locale);
}
