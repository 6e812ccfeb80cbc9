// Conditional requests for calendar feeds. Subscribed calendars fetch every hour or so; most of
// the time nothing changed, and a 304 spares the transfer and the client's parsing.
//
// The ETag is a hash of the feed's text; the database remembers, per feed, the last hash and when
// it changed — that time is Last-Modified and every entry's DTSTAMP (without METHOD, DTSTAMP is
// when the data was last revised, RFC 5545 3.8.7.2). The text is built once with a placeholder
// stamp, hashed, and the placeholder then replaced by the time the database gives back.
import crypto from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Database } from "#db/schema.ts";

export interface FeedFile {
  ics: string;
  etag: string;
  lastModified: Date;
}

const PLACEHOLDER = new Date(0);
const PLACEHOLDER_LINE = "\r\nDTSTAMP:19700101T000000Z\r\n";

function icsStamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace(/[-:]/g, "") + "Z";
}

/** The feed built by `build(stamp)`, with its validators; `feed` names it in the versions table. */
export async function versionedFeed(db: Kysely<Database>, feed: string, build: (stamp: Date) => string): Promise<FeedFile> {
  const draft = build(PLACEHOLDER);
  // Weak: compression may re-encode the bytes, the calendar stays the same.
  const etag = `W/"${crypto.createHash("sha256").update(draft).digest("base64url").slice(0, 32)}"`;
  // One statement: a new hash records now; the same hash keeps its time (the outer SELECT sees the
  // row as it was before the upsert, so exactly one branch answers).
  const row = await sql<{ modified_at: Date }>`
    WITH changed AS (
      INSERT INTO shuxiang.calendar_feed_versions (feed, etag) VALUES (${feed}, ${etag})
      ON CONFLICT (feed) DO UPDATE SET etag = excluded.etag, modified_at = now()
        WHERE calendar_feed_versions.etag <> excluded.etag
      RETURNING modified_at)
    SELECT modified_at FROM changed
    UNION ALL
    SELECT modified_at FROM shuxiang.calendar_feed_versions WHERE feed = ${feed} AND etag = ${etag}`.execute(db);
  // HTTP dates have whole seconds; so does the stamp, so If-Modified-Since compares alike.
  const lastModified = new Date(Math.floor(new Date(row.rows[0].modified_at).getTime() / 1000) * 1000);
  return { ics: draft.replaceAll(PLACEHOLDER_LINE, `\r\nDTSTAMP:${icsStamp(lastModified)}\r\n`), etag, lastModified };
}

function notModified(request: Request, file: FeedFile): boolean {
  const ifNoneMatch = request.headers.get("If-None-Match");
  // If-None-Match wins over If-Modified-Since (RFC 9110 13.1.3); ETags compare weakly.
  if (ifNoneMatch !== null) {
    const tag = file.etag.replace(/^W\//, "");
    return ifNoneMatch.split(",").some((t) => t.trim() === "*" || t.trim().replace(/^W\//, "") === tag);
  }
  const since = Date.parse(request.headers.get("If-Modified-Since") ?? "");
  return !Number.isNaN(since) && file.lastModified.getTime() <= since;
}

/** 200 with the feed, or 304 when the calendar already has this version; both carry the validators. */
export function feedResponse(request: Request, file: FeedFile, headers: Record<string, string>): Response {
  const validators = { ETag: file.etag, "Last-Modified": file.lastModified.toUTCString(), ...headers };
  if (notModified(request, file)) return new Response(null, { status: 304, headers: validators });
  return new Response(file.ics, { headers: { "Content-Type": "text/calendar; charset=utf-8", ...validators } });
}
