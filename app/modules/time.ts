import { DateTime } from "luxon";

/** An instant shown in a zone and a locale, e.g. "2026年11月25日 09:30" or "Nov 25, 2026, 9:30 AM". */
export function formatInstant(instant: Date | string, zone: string, locale: string): string {
  const dt = DateTime.fromJSDate(new Date(instant), { zone }).setLocale(locale);
  return dt.toLocaleString(DateTime.DATETIME_MED);
}
