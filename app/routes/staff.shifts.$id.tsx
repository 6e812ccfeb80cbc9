import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { requireBranchAccess, requireStaff } from "#app/modules/auth/guards.server.ts";
import { listRooms } from "#app/modules/branches/branches.server.ts";
import { assignVolunteer, removeVolunteer } from "#app/modules/shifts/bookings.server.ts";
import { shiftDeps } from "#app/modules/shifts/deps.server.ts";
import { shiftDetail } from "#app/modules/shifts/queries.server.ts";
import { assignSchema, cancelShiftSchema, editShiftSchema, removeSchema } from "#app/modules/shifts/schemas.ts";
import { cancelShifts, updateShift } from "#app/modules/shifts/shifts.server.ts";
import { wallClock } from "#app/modules/shifts/wall-time.ts";
import { formatTimeSpan } from "#app/modules/time.ts";
import { getServices } from "#app/services.server.ts";

export const meta: MetaFunction = () => [{ title: "班次详情 · 书香" }];

const PLANNERS = ["administrator", "coordinator"] as const;
const idSchema = z.coerce.number().int().positive().max(2_147_483_647);

async function load(request: Request, id: string | undefined) {
  const user = await requireStaff(request, PLANNERS);
  const shiftId = idSchema.safeParse(id);
  if (!shiftId.success) throw new Response("Not Found", { status: 404 });
  const { db } = await getServices();
  const detail = await shiftDetail(db, shiftId.data);
  if (!detail) throw new Response("Not Found", { status: 404 });
  requireBranchAccess(user, detail.shift.branch_code);
  return { user, detail, shiftId: shiftId.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail } = await load(request, params.id);
  const { db } = await getServices();
  const rooms = await listRooms(db, [detail.shift.branch_code]);
  const zone = detail.shift.timezone;
  return { ...detail, rooms, start: wallClock(detail.shift.starts_at, zone), end: wallClock(detail.shift.ends_at, zone) };
}

type ActionReply = { ok: boolean; intent: string; message: string; errors?: Record<string, string>; values?: Record<string, unknown> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, shiftId } = await load(request, params.id);
  const services = await getServices();
  const deps = shiftDeps(services);
  const actor = { staffId: user.id, requestId: context.requestId };
  const form = Object.fromEntries(await request.formData());
  const reply = (r: ActionReply, status = 200) => data(r, { status });
  const fieldErrors = (issues: z.ZodIssue[]) => Object.fromEntries(issues.map((i) => [String(i.path[0] ?? "form"), i.message]));

  switch (form.intent) {
    case "edit": {
      const parsed = editShiftSchema.safeParse(form);
      if (!parsed.success) return reply({ ok: false, intent: "edit", message: "plan.fixErrors", errors: fieldErrors(parsed.error.issues), values: form }, 400);
      const result = await updateShift(deps, actor, shiftId, parsed.data);
      if (!result.ok) return reply({ ok: false, intent: "edit", message: "plan.fixErrors", errors: result.errors as Record<string, string>, values: form }, 400);
      return reply({ ok: true, intent: "edit", message: "plan.saved", values: { updated: result.updated, notified: result.notified, promoted: result.promoted } });
    }
    case "cancel": {
      const parsed = cancelShiftSchema.safeParse(form);
      if (!parsed.success) return reply({ ok: false, intent: "cancel", message: "plan.fixErrors", errors: fieldErrors(parsed.error.issues), values: form }, 400);
      const result = await cancelShifts(deps, actor, shiftId, parsed.data.reason, parsed.data.scope);
      if (!result.ok) return reply({ ok: false, intent: "cancel", message: result.errors.form ?? "plan.fixErrors", errors: result.errors as Record<string, string> }, 400);
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
        const key = result.reason === "untrained" || result.reason === "paused" || result.reason === "too-young" ? `shifts.refusal.${result.reason}-override` : `shifts.refusal.${result.reason}`;
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
      return reply({ ok: result.ok, intent: "remove", message: result.ok ? "plan.removed" : "plan.noSuchBooking" }, result.ok ? 200 : 400);
    }
    default:
      return reply({ ok: false, intent: "unknown", message: "plan.unknownAction" }, 400);
  }
}

function Field({ name, label, errors, children }: { name: string; label: string; errors?: Record<string, string>; children: React.ReactElement }) {
  const text = useErrorText();
  const error = errors?.[name];
  return (
    <div className="form-field">
      <label htmlFor={`e-${name}`}>{label}</label>
      {children}
      {error ? (
        <p id={`e-${name}-error`} className="field-error" role="alert">
          {text(error)}
        </p>
      ) : null}
    </div>
  );
}

