// Server-side sessions: the cookie carries a random id (signed); the database keeps only its hash,
// so deactivating an account or signing out ends the session at once.
import { createCookie, type Cookie } from "@remix-run/node";
import { sql, type Kysely } from "kysely";
import type { Database, StaffRole, Volunteer } from "#db/schema.ts";
import type { Config } from "#app/config.server.ts";
import { NO_SIGN_IN } from "./sign-in-status.ts";
import { hashToken, randomToken } from "#app/lib/tokens.server.ts";
import { mustEnrolTotpSql } from "./totp.server.ts";

const STAFF_SESSION_HOURS = 12;
const VOLUNTEER_SESSION_DAYS = 30;

export type CurrentUser =
  | {
      kind: "staff";
      id: number;
      name: string;
      email: string;
      role: StaffRole;
      branchCodes: string[];
      language: string;
      /** An administrator without a second factor while it is mandatory: may only enrol (docs/decisions/0020). */
      mustEnrolTotp?: boolean;
    }
  | { kind: "volunteer"; id: number; name: string; email: string; status: Volunteer["status"]; language: string };

const cookies = new WeakMap<Config, Cookie>();
function sessionCookie(config: Config): Cookie {
  let cookie = cookies.get(config);
  if (!cookie) {
    cookie = createCookie("sx_session", {
      httpOnly: true,
      sameSite: "lax",
      secure: config.secureCookies,
      path: "/",
      secrets: [config.sessionSecret],
    });
    cookies.set(config, cookie);
  }
  return cookie;
}

async function sessionToken(config: Config, request: Request): Promise<string | null> {
  const value = await sessionCookie(config).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

export async function getCurrentUser(db: Kysely<Database>, config: Config, request: Request): Promise<CurrentUser | null> {
  const token = await sessionToken(config, request);
  if (!token) return null;
  const row = await db
    .selectFrom("shuxiang.sessions as s")
    .leftJoin("shuxiang.staff as st", (j) => j.onRef("st.id", "=", "s.staff_id").on("st.active", "=", true))
    .leftJoin("shuxiang.volunteers as v", (j) => j.onRef("v.id", "=", "s.volunteer_id").on("v.status", "not in", NO_SIGN_IN))
    .select([
      "s.staff_id",
      "s.volunteer_id",
      "st.name as staff_name",
      "st.email as staff_email",
      "st.role as staff_role",
      "st.language as staff_language",
      "v.name as volunteer_name",
      "v.email as volunteer_email",
      "v.status as volunteer_status",
      "v.language as volunteer_language",
      // The staff member's branches in the same statement: every page asks who is signed in.
      sql<string[]>`ARRAY(SELECT sb.branch_code FROM shuxiang.staff_branches sb WHERE sb.staff_id = st.id ORDER BY sb.branch_code)`.as("staff_branches"),
      mustEnrolTotpSql({ id: "st.id", role: "st.role" }).as("staff_must_enrol_totp"),
    ])
    .where("s.id_hash", "=", hashToken(token))
    .where("s.expires_at", ">", new Date())
    // Every request asks: planned once per connection (db/connection.ts).
    .modifyFront(sql`/* prepared:session_user */`)
    .executeTakeFirst();
  if (!row) return null;
  if (row.staff_id !== null && row.staff_name !== null) {
    return {
      kind: "staff",
      id: row.staff_id,
      name: row.staff_name,
      email: row.staff_email!,
      role: row.staff_role!,
      language: row.staff_language!,
      branchCodes: row.staff_branches,
      mustEnrolTotp: row.staff_must_enrol_totp === true,
    };
  }
  if (row.volunteer_id !== null && row.volunteer_name !== null) {
    return {
      kind: "volunteer",
      id: row.volunteer_id,
      name: row.volunteer_name,
      email: row.volunteer_email!,
      status: row.volunteer_status!,
      language: row.volunteer_language!,
    };
  }
  return null; // the account was deactivated since
}

/** Starts a fresh session (a new id at every sign-in) and ends the one the request carried. */
export async function startSession(
  db: Kysely<Database>,
  config: Config,
  request: Request,
  who: { staffId: number } | { volunteerId: number },
): Promise<string> {
  const previous = await sessionToken(config, request);
  const token = randomToken();
  const hours = "staffId" in who ? STAFF_SESSION_HOURS : VOLUNTEER_SESSION_DAYS * 24;
  const expires = new Date(Date.now() + hours * 3600_000);
  await db.transaction().execute(async (trx) => {
    if (previous) await trx.deleteFrom("shuxiang.sessions").where("id_hash", "=", hashToken(previous)).execute();
    await trx.deleteFrom("shuxiang.sessions").where("expires_at", "<", new Date()).execute();
    await trx
      .insertInto("shuxiang.sessions")
      .values({
        id_hash: hashToken(token),
        staff_id: "staffId" in who ? who.staffId : null,
        volunteer_id: "volunteerId" in who ? who.volunteerId : null,
        data: "{}",
        expires_at: expires,
      })
      .execute();
  });
  return sessionCookie(config).serialize(token, { expires });
}

/**
 * Ends the request's session, or with `everywhere` every session of the same person (a lost
 * phone, a shared computer); either way the cookie is cleared.
 */
export async function endSession(db: Kysely<Database>, config: Config, request: Request, { everywhere = false } = {}): Promise<string> {
  const token = await sessionToken(config, request);
  if (token) {
    const idHash = hashToken(token);
    if (everywhere) {
      await sql`
        DELETE FROM shuxiang.sessions s
        USING shuxiang.sessions mine
        WHERE mine.id_hash = ${idHash}
          AND (s.staff_id = mine.staff_id OR s.volunteer_id = mine.volunteer_id)`.execute(db);
    }
    await db.deleteFrom("shuxiang.sessions").where("id_hash", "=", idHash).execute();
  }
  return sessionCookie(config).serialize("", { maxAge: 0 });
}
