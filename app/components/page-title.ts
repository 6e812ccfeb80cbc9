import type { MetaDescriptor } from "@remix-run/node";
import i18next, { type TFunction } from "i18next";
import { defaultLocale, i18nOptions, isLocale, type Locale } from "#app/i18n/config.ts";

// A route's `meta` runs outside React (on the server and in the browser), so it cannot use the
// page's i18next; it reads the language the root loader chose and translates with its own instance.
const translators = new Map<Locale, TFunction>();
function translator(locale: Locale): TFunction {
  let t = translators.get(locale);
  if (!t) {
    const instance = i18next.createInstance();
    void instance.init({ ...i18nOptions, lng: locale, initImmediate: false });
    t = instance.t.bind(instance) as TFunction;
    translators.set(locale, t);
  }
  return t;
}

type Match = { id: string; data?: unknown } | undefined;

/** The request's language, as the root loader chose it. */
export function metaLocale(matches: readonly Match[]): Locale {
  const root = matches.find((m) => m?.id === "root")?.data as { locale?: unknown } | undefined;
  return isLocale(root?.locale) ? root.locale : defaultLocale;
}

/**
 * The page title "<page> · 书香" / "<page> · Shuxiang" in the request's language. `page` is a key of
 * the `titles` section, or a function given the translator and the locale (for a title from data).
 */
export function pageTitle(
  matches: readonly Match[],
  page: string | ((t: TFunction, locale: Locale) => string),
  extra: MetaDescriptor[] = [],
): MetaDescriptor[] {
  const locale = metaLocale(matches);
  const t = translator(locale);
  const name = typeof page === "string" ? String(t(`titles.${page}`)) : page(t, locale);
  return [{ title: String(t("titles.page", { page: name })) }, ...extra];
}

/** The site's name alone, for pages without their own title (the error pages). */
export function siteTitle(matches: readonly Match[]): MetaDescriptor[] {
  return [{ title: String(translator(metaLocale(matches))("titles.site")) }];
}

export const noindex: MetaDescriptor = { name: "robots", content: "noindex" };
