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
import { optionalIntId } from "#app/lib/input.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, fieldErrors, intentSchema, resultFor, typed } from "#app/lib/form.ts";
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

const branchIntent = intentSchema(["settings", "room", "deactivate", "activate", "delete"] as const);
// Which room a form is about (none: a new one).
const roomOf = z.object({ roomId: optionalIntId }).passthrough();

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await guard(request, params.code);
  const formData = await request.formData();
  const chosen = await parseForm(formData, branchIntent);
  if (chosen.status !== "success") return refuse(chosen, { errors: { form: "events.errors.unknownAction" } });
  const room = await parseForm(formData, roomOf);
  if (room.status !== "success") return refuse(room, { errors: { form: "admin.errors.notFound" }, status: 404 });
  const { intent } = chosen.value;
  const id = room.value.roomId ?? null;
  const deps = appDeps(await getServices());
  if (intent === "settings") {
    const submission = await parseForm(formData, branchSettingsSchema);
    if (submission.status !== "success") return refuse(submission, { form: "settings" });
    const result = await saveBranchSettings(deps, user, params.code!, submission.value, context.requestId);
    return result.ok ? done({ form: "settings", message: "admin.branch.saved" }) : refuse(submission, { form: "settings", errors: result.errors, status: result.status ?? 400 });
  }
  const form = id ? `room-${id}` : "room-new";
  if (intent === "room") {
    const submission = await parseForm(formData, roomSchema);
    if (submission.status !== "success") return refuse(submission, { form });
    const result = await saveRoom(deps, user, params.code!, id, submission.value, context.requestId);
    return result.ok ? done({ form, message: id ? "admin.rooms.saved" : "admin.rooms.created" }) : refuse(submission, { form, errors: result.errors, status: result.status ?? 400 });
  }
  if (!id) return refuse(room, { errors: { form: "events.errors.unknownAction" } });
  const result = await changeRoom(deps, user, params.code!, id, intent, context.requestId);
  return result.ok ? done({ form, message: `admin.rooms.${intent}d` }) : refuse(room, { form, errors: result.errors, status: result.status ?? 400 });
}

export default function BranchAdmin() {
  const { settings: s, rooms } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const settingsResult = resultFor(result, "settings");
  const roomResult = resultFor(result, "room-new");
  const settingsErrors = errorMessages(settingsResult);
  const roomErrors = errorMessages(roomResult);
  // A refused form shows what was typed; otherwise what is stored.
  const settingsValue = (name: string, stored: string | number | null | undefined) => typed(settingsResult, name) ?? stored ?? "";
  const settingsField = useFieldErrors("bs", settingsErrors);
  const roomField = useFieldErrors("room", roomErrors);
  const number = (name: string, label: string, value: number | null | undefined, min: number, max: number, required = true) =>
    settingsField.input(name, label, { type: "number", min, max, required, defaultValue: settingsValue(name, value) });
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
        <p className={result.status === "success" ? "notice" : "form-error"} role={result.status === "success" ? "status" : "alert"}>
          {result.status === "success" ? t(result.message ?? "") : fieldErrors(result, "") ? text(fieldErrors(result, "")![0]) : t("plan.fixErrors")}
        </p>
      ) : null}
      <section className="panel" aria-labelledby="settings-title">
        <h2 id="settings-title">{t("admin.branch.settings")}</h2>
        <p className="muted">{t("admin.branch.zone", { zone: s.timezone })}</p>
        <Form method="post">
          <input type="hidden" name="intent" value="settings" />
          <div className="form-grid">
            {settingsField.input("deskEmail", t("admin.branch.deskEmail"), { type: "email", maxLength: 254, required: true, defaultValue: settingsValue("deskEmail", s.desk_email) })}
            {settingsField.input("deskPhone", t("admin.branch.deskPhone"), { type: "tel", maxLength: 30, defaultValue: settingsValue("deskPhone", s.desk_phone) })}
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
                  {resultFor(result, `room-${r.id}`)?.status === "error" ? (
                    <p className="form-error" role="alert">
                      {Object.values(errorMessages(resultFor(result, `room-${r.id}`))).map(text).join(" ")}
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
              <Fragment key={name}>{roomField.input(name, label, { maxLength: max, required, defaultValue: typed(roomResult, name) })}</Fragment>
            ))}
            {roomField.input("capacity", t("dashboard.capacity"), { type: "number", min: 1, max: 5000, required: true, defaultValue: typed(roomResult, "capacity") })}
          </div>
          <button type="submit" className="button">
            {t("admin.rooms.create")}
          </button>
        </Form>
      </section>
    </>
  );
}
