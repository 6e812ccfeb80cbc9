// The board's cells travel as one packed string and become HTML through one small function, used
// by the server render and by the browser alike. A week can hold thousands of chips: as React
// elements and as loader objects they cost most of the page's time (docs/decisions/0011).
import type { ShiftState } from "./board.server.ts";

/** [kind 0, id, "HH:MM–HH:MM", role id, booked, capacity, waiting, state] */
export type ShiftTuple = [0, number, string, number, number, number, number, ShiftState];
/** [kind 1, id, "HH:MM–HH:MM", title zh, title en, room zh, room en, registered, capacity, waiting, helpers short, cancelled] */
export type EventTuple = [1, number, string, string, string, string | null, string | null, number, number, number, number, boolean];
export type Cells = Record<string, Array<ShiftTuple | EventTuple>>;

const STATES: readonly ShiftState[] = ["short", "open", "full", "cancelled"];
const SHIFT_LENGTH = 8;
const EVENT_LENGTH = 12;

/**
 * Cells as one string of numbers: each text (times, titles, rooms) once in a table, referred to by
 * its index (-1 for none). Numbers need no quoting, and the string is quoted twice more on its way
 * into the page (loader data inside a script), so this is about a third of the tuples' JSON.
 */
export function packCells(cells: Cells): string {
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
  const packed: Record<string, number[]> = {};
  for (const [key, chips] of Object.entries(cells)) {
    const out: number[] = (packed[key] = []);
    for (const c of chips) {
      if (c[0] === 0) out.push(0, c[1], ref(c[2]), c[3], c[4], c[5], c[6], STATES.indexOf(c[7]));
      else out.push(1, c[1], ref(c[2]), ref(c[3]), ref(c[4]), ref(c[5]), ref(c[6]), c[7], c[8], c[9], c[10], c[11] ? 1 : 0);
    }
  }
  return JSON.stringify({ s: strings, c: packed });
}

/** The packed cells, read once per page: texts escaped for HTML, chips still as numbers. */
export interface Grid {
  texts: string[];
  cells: Record<string, number[]>;
}

export function readGrid(packed: string): Grid {
  const { s, c } = JSON.parse(packed) as {
    s: string[];
    c: Record<string, number[]>;
  };
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
