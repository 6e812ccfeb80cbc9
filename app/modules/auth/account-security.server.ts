// The account security page's changes, one entry point for its forms (docs/decisions/0020).
import type { z } from "zod";
import type { CoreServices } from "#app/lib/deps.server.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import type { accountSecuritySchema } from "./schemas.ts";
import { attemptTotpRemoval, failureMessage } from "./staff-sign-in.server.ts";
import { confirmTotpEnrolment, setTotpRequired, startTotpEnrolment } from "./totp.server.ts";

export type SecurityChange = z.infer<typeof accountSecuritySchema>;
export type SecurityOutcome = { ok: true; done: string | null } | { ok: false; error: string; field?: "code"; status: number };

export async function changeAccountSecurity(
  services: Pick<CoreServices, "db" | "boss" | "config">,
  staff: StaffUser,
  change: SecurityChange,
  context: { ip: string; requestId?: string },
): Promise<SecurityOutcome> {
  const secret = services.config.sessionSecret;
  switch (change.intent) {
    case "start":
      await startTotpEnrolment(services.db, secret, staff);
      return { ok: true, done: null };
    case "confirm": {
      const done = await confirmTotpEnrolment(services.db, secret, staff, change.code, context.requestId);
      return done.ok ? { ok: true, done: "security.enrolled" } : { ok: false, error: done.error, field: "code", status: 400 };
    }
    case "remove": {
      const done = await attemptTotpRemoval(services, staff, { code: change.code, ...context });
      if (done.ok) return { ok: true, done: "security.removed" };
      if (done.reason === "required") return { ok: false, error: "security.cannotRemove", status: 400 };
      // A wrong code, or throttled like sign-in with the same messages.
      const [error, status] = failureMessage(done, "security.wrongCode");
      return { ok: false, error, field: "code", status };
    }
    case "required": {
      const done = await setTotpRequired(services.db, staff, change.required, context.requestId);
      return done.ok ? { ok: true, done: "security.saved" } : { ok: false, error: done.error, status: done.status };
    }
  }
}
