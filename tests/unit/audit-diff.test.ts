import { describe, expect, it } from "vitest";
import { auditChanges } from "#app/modules/admin/audit-diff.ts";

describe("auditChanges", () => {
  it("lists only the fields that changed, each before → after", () => {
    expect(auditChanges({ capacity: 3, notes: "同上", active: true }, { capacity: 5, notes: "同上", active: false })).toEqual([
      { field: "capacity", before: { text: "3" }, after: { text: "5" } },
      { field: "active", before: { yes: true }, after: { yes: false } },
    ]);
  });

  it("shows every field of a creation, instants marked for formatting in the zone", () => {
    expect(auditChanges(null, { startsAt: "2026-12-05T01:00:00.000Z", date: "2027-02-22", shiftIds: [4, 5] })).toEqual([
      { field: "startsAt", before: null, after: { instant: "2026-12-05T01:00:00.000Z" } },
      { field: "date", before: null, after: { date: "2027-02-22" } },
      { field: "shiftIds", before: null, after: { text: "4, 5" } },
    ]);
  });

  it("takes a bare value as one field", () => {
    expect(auditChanges("applied", "interview")).toEqual([{ field: "value", before: { text: "applied" }, after: { text: "interview" } }]);
  });
});
