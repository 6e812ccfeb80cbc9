import { DateTime } from "luxon";

/** An instant shown in a zone and a locale, e.g. "2026年11月25日 09:30" or "Nov 25, 2026, 9:30 AM". */
export function formatInstant(instant: Date | string, zone: string, locale: string): string {
  const dt = DateTime.fromJSDate(new Date(instant), { zone }).setLocale(locale);
  return dt.toLocaleString(DateTime.DATETIME_MED);
}

/** A span on one day in the branch's zone: "2026年12月5日周六 09:00–12:00" / "Sat, December 5, 2026 09:00–12:00". */
export function formatTimeSpan(start: Date | string, end: Date | string, zone: string, locale: string): string {
  const s = DateTime.fromJSDate(new Date(start), { zone }).setLocale(locale);
  const e = DateTime.fromJSDate(new Date(end), { zone }).setLocale(locale);
  const day = s.toLocaleString({ year: "numeric", month: "long", day: "numeric", weekday: "short" });
  return `${day} ${s.toFormat("HH:mm")}–${e.toFormat("HH:mm")}`;
}

/** Minutes as hours with one decimal, e.g. 150 → "2.5". */
export function formatHours(minutes: number): string {
  return (Math.round(minutes / 6) / 10).toFixed(1);
}

/** The day of an instant in a zone, e.g. "2026年2月20日" or "Feb 20, 2026" (with the weekday: "2026年2月20日周五"). */
export function formatDay(instant: Date | string, zone: string, locale: string, weekday = false): string {
  const dt = DateTime.fromJSDate(new Date(instant), { zone }).setLocale(locale);
  return weekday ? dt.toLocaleString({ year: "numeric", month: "long", day: "numeric", weekday: "short" }) : dt.toLocaleString(DateTime.DATE_MED);
}

/** Only the wall times of a span in the zone: "09:30–11:00". */
export function formatClockRange(start: Date | string, end: Date | string, zone: string): string {
  const clock = (d: Date | string) => DateTime.fromJSDate(new Date(d), { zone }).toFormat("HH:mm");
  return `${clock(start)}–${clock(end)}`;
}
