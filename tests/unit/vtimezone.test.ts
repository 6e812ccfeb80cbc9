// Our VTIMEZONE blocks against the runtime's tz data, read back by ical.js (the parser Thunderbird
// uses): the offset a calendar applies must be the one Intl gives, in every zone.
import ICAL from "ical.js";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { knownChangesZone, offsetChanges, vtimezone } from "#app/modules/calendar/vtimezone.ts";

const DAY = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();

function intlOffset(zone: string, ms: number): number {
  let format = formats.get(zone);
  if (!format) formats.set(zone, (format = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "shortOffset" })));
  const name = format.format(ms);
  const m = /GMT(?:([+-])(\d{1,2})(?::(\d\d))?)?$/.exec(name);
  if (!m) throw new Error(`unexpected offset name ${name}`);
  return m[1] ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
}

function parseZone(block: string): ICAL.Timezone {
  const root = new ICAL.Component(ICAL.parse(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\n${block}\r\nEND:VCALENDAR`));
  return new ICAL.Timezone(root.getFirstSubcomponent("vtimezone")!);
}

/** The offset ical.js applies at an instant, in minutes. */
function icalOffset(zone: ICAL.Timezone, ms: number): number {
  return zone.utcOffset(ICAL.Time.fromJSDate(new Date(ms), true).convertToZone(zone)) / 60;
}

describe("VTIMEZONE from the runtime's tz data", () => {
  const now = Date.now();
  const year = new Date(now).getUTCFullYear();
  const zones = [...Intl.supportedValuesOf("timeZone"), "UTC", "Etc/GMT+5", "Etc/GMT-3", "Etc/GMT-14", "Etc/GMT+12"];

  it(`gives Intl's offset over the next two years in each of ${zones.length} zones`, () => {
    const wrong: string[] = [];
    for (const name of zones) {
      const zone = parseZone(vtimezone(name, year - 1, year + 2)!);
      // Every 11 days, and three hours either side of each change the zone makes (not inside the
      // repeated hour itself: ical.js reads a wall time there as the later instant, see below).
      const changes = offsetChanges(name, now, now + 730 * DAY);
      const instants = Array.from({ length: 67 }, (_, i) => now + i * 11 * DAY);
      for (const change of changes) instants.push(change.at - 3 * 3_600_000, change.at + 3 * 3_600_000);
      // The grid can land in a repeated hour too (it did on 2026-12-03 at 15:00 UTC: Sydney's
      // 2027-04-04 02:00 AEDT); the app writes such entries in UTC (calendar.test.ts).
      const repeated = (ms: number) => changes.some((c) => c.from > c.to && ms >= c.at - (c.from - c.to) * 60_000 && ms < c.at);
      for (const ms of instants.filter((t) => !repeated(t))) {
        const [got, want] = [icalOffset(zone, ms), intlOffset(name, ms)];
        if (got !== want) wrong.push(`${name} at ${new Date(ms).toISOString()}: ${got} ≠ ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 60_000); // 423 zones parsed and walked: seconds on a busy machine

  it("luxon times in the app's own zone objects keep Intl's offset and wall time, in every zone", () => {
    const wrong: string[] = [];
    for (const name of zones) {
      const zone = knownChangesZone(name);
      const instants = Array.from({ length: 67 }, (_, i) => now - 365 * DAY + i * 17 * DAY);
      for (const change of offsetChanges(name, now - 365 * DAY, now + 730 * DAY)) instants.push(change.at - 60_000, change.at);
      for (const ms of instants) {
        const [ours, theirs] = [DateTime.fromMillis(ms, { zone }), DateTime.fromMillis(ms, { zone: name })];
        if (ours.toISO() !== theirs.toISO() || ours.zoneName !== name) wrong.push(`${name} at ${new Date(ms).toISOString()}: ${ours.toISO()} ≠ ${theirs.toISO()}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it("has no summer time where the zone dropped it, and the right sign for Etc/GMT±N", () => {
    for (const name of ["Asia/Tehran", "America/Sao_Paulo", "America/Mexico_City"]) {
      expect(vtimezone(name, 2026, 2028)).not.toContain("DAYLIGHT");
    }
    expect(vtimezone("Africa/Cairo", 2026, 2026)).toMatch(/BEGIN:DAYLIGHT\r\nDTSTART:2026\d{4}T\d{6}\r\nTZOFFSETFROM:\+0200\r\nTZOFFSETTO:\+0300/);
    expect(vtimezone("Etc/GMT+5", 2026, 2026)).toContain("TZOFFSETTO:-0500");
    expect(vtimezone("Etc/GMT-14", 2026, 2026)).toContain("TZOFFSETTO:+1400");
  });

  it("one STANDARD for a zone without changes; nothing for an unknown name", () => {
    const block = vtimezone("Asia/Shanghai", 2026, 2028)!;
    expect(block.match(/BEGIN:(STANDARD|DAYLIGHT)/g)).toEqual(["BEGIN:STANDARD"]);
    expect(block).toContain("TZOFFSETTO:+0800");
    expect(vtimezone("Mars/Olympus_Mons", 2026, 2028)).toBeNull();
  });

  it("Berlin changes at 02:00 local in March and 03:00 local in October", () => {
    const changes = offsetChanges("Europe/Berlin", Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1));
    expect(changes.map((c) => DateTime.fromMillis(c.at, { zone: "UTC" }).toISO())).toEqual(["2026-03-29T01:00:00.000Z", "2026-10-25T01:00:00.000Z"]);
  });
});
