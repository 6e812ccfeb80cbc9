// Long lists of shifts on a phone: a page at a time, each page grouped under its days.

export interface DayGroup<T> {
  date: string;
  items: T[];
}

export interface DayPage<T> {
  days: DayGroup<T>[];
  page: number;
  pageCount: number;
  total: number;
}

/** Consecutive items of the same local day, in the order given (already sorted by start). */
export function groupByDay<T extends { localDate: string }>(items: readonly T[]): DayGroup<T>[] {
  const days: DayGroup<T>[] = [];
  for (const item of items) {
    const last = days.at(-1);
    if (last?.date === item.localDate) last.items.push(item);
    else days.push({ date: item.localDate, items: [item] });
  }
  return days;
}

/**
 * Page `page` (from 1) of `size` items, grouped by day. A page past the end shows the last one, so
 * a link kept from before a booking filled the list never lands on nothing.
 */
export function pageByDay<T extends { localDate: string }>(items: readonly T[], page: number, size: number): DayPage<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  const current = Math.min(Math.max(1, Math.floor(page)), pageCount);
  return { days: groupByDay(items.slice((current - 1) * size, current * size)), page: current, pageCount, total: items.length };
}
