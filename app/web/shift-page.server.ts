// The shift page's server side, shared by /staff/shifts/<id> and the board's side panel
// (/staff/board/<id>): guard (planner of the shift's branch), load, and the panel's actions.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { authorize } from "#app/modules/auth/policy.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { listRooms } from "#app/modules/branches/branches.server.ts";
import { getServices } from "#app/services.server.ts";
import { assignVolunteer, removeVolunteer } from "#app/modules/shifts/bookings.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { eligibleFreeVolunteers, OVERRIDABLE, type EligibilityProblem } from "#app/modules/shifts/eligibility.server.ts";
import { shiftDetail } from "#app/modules/shifts/queries.server.ts";
import { assignSchema, cancelShiftSchema, editShiftSchema, removeSchema } from "#app/modules/shifts/schemas.ts";
import { cancelShifts, updateShift } from "#app/modules/shifts/shifts.server.ts";
import { wallClock } from "#app/lib/wall-time.ts";
import { filterStatus, formValues, intId, parseFilters, safeText } from "#app/lib/input.ts";

const idSchema = intId;

async function load(request: Request, id: string | undefined) {
  const user = await requireStaff(request, "shift.plan");
  const shiftId = idSchema.safeParse(id);
  if (!shiftId.success) throw new Response("Not Found", { status: 404 });
  const { db } = await getServices();
  const detail = await shiftDetail(db, shiftId.data);
  if (!detail) throw new Response("Not Found", { status: 404 });
  authorize(user, "shift.plan", detail.shift.branch_code);
  return { user, detail, shiftId: shiftId.data };
}

export async function shiftPageLoader({ request, params }: LoaderFunctionArgs) {
  const { user, detail } = await load(request, params.id);
  const { db } = await getServices();
  const { filters, errors } = parseFilters(request.url, { q: safeText(100) });
  const search = filters.q ?? "";
  const s = detail.shift;
  const [rooms, candidates] = await Promise.all([
    listRooms(db, [s.branch_code]),
    s.status === "scheduled"
      ? eligibleFreeVolunteers(db, { id: s.id, branch_code: s.branch_code }, { search, limit: 12, shownTo: user })
      : Promise.resolve([]),
  ]);
  const zone = s.timezone;
  return data({ ...detail, rooms, candidates, search, searchError: errors.q, start: wallClock(s.starts_at, zone), end: wallClock(s.ends_at, zone) }, filterStatus(errors));
}

export type ActionReply = { ok: boolean; intent: string; message: string; errors?: Record<string, string>; values?: Record<string, unknown> };

export async function shiftPageAction({ request, params, context }: ActionFunctionArgs) {
  const { user, shiftId } = await load(request, params.id);
  const services = await getServices();
  const deps = appDeps(services);
  const actor = { user, requestId: context.requestId };
  const form = formValues(await request.formData());
  const reply = (r: ActionReply, status = 200) => data(r, { status });
  const fieldErrors = (issues: z.ZodIssue[]) => Object.fromEntries(issues.map((i) => [String(i.path[0] ?? "form"), i.message]));

  switch (form.intent) {
    case "edit": {
      const parsed = editShiftSchema.safeParse(form);
      if (!parsed.success) return reply({ ok: false, intent: "edit", message: "plan.fixErrors", errors: fieldErrors(parsed.error.issues), values: form }, 400);
      const result = await updateShift(deps, actor, shiftId, parsed.data);
      if (!result.ok) return reply({ ok: false, intent: "edit", message: "plan.fixErrors", errors: result.errors as Record<string, string>, values: form }, result.status ?? 400);
      return reply({ ok: true, intent: "edit", message: "plan.saved", values: { updated: result.updated, notified: result.notified, promoted: result.promoted } });
    }
    case "cancel": {
      const parsed = cancelShiftSchema.safeParse(form);
      if (!parsed.success) return reply({ ok: false, intent: "cancel", message: "plan.fixErrors", errors: fieldErrors(parsed.error.issues), values: form }, 400);
      const result = await cancelShifts(deps, actor, shiftId, parsed.data.reason, parsed.data.scope);
      if (!result.ok) return reply({ ok: false, intent: "cancel", message: result.errors.form ?? "plan.fixErrors", errors: result.errors as Record<string, string> }, result.status ?? 400);
      return reply({ ok: true, intent: "cancel", message: "plan.cancelledShift", values: { cancelled: result.cancelled, notified: result.notified } });
    }
    case "assign": {
      const parsed = assignSchema.safeParse(form);
      if (!parsed.success) return reply({ ok: false, intent: "assign", message: "plan.fixErrors", errors: fieldErrors(parsed.error.issues), values: form }, 400);
      const volunteer = await services.db
        .selectFrom("shuxiang.volunteers")
        .select("id")
        .where((eb) => eb(eb.fn("lower", ["email"]), "=", parsed.data.volunteer.toLowerCase()))
        .executeTakeFirst();
      if (!volunteer) return reply({ ok: false, intent: "assign", message: "plan.fixErrors", errors: { volunteer: "plan.noSuchVolunteer" }, values: form }, 400);
      const result = await assignVolunteer(deps, actor, volunteer.id, shiftId, parsed.data.overrideReason || null);
      if (!result.ok) {
        // A volunteer of other branches is answered as an unknown address: the form reveals no one.
        if (result.reason === "forbidden") return reply({ ok: false, intent: "assign", message: "plan.fixErrors", errors: { volunteer: "plan.noSuchVolunteer" }, values: form }, 400);
        const key = OVERRIDABLE.has(result.reason as EligibilityProblem) ? `shifts.refusal.${result.reason}-override` : `shifts.refusal.${result.reason}`;
        return reply({ ok: false, intent: "assign", message: "plan.fixErrors", errors: { volunteer: key }, values: form }, 400);
      }
      return reply({ ok: true, intent: "assign", message: result.already ? "plan.alreadyAssigned" : "plan.assigned" });
    }
    case "remove": {
      const parsed = removeSchema.safeParse(form);
      if (!parsed.success) return reply({ ok: false, intent: "remove", message: "plan.fixErrors" }, 400);
      const booking = await services.db.selectFrom("shuxiang.bookings").select("shift_id").where("id", "=", parsed.data.bookingId).executeTakeFirst();
      if (booking?.shift_id !== shiftId) return reply({ ok: false, intent: "remove", message: "plan.noSuchBooking" }, 404);
      const result = await removeVolunteer(deps, actor, parsed.data.bookingId, parsed.data.reason || null);
      return reply({ ok: result.ok, intent: "remove", message: result.ok ? "plan.removed" : "plan.noSuchBooking" }, result.ok ? 200 : result.forbidden ? 403 : 400);
    }
    default:
      return reply({ ok: false, intent: "unknown", message: "plan.unknownAction" }, 400);
  }
}

