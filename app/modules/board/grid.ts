// The board's cells travel as one packed string and become HTML through one small function, used
// by the server render and by the browser alike. A week can hold thousands of chips: as React
// elements and as loader objects they cost most of the page's time (docs/decisions/0011).
import type { ShiftState } from "./board.server.ts";

/** What a shift's chip shows (BoardShift extends it). */
export interface ShiftChip {
  id: number;
  /** "HH:MM–HH:MM" in the branch's zone. */
  clock: string;
  roleId: number;
  booked: number;
  capacity: number;
  waitlisted: number;
  state: ShiftState;
}

/** What an event's chip shows (BoardEvent extends it). */
export interface EventChip {
  id: number;
  clock: string;
  titleZh: string;
  titleEn: string;
  roomZh: string | null;
  roomEn: string | null;
  registered: number;
  capacity: number;
  waiting: number;
  /** Volunteer places its helper shifts still need to reach their minimum. */
  helpersShort: number;
  cancelled: boolean;
}

const STATES: readonly ShiftState[] = ["short", "open", "full", "cancelled"];
const SHIFT_LENGTH = 8; // 0, id, clock, role, booked, capacity, waiting, state
const EVENT_LENGTH = 12; // 1, id, clock, title zh, title en, room zh, room en, registered, capacity, waiting, helpers short, cancelled

/**
 * The week's chips by cell ("row|date"), in start order, as one string of numbers: each text
 * (times, titles, rooms) once in a table, referred to by its index (-1 for none). Numbers need no
 * quoting, and the string is quoted twice more on its way into the page (loader data inside a
 * script). Both lists come in start order; an event goes after the shifts of its cell that start
 * at the same time or before ("HH:MM–HH:MM" in one branch's zone sorts as text).
 */
export function packCells<S extends ShiftChip, E extends EventChip>(shifts: readonly S[], cellOf: (s: S) => string, events: readonly E[], eventCellOf: (e: E) => string): string {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (text: string | null) => {
    if (text === null) return -1;
    let i = index.get(text);
    if (i === undefined) {
      i = strings.push(text) - 1;
      index.set(text, i);
    }
    return i;
  };
  const cells: Record<string, number[]> = {};
  const waiting = new Map<string, { list: E[]; next: number }>();
  for (const e of events) {
    const key = eventCellOf(e);
    const pending = waiting.get(key);
    if (pending) pending.list.push(e);
    else waiting.set(key, { list: [e], next: 0 });
  }
  const pushEvent = (out: number[], e: E) =>
    out.push(1, e.id, ref(e.clock), ref(e.titleZh), ref(e.titleEn), ref(e.roomZh), ref(e.roomEn), e.registered, e.capacity, e.waiting, e.helpersShort, e.cancelled ? 1 : 0);
  for (const s of shifts) {
    const key = cellOf(s);
    const out = (cells[key] ??= []);
    const pending = waiting.get(key);
    if (pending) while (pending.next < pending.list.length && pending.list[pending.next].clock < s.clock) pushEvent(out, pending.list[pending.next++]);
    out.push(0, s.id, ref(s.clock), s.roleId, s.booked, s.capacity, s.waitlisted, STATES.indexOf(s.state));
  }
  for (const [key, pending] of waiting) {
    const out = (cells[key] ??= []);
    while (pending.next < pending.list.length) pushEvent(out, pending.list[pending.next++]);
  }
  return JSON.stringify({ s: strings, c: cells });
}

/** The packed cells, read once per page: texts escaped for HTML, chips still as numbers. */
export interface Grid {
  texts: string[];
  cells: Record<string, number[]>;
}

export function readGrid(packed: string): Grid {
  const { s, c } = JSON.parse(packed) as { s: string[]; c: Record<string, number[]> };
  return { texts: s.map(escapeHtml), cells: c };
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const SPECIAL = /[&<>"']/;
/** Text or attribute value made safe for HTML. */
export function escapeHtml(value: string): string {
  return SPECIAL.test(value) ? value.replace(/[&<>"']/g, (c) => ESCAPES[c]) : value;
}

export interface CellLabels {
  en: boolean;
  /** The board's query string ("?week=…"), kept on each shift's link so the panel opens over the same view. */
  search: string;
  roleName(id: number): string;
  state: Record<ShiftState, string>;
  eventCount(values: { registered: number; capacity: number }): string;
  eventHelpers(count: number): string;
}

/**
 * The HTML of one cell's chips, straight from the packed numbers (no object per chip). Labels are
 * escaped and cached: a week repeats the same few role names and counts thousands of times.
 */
export function cellRenderer(labels: CellLabels, grid: Grid): (key: string) => string {
  const memo = <K>(f: (k: K) => string) => {
    const cache = new Map<K, string>();
    return (k: K) => {
      let v = cache.get(k);
      if (v === undefined) cache.set(k, (v = escapeHtml(f(k))));
      return v;
    };
  };
  const role = memo<number>((id) => labels.roleName(id));
  const state = memo<ShiftState>((s) => labels.state[s]);
  const count = memo<number>((k) => labels.eventCount({ registered: Math.floor(k / 1e6), capacity: k % 1e6 }));
  const helpers = memo<number>((n) => labels.eventHelpers(n));
  const search = escapeHtml(labels.search);
  const { texts } = grid;
  return (key) => {
    const n = grid.cells[key];
    if (!n) return "";
    const html: string[] = []; // joined once: one flat string, not a rope to flatten when encoded
    for (let i = 0; i < n.length; ) {
      if (n[i] === 0) {
        const s = STATES[n[i + 7]];
        const waiting = n[i + 6];
        html.push(
          `<li><a href="/staff/board/${n[i + 1]}${search}" class="chip chip--${s}"><span class="chip__time">${texts[n[i + 2]]}</span> ` +
            `${role(n[i + 3])} <span class="chip__count">${n[i + 4]}/${n[i + 5]}${waiting ? ` +${waiting}` : ""}</span> ` +
            `<span class="shift-state shift-state--${s}">${state(s)}</span></a></li>`,
        );
        i += SHIFT_LENGTH;
      } else {
        const roomZh = n[i + 5];
        const roomEn = n[i + 6];
        const room = roomZh >= 0 ? `<span class="muted"> · ${texts[labels.en && roomEn >= 0 ? roomEn : roomZh]}</span>` : "";
        const cancelled = n[i + 11] === 1;
        const waiting = n[i + 9];
        const flag = cancelled
          ? `<span class="shift-state shift-state--cancelled">${state("cancelled")}</span>`
          : n[i + 10] > 0
            ? `<span class="shift-state shift-state--short">${helpers(n[i + 10])}</span>`
            : "";
        html.push(
          `<li><a href="/staff/events/${n[i + 1]}" class="chip chip--event${cancelled ? " chip--cancelled" : ""}">` +
            `<span class="chip__time">${texts[n[i + 2]]}</span> ` +
            `<span class="chip__title">${texts[n[i + (labels.en ? 4 : 3)]]}</span>${room} ` +
            `<span class="chip__count">${count(n[i + 7] * 1e6 + n[i + 8])}${waiting ? ` +${waiting}` : ""}</span> ${flag}</a></li>`,
        );
        i += EVENT_LENGTH;
      }
    }
    return html.join("");
  };
}