export default function ShiftDetail() {
  const { shift, confirmed, waitlisted, gone, rooms, start, end } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const en = i18n.language === "en";
  const errors = result && !result.ok ? result.errors : undefined;
  const values = (result && !result.ok ? result.values : undefined) as Record<string, string> | undefined;
  const v = (name: string, fallback: string | number) => (result?.intent === "edit" && values?.[name] !== undefined ? values[name] : String(fallback));
  const invalid = (name: string) => (errors?.[name] ? { "aria-invalid": true, "aria-describedby": `e-${name}-error` } : {});
  const scheduled = shift.status === "scheduled";
  const state = !scheduled ? "cancelled" : shift.booked < shift.min_needed ? "short" : shift.booked >= shift.capacity ? "full" : "open";
  return (
    <>
      <p>
        <Link to="/staff/shifts">← {t("plan.title")}</Link>
      </p>
      <h1>
        {en ? shift.role_en : shift.role_zh} · {en ? shift.branch_en : shift.branch_zh}
      </h1>
      <p className="lead">
        {formatTimeSpan(shift.starts_at, shift.ends_at, shift.timezone, i18n.language)} <span className={`shift-state shift-state--${state}`}>{t(`plan.state.${state}`)}</span>
      </p>
      {params.get("created") && !result ? (
        <p className="notice" role="status">
          {t("plan.created")}
        </p>
      ) : null}
      {result ? (
        <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          {result.ok ? t(result.message, (result.values ?? {}) as Record<string, unknown>) : text(result.message)}
          {!result.ok && result.intent === "cancel" && errors?.reason ? ` ${text(errors.reason)}` : ""}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("plan.booked")}</dt>
        <dd>
          {shift.booked} / {shift.capacity} ({t("plan.min", { min: shift.min_needed })})
        </dd>
        <dt>{t("plan.room")}</dt>
        <dd>{shift.room_zh ? (en ? shift.room_en : shift.room_zh) : "—"}</dd>
        <dt>{t("plan.notes")}</dt>
        <dd>{shift.notes || "—"}</dd>
        {shift.cancel_reason ? (
          <>
            <dt>{t("plan.cancelReason")}</dt>
            <dd>{shift.cancel_reason}</dd>
          </>
        ) : null}
      </dl>

      <h2>{t("plan.people", { count: confirmed.length })}</h2>
      {confirmed.length === 0 ? <p>{t("plan.nobody")}</p> : null}
      <ul className="people">
        {confirmed.map((p) => (
          <li key={p.id}>
            <span>
              {p.name} <span className="muted">{p.email}</span>
              {p.override_reason ? <span className="muted"> · {t("plan.override", { reason: p.override_reason })}</span> : null}
            </span>
            {scheduled ? (
              <Form method="post" className="inline-form">
                <input type="hidden" name="intent" value="remove" />
                <input type="hidden" name="bookingId" value={p.id} />
                <label className="visually-hidden" htmlFor={`reason-${p.id}`}>
                  {t("plan.removeReason")}
                </label>
                <input id={`reason-${p.id}`} name="reason" maxLength={300} placeholder={t("plan.removeReason")} />
                <button type="submit" className="button button--quiet" aria-label={`${t("plan.remove")} ${p.name}`}>
                  {t("plan.remove")}
                </button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      <h2>{t("plan.waiting", { count: waitlisted.length })}</h2>
      {waitlisted.length === 0 ? <p>{t("plan.nobodyWaiting")}</p> : null}
      <ol className="people">
        {waitlisted.map((p) => (
          <li key={p.id}>
            {p.name} <span className="muted">{p.email}</span>
          </li>
        ))}
      </ol>
      {gone.length ? (
        <details>
          <summary>{t("plan.gone", { count: gone.length })}</summary>
          <ul>
            {gone.map((p) => (
              <li key={p.id}>
                {p.name} · {p.status === "removed" ? t("shifts.state.removed") : p.late_cancellation ? t("shifts.state.cancelledLate") : t("shifts.state.cancelled")}
                {p.cancel_reason && p.cancel_reason !== "volunteer" ? ` (${p.cancel_reason})` : ""}
              </li>
            ))}
          </ul>
        </details>
      ) : null}

      {scheduled ? (
        <>
          <h2>{t("plan.assign")}</h2>
          <Form method="post" className="panel">
            <input type="hidden" name="intent" value="assign" />
            <div className="form-grid">
              <Field name="volunteer" label={t("plan.volunteerEmail")} errors={result?.intent === "assign" ? errors : undefined}>
                <input id="e-volunteer" name="volunteer" type="email" required maxLength={254} defaultValue={result?.intent === "assign" ? (values?.volunteer ?? "") : ""} {...(result?.intent === "assign" ? invalid("volunteer") : {})} />
              </Field>
              <Field name="overrideReason" label={t("plan.overrideReason")} errors={result?.intent === "assign" ? errors : undefined}>
                <input id="e-overrideReason" name="overrideReason" maxLength={300} defaultValue={result?.intent === "assign" ? (values?.overrideReason ?? "") : ""} />
              </Field>
            </div>
            <p className="muted">{t("plan.overrideHelp")}</p>
            <button type="submit" className="button">
              {t("plan.assignButton")}
            </button>
          </Form>

          <h2>{t("plan.edit")}</h2>
          <Form method="post" className="panel" key={`${start}-${end}-${shift.capacity}`}>
            <input type="hidden" name="intent" value="edit" />
            <div className="form-grid">
              <Field name="date" label={t("plan.date")} errors={result?.intent === "edit" ? errors : undefined}>
                <input id="e-date" name="date" type="date" required defaultValue={v("date", shift.local_date)} {...invalid("date")} />
              </Field>
              <Field name="start" label={t("plan.start")} errors={result?.intent === "edit" ? errors : undefined}>
                <input id="e-start" name="start" type="time" required defaultValue={v("start", start)} {...invalid("start")} />
              </Field>
              <Field name="end" label={t("plan.end")} errors={result?.intent === "edit" ? errors : undefined}>
                <input id="e-end" name="end" type="time" required defaultValue={v("end", end)} {...invalid("end")} />
              </Field>
              <Field name="capacity" label={t("plan.capacity")} errors={result?.intent === "edit" ? errors : undefined}>
                <input id="e-capacity" name="capacity" type="number" min={1} max={500} required defaultValue={v("capacity", shift.capacity)} {...invalid("capacity")} />
              </Field>
              <Field name="minNeeded" label={t("plan.minNeeded")} errors={result?.intent === "edit" ? errors : undefined}>
                <input id="e-minNeeded" name="minNeeded" type="number" min={0} max={500} required defaultValue={v("minNeeded", shift.min_needed)} {...invalid("minNeeded")} />
              </Field>
              <Field name="roomId" label={t("plan.room")} errors={result?.intent === "edit" ? errors : undefined}>
                <select id="e-roomId" name="roomId" defaultValue={v("roomId", shift.room_id ?? "")}>
                  <option value="">{t("plan.noRoom")}</option>
                  {rooms.map((r) => (
                    <option key={r.id} value={r.id}>
                      {localized(r, "name")}
                    </option>
                  ))}
                </select>
              </Field>
            </div>
            <Field name="notes" label={t("plan.notes")} errors={result?.intent === "edit" ? errors : undefined}>
              <textarea id="e-notes" name="notes" rows={2} maxLength={500} defaultValue={v("notes", shift.notes)} />
            </Field>
            {shift.series_id ? (
              <fieldset className="form-field">
                <legend>{t("plan.scope")}</legend>
                <label className="choice">
                  <input type="radio" name="scope" value="one" defaultChecked />
                  {t("plan.scopeOne")}
                </label>
                <label className="choice">
                  <input type="radio" name="scope" value="following" />
                  {t("plan.scopeFollowing")}
                </label>
              </fieldset>
            ) : null}
            <p className="muted">{t("plan.editHelp")}</p>
            <button type="submit" className="button">
              {t("plan.save")}
            </button>
          </Form>

          <h2>{t("plan.cancelTitle")}</h2>
          <Form method="post" className="panel">
            <input type="hidden" name="intent" value="cancel" />
            <Field name="reason" label={t("plan.cancelReason")} errors={result?.intent === "cancel" ? errors : undefined}>
              <input id="e-reason" name="reason" required maxLength={300} />
            </Field>
            {shift.series_id ? (
              <fieldset className="form-field">
                <legend>{t("plan.scope")}</legend>
                <label className="choice">
                  <input type="radio" name="scope" value="one" defaultChecked />
                  {t("plan.scopeOne")}
                </label>
                <label className="choice">
                  <input type="radio" name="scope" value="following" />
                  {t("plan.scopeFollowing")}
                </label>
              </fieldset>
            ) : null}
            <button type="submit" className="button button--danger">
              {t("plan.cancelButton")}
            </button>
          </Form>
        </>
      ) : null}
    </>
  );
}
