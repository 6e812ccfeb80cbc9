// VTIMEZONE blocks from the runtime's own tz data (Intl), never from a frozen
// snapshot: a zone that changed its rules since a snapshot was taken (Tehran and São Paulo dropped
// DST, Cairo brought it back) would otherwise open every entry at the wrong hour.
//
// The block lists each offset change over the span the calendar needs, one observance per change
// (DTSTART is the wall time before the change, in TZOFFSETFROM, as RFC 5545 asks).
import { IANAZone, Info, type Zone } from "luxon";

const MINUTE = 60_000;
const DAY = 86_400_000;
/** Offsets are sampled a week apart; two changes that cancel out within one week would be missed
 * (tz data has none in modern times: the shortest, Morocco's Ramadan break, lasts about a month). */
const STEP = 7 * DAY;

export interface OffsetChange {
  at: number;
  /** Minutes east of UTC before and after the change. */
  from: number;
  to: number;
}

/** Minutes east of UTC at an instant, read from Intl's "GMT+05:30" (about 5× faster than luxon's
 * own offset lookup, which matters when a test walks every zone). */
function offsetReader(zone: string): { offset(ms: number): number } {
  const format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "longOffset", hour: "numeric" });
  return {
    offset(ms) {
      const m = /GMT([+-])(\d\d):(\d\d)/.exec(format.format(ms));
      return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
    },
  };
}

/** Every offset change of `zone` in [fromMs, toMs), found to the minute. */
export function offsetChanges(zone: string, fromMs: number, toMs: number): OffsetChange[] {
  const tz = offsetReader(zone);
  const changes: OffsetChange[] = [];
  let t = Math.floor(fromMs / MINUTE) * MINUTE;
  let offset = tz.offset(t);
  while (t < toMs) {
    const next = Math.min(t + STEP, toMs);
    if (tz.offset(next) === offset) {
      t = next;
      continue;
    }
    // offset(lo) is the old offset, offset(hi) is not: halve to the minute.
    let lo = t;
    let hi = next;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (tz.offset(mid) === offset) lo = mid;
      else hi = mid;
    }
    const to = tz.offset(hi);
    changes.push({ at: hi, from: offset, to });
    t = hi;
    offset = to;
  }
  return changes;
}

function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}${String(abs % 60).padStart(2, "0")}`;
}

/** The wall time of an instant at a fixed offset, as a floating DATE-TIME. */
function localStamp(ms: number, offsetMinutes: number): string {
  return new Date(ms + offsetMinutes * MINUTE).toISOString().slice(0, 19).replace(/[-:]/g, "");
}

function observance(daylight: boolean, start: string, from: number, to: number): string[] {
  const kind = daylight ? "DAYLIGHT" : "STANDARD";
  return [`BEGIN:${kind}`, `DTSTART:${start}`, `TZOFFSETFROM:${formatOffset(from)}`, `TZOFFSETTO:${formatOffset(to)}`, `END:${kind}`];
}

const changeCache = new Map<string, OffsetChange[]>();
const blockCache = new Map<string, string | null>();

/** The zone's changes over the whole years `fromYear`…`toYear` (UTC); kept, as tz data does not
 * change while the process runs. */
export function zoneChanges(zone: string, fromYear: number, toYear: number): OffsetChange[] {
  const key = `${zone}|${fromYear}|${toYear}`;
  let changes = changeCache.get(key);
  if (!changes) {
    changes = offsetChanges(zone, Date.UTC(fromYear, 0, 1), Date.UTC(toYear + 1, 0, 1));
    changeCache.set(key, changes);
  }
  return changes;
}

/**
 * An IANA zone whose offsets come from the changes found once (two years back to three ahead),
 * for luxon: its own lookup formats every instant through Intl (~8 µs), which is most of the time
 * a feed of a thousand entries takes. Same name, so luxon and ical-generator treat it as the zone.
 */
class KnownChangesZone extends IANAZone {
  private readonly from: number;
  private readonly to: number;
  private readonly initial: number;
  private readonly changes: OffsetChange[];

  constructor(name: string, from: number, to: number, initial: number, changes: OffsetChange[]) {
    super(name);
    [this.from, this.to, this.initial, this.changes] = [from, to, initial, changes];
  }

  override offset(ts: number): number {
    if (!(ts >= this.from && ts < this.to)) return super.offset(ts);
    let [lo, hi] = [0, this.changes.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.changes[mid].at <= ts) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? this.initial : this.changes[lo - 1].to;
  }
}

const zoneCache = new Map<string, IANAZone>();

/** The zone for luxon DateTimes around now (see KnownChangesZone); UTC, fixed offsets and unknown
 * names as luxon has them. */
export function knownChangesZone(name: string): Zone {
  const year = new Date().getUTCFullYear();
  const key = `${name}|${year}`;
  let zone = zoneCache.get(key);
  if (!zone) {
    const own = Info.normalizeZone(name);
    if (own.type !== "iana" || !own.isValid) return own;
    const [fromYear, toYear] = [year - 2, year + 3];
    const from = Date.UTC(fromYear, 0, 1);
    zone = new KnownChangesZone(name, from, Date.UTC(toYear + 1, 0, 1), offsetReader(name).offset(from), zoneChanges(name, fromYear, toYear));
    zoneCache.set(key, zone);
  }
  return zone;
}

/**
 * The VTIMEZONE of `zone` covering the whole years `fromYear`…`toYear` (UTC), or null for a name
 * the runtime does not know. A zone without changes in that span gets one STANDARD.
 */
export function vtimezone(zone: string, fromYear: number, toYear: number): string | null {
  const key = `${zone}|${fromYear}|${toYear}`;
  const cached = blockCache.get(key);
  if (cached !== undefined) return cached;
  let block: string | null = null;
  if (IANAZone.isValidZone(zone)) {
    const changes = zoneChanges(zone, fromYear, toYear);
    const initial = offsetReader(zone).offset(Date.UTC(fromYear, 0, 1));
    // Daylight is any offset above the span's lowest: what a calendar shows as "summer time".
    const standard = Math.min(initial, ...changes.map((c) => c.to));
    const lines = [`BEGIN:VTIMEZONE`, `TZID:${zone}`, ...observance(initial > standard, "19700101T000000", initial, initial)];
    for (const c of changes) lines.push(...observance(c.to > standard, localStamp(c.at, c.from), c.from, c.to));
    lines.push("END:VTIMEZONE");
    block = lines.join("\r\n");
  }
  blockCache.set(key, block);
  return block;
}
