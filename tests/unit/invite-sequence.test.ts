// SEQUENCE has one owner (app/modules/calendar/sequence.server.ts, docs/decisions/0024): no other
// file in app/ raises or sets a `sequence` column, so a change path cannot bump it by hand — or
// forget to — beside the owner. (tests/integration/invite-sequence.test.ts checks what people receive.)
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const OWNER = "app/modules/calendar/sequence.server.ts";

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.posix.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.tsx?$/.test(e.name) ? [rel] : [];
  });
}

/** Writes of a `sequence` column: SQL `sequence = …` (SET or ON CONFLICT … DO UPDATE), `sequence + 1`
 * anywhere, and a Kysely `.set({ … sequence: … })`. */
const WRITES = [/\bsequence\s*=(?!=)/i, /\bsequence\s*\+\s*1\b/i, /\.set\(\s*\{[^}]*\bsequence\s*:/s];

export function sequenceWrites(text: string): string[] {
  return WRITES.flatMap((pattern) => {
    const found = text.match(new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`));
    return found ?? [];
  });
}

describe("the invite SEQUENCE has one owner", () => {
  it("recognises each way of writing the column", () => {
    expect(sequenceWrites("UPDATE shuxiang.bookings SET status = 'cancelled', sequence = sequence + 1")).not.toEqual([]);
    expect(sequenceWrites("ON CONFLICT (id) DO UPDATE SET sequence = b.sequence + 1")).not.toEqual([]);
    expect(sequenceWrites('.set({ status: "cancelled", sequence: sql`sequence + 1` })')).not.toEqual([]);
    expect(sequenceWrites('.set({ status: "cancelled", cancelled_at: now })')).toEqual([]);
    // Reading it is fine: a calendar item carries the row's number.
    expect(sequenceWrites("{ uid, sequence: row.sequence, start }")).toEqual([]);
    expect(sequenceWrites('.select(["b.sequence"])')).toEqual([]);
  });

  it("only the owner writes a sequence column in app/", () => {
    const files = sourceFiles("app");
    expect(files).toContain(OWNER);
    expect(sequenceWrites(fs.readFileSync(path.join(root, OWNER), "utf8"))).not.toEqual([]);
    const elsewhere = files
      .filter((f) => f !== OWNER)
      .flatMap((f) => sequenceWrites(fs.readFileSync(path.join(root, f), "utf8")).map((w) => `${f}: ${w}`));
    expect(elsewhere).toEqual([]);
  });
});
