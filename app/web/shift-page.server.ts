// The shift page's server side, shared by /staff/shifts/<id> and the board's side panel
// (/staff/board/<id>): guard (planner of the shift's branch), load, and the panel's actions.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
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
import { filterStatus, intId, parseFilters, safeText } from "#app/lib/input.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { intentSchema } from "#app/lib/form.ts";

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

const shiftIntent = intentSchema(["edit", "cancel", "assign", "remove"] as const);

/** What a done form's message counts (changed shifts, people told, people moved up from the waitlist). */
type ShiftAnswer = { updated?: number; notified?: number; promoted?: number; cancelled?: number };

export async function shiftPageAction({ request, params, context }: ActionFunctionArgs) {
  const { user, shiftId } = await load(request, params.id);
  const services = await getServices();
  const deps = appDeps(services);
  const actor = { user, requestId: context.requestId };
  const formData = await request.formData();
  const chosen = await parseForm(formData, shiftIntent);
  if (chosen.status !== "success") return refuse(chosen, { errors: { form: "plan.unknownAction" } });
  const fixErrors = { form: "plan.fixErrors" };

  switch (chosen.value.intent) {
    case "edit": {
      const submission = await parseForm(formData, editShiftSchema);
      if (submission.status !== "success") return refuse(submission, { form: "edit", errors: fixErrors });
      const result = await updateShift(deps, actor, shiftId, submission.value);
      if (!result.ok) return refuse(submission, { form: "edit", errors: { ...fixErrors, ...result.errors }, status: result.status });
      return done<ShiftAnswer>({ form: "edit", message: "plan.saved", data: { updated: result.updated, notified: result.notified, promoted: result.promoted } });
    }
    case "cancel": {
      const submission = await parseForm(formData, cancelShiftSchema);
      if (submission.status !== "success") return refuse(submission, { form: "cancel", errors: fixErrors });
      const result = await cancelShifts(deps, actor, shiftId, submission.value.reason, submission.value.scope);
      if (!result.ok) return refuse(submission, { form: "cancel", errors: { ...fixErrors, ...result.errors }, status: result.status });
      return done<ShiftAnswer>({ form: "cancel", message: "plan.cancelledShift", data: { cancelled: result.cancelled, notified: result.notified } });
    }
    case "assign": {
      const submission = await parseForm(formData, assignSchema);
      if (submission.status !== "success") return refuse(submission, { form: "assign", errors: fixErrors });
      const unknown = { ...fixErrors, volunteer: "plan.noSuchVolunteer" };
      const volunteer = await services.db
        .selectFrom("shuxiang.volunteers")
        .select("id")
        .where((eb) => eb(eb.fn("lower", ["email"]), "=", submission.value.volunteer.toLowerCase()))
        .executeTakeFirst();
      if (!volunteer) return refuse(submission, { form: "assign", errors: unknown });
      const result = await assignVolunteer(deps, actor, volunteer.id, shiftId, submission.value.overrideReason || null);
      if (!result.ok) {
        // A volunteer of other branches is answered as an unknown address: the form reveals no one.
        if (result.reason === "forbidden") return refuse(submission, { form: "assign", errors: unknown });
        const key = OVERRIDABLE.has(result.reason as EligibilityProblem) ? `shifts.refusal.${result.reason}-override` : `shifts.refusal.${result.reason}`;
        return refuse(submission, { form: "assign", errors: { ...fixErrors, volunteer: key } });
      }
      return done<ShiftAnswer>({ form: "assign", message: result.already ? "plan.alreadyAssigned" : "plan.assigned" });
    }
    case "remove": {
      const submission = await parseForm(formData, removeSchema);
      if (submission.status !== "success") return refuse(submission, { form: "remove", errors: fixErrors });
      const noSuchBooking = { form: "plan.noSuchBooking" };
      const booking = await services.db.selectFrom("shuxiang.bookings").select("shift_id").where("id", "=", submission.value.bookingId).executeTakeFirst();
      if (booking?.shift_id !== shiftId) return refuse(submission, { form: "remove", errors: noSuchBooking, status: 404 });
      const result = await removeVolunteer(deps, actor, submission.value.bookingId, submission.value.reason || null);
      return result.ok ? done<ShiftAnswer>({ form: "remove", message: "plan.removed" }) : refuse(submission, { form: "remove", errors: noSuchBooking, status: result.forbidden ? 403 : 400 });
    }
  }
}
