// A branch's own settings (the volunteer desk — the ORGANIZER of invites —, reminders, booking
// cut-off, guests, room margins; the zone comes read-only from the shared table) and its rooms.
// Administrators for every branch, coordinators for theirs.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Fragment } from "react";
import { useTranslation } from "react-i18next";
import { useFieldErrors } from "#app/components/event-fields.tsx";
import { useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { ConfirmLink, ConfirmStep, useConfirming } from "#app/components/confirm.tsx";
import { branchSettingsOf, changeRoom, roomsOf, saveBranchSettings, saveRoom } from "#app/modules/admin/branch-admin.server.ts";
import { authorize } from "#app/modules/auth/policy.ts";
import { branchSettingsSchema, roomSchema } from "#app/modules/admin/schemas.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { getServices } from "#app/services.server.ts";
import { formValues, intId } from "#app/lib/input.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "branch");

async function guard(request: Request, code: string | undefined) {
  const user = await requireStaff(request, "branch.manage");
  authorize(user, "branch.manage", code ?? "");
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await guard(request, params.code);
  const { db } = await getServices();
  const settings = await branchSettingsOf(db, params.code!);
  if (!settings) throw new Response("Not Found", { status: 404 });
  return { settings, rooms: await roomsOf(db, params.code!) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await guard(request, params.code);
  const form = formValues(await request.formData());
  const deps = appDeps(await getServices());
  const intent = String(form.intent ?? "");
  const roomId = form.roomId ? intId.safeParse(form.roomId) : null;
  if (roomId && !roomId.success) return data({ ok: false as const, intent, roomId: null, errors: { form: "admin.errors.notFound" } as Record<string, string> }, { status: 404 });
  const id = roomId?.success ? roomId.data : null;
  const fail = (errors: Record<string, string>, status = 400) => data({ ok: false as const, intent, roomId: id, errors }, { status });
  const issues = (e: z.ZodError) => Object.fromEntries(e.issues.map((i) => [String(i.path[0]), i.message]));
  if (intent === "settings") {
    const parsed = branchSettingsSchema.safeParse(form);
    if (!parsed.success) return fail(issues(parsed.error));
    const result = await saveBranchSettings(deps, user, params.code!, parsed.data, context.requestId);
    return result.ok ? { ok: true as const, intent, roomId: null, done: "admin.branch.saved" } : fail(result.errors, result.status ?? 400);
  }
  if (intent === "room") {
    const parsed = roomSchema.safeParse(form);
    if (!parsed.success) return fail(issues(parsed.error));
    const result = await saveRoom(deps, user, params.code!, id, parsed.data, context.requestId);
    return result.ok ? { ok: true as const, intent, roomId: id, done: id ? "admin.rooms.saved" : "admin.rooms.created" } : fail(result.errors, result.status ?? 400);
  }
  if ((intent === "deactivate" || intent === "activate" || intent === "delete") && id) {
    const result = await changeRoom(deps, user, params.code!, id, intent, context.requestId);
    return result.ok ? { ok: true as const, intent, roomId: id, done: `admin.rooms.${intent}d` } : fail(result.errors, result.status ?? 400);
  }
  return fail({ form: "events.errors.unknownAction" });
}

export default function BranchAdmin() {
  const { settings: s, rooms } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const settingsErrors: Record<string, string> = result && !result.ok && result.intent === "settings" ? result.errors : {};
  const roomErrors: Record<string, string> = result && !result.ok && result.intent === "room" && result.roomId === null ? result.errors : {};
  const settingsField = useFieldErrors("bs", settingsErrors);
  const roomField = useFieldErrors("room", roomErrors);
  const number = (name: string, label: string, value: number | null | undefined, min: number, max: number, required = true) =>
    settingsField.input(name, label, { type: "number", min, max, required, defaultValue: value ?? "" });
  // Deleting a room asks first (also without JavaScript).
  const [params] = useSearchParams();
  const deleting = useConfirming() === "delete-room" ? rooms.find((r) => String(r.id) === params.get("roomId")) : undefined;
  if (deleting)
    return (
      <ConfirmStep headingLevel={1} title={t("confirm.deleteRoom", { name: localized(deleting, "name") })} confirmLabel={t("confirm.deleteRoomYes")} fields={{ intent: "delete", roomId: deleting.id }}>
        <p>{t("confirm.deleteRoomText")}</p>
      </ConfirmStep>
    );
  return (
    <>
      <p>
        <Link to="/staff/admin/branches">{t("admin.branch.back")}</Link>
      </p>
      <h1>{localized(s, "name")}</h1>
      {result ? (
        <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          {result.ok ? t(result.done) : result.errors.form ? text(result.errors.form) : t("plan.fixErrors")}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="settings-title">
        <h2 id="settings-title">{t("admin.branch.settings")}</h2>
        <p className="muted">{t("admin.branch.zone", { zone: s.timezone })}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="settings" />
          <div className="form-grid">
            {settingsField.input("deskEmail", t("admin.branch.deskEmail"), { type: "email", maxLength: 254, required: true, defaultValue: s.desk_email ?? "" })}
            {settingsField.input("deskPhone", t("admin.branch.deskPhone"), { type: "tel", maxLength: 30, defaultValue: s.desk_phone ?? "" })}
            {number("reminderHours", t("admin.branch.reminderHours"), s.reminder_hours ?? 24, 1, 336)}
            {number("secondReminderHours", t("admin.branch.secondReminderHours"), s.second_reminder_hours, 1, 336, false)}
            {number("bookingCutoffHours", t("admin.branch.cutoff"), s.booking_cutoff_hours ?? 24, 0, 720)}
            {number("eventSetupMinutes", t("admin.branch.setup"), s.event_setup_minutes ?? 30, 0, 240)}
            {number("eventTeardownMinutes", t("admin.branch.teardown"), s.event_teardown_minutes ?? 30, 0, 240)}
            <div className="form-field form-field--check">
              <input id="bs-late" name="allowLateCancellation" type="checkbox" defaultChecked={s.allow_late_cancellation ?? false} />
              <label htmlFor="bs-late">{t("admin.branch.late")}</label>
            </div>
            <div className="form-field form-field--check">
              <input id="bs-guests" name="guestsAllowed" type="checkbox" defaultChecked={s.guests_allowed ?? true} />
              <label htmlFor="bs-guests">{t("admin.branch.guests")}</label>
            </div>
          </div>
          <button type="submit" className="button">
            {t("admin.branch.save")}
          </button>
        </Form>
      </section>

      <h2 id="rooms-title">{t("dashboard.rooms")}</h2>
      <div className="table-wrap">
        <table className="data" aria-labelledby="rooms-title">
          <thead>
            <tr>
              <th scope="col">{t("dashboard.name")}</th>
              <th scope="col">{t("dashboard.floor")}</th>
              <th scope="col">{t("dashboard.capacity")}</th>
              <th scope="col">{t("admin.rooms.state")}</th>
              <th scope="col">{t("admin.staff.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {rooms.map((r) => (
              <tr key={r.id}>
                <th scope="row">
                  {localized(r, "name")}
                  <div className="muted">{r.code}</div>
                </th>
                <td>{r.floor ?? "—"}</td>
                <td>{r.capacity}</td>
                <td>
                  {r.active ? t("admin.rooms.active") : t("admin.rooms.inactive")}
                  {r.future_events ? <div className="muted">{t("admin.rooms.future", { count: r.future_events })}</div> : null}
                </td>
                <td>
                  {result && result.roomId === r.id && !result.ok ? (
                    <p className="form-error" role="alert">
                      {Object.values(result.errors).map(text).join(" ")}
                    </p>
                  ) : null}
                  <div className="button-row">
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value={r.active ? "deactivate" : "activate"} />
                      <input type="hidden" name="roomId" value={r.id} />
                      <button type="submit" className="button button--quiet" aria-label={`${t(r.active ? "admin.rooms.deactivate" : "admin.rooms.activate")}: ${localized(r, "name")}`}>
                        {t(r.active ? "admin.rooms.deactivate" : "admin.rooms.activate")}
                      </button>
                    </Form>
                    <ConfirmLink intent="delete-room" fields={{ roomId: r.id }} className="button button--danger" label={`${t("admin.rooms.delete")}: ${localized(r, "name")}`}>
                      {t("admin.rooms.delete")}
                    </ConfirmLink>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="panel" aria-labelledby="room-new">
        <h2 id="room-new">{t("admin.rooms.add")}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="room" />
          <div className="form-grid">
            {(
              [
                ["code", t("admin.rooms.code"), 30, true],
                ["nameZh", t("admin.rooms.nameZh"), 60, true],
                ["nameEn", t("admin.rooms.nameEn"), 80, true],
                ["floor", t("dashboard.floor"), 10, false],
                ["accessibilityZh", t("admin.rooms.accessibilityZh"), 300, false],
                ["accessibilityEn", t("admin.rooms.accessibilityEn"), 300, false],
              ] as const
            ).map(([name, label, max, required]) => (
              <Fragment key={name}>{roomField.input(name, label, { maxLength: max, required })}</Fragment>
            ))}
            {roomField.input("capacity", t("dashboard.capacity"), { type: "number", min: 1, max: 5000, required: true })}
          </div>
          <button type="submit" className="button">
            {t("admin.rooms.create")}
          </button>
        </Form>
      </section>
    </>
  );
}
