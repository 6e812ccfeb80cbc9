// The coordinator's programme: events of their branches (the last week and the next eight), with
// registrations, waitlists and helper places still needed; and the plan form (one-off or weekly,
// room, registration rules, volunteer needs that become shifts).
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventFields, useFieldErrors, type EventDefaults } from "#app/components/event-fields.tsx";
import { z } from "zod";
import { useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { SelectField } from "#app/components/select-field.tsx";
import { branchesFor, can } from "#app/modules/auth/policy.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { branchesWhere, listRoles, listRooms } from "#app/modules/branches/branches.server.ts";
import { createEvents } from "#app/modules/events/events.server.ts";
import { eventsNeeding, listStaffEvents } from "#app/modules/events/queries.server.ts";
import { createEventSchema, EVENT_NEEDS, withNeeds } from "#app/modules/events/schemas.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { formatTimeSpan } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { filterStatus, oneOf, parseFilters } from "#app/lib/input.ts";
import { parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, typedValues } from "#app/lib/form.ts";
import { FilterError, invalidProps } from "#app/components/field.tsx";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffEvents");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "event.view");
  const { db } = await getServices();
  const branches = await branchesWhere(db, user, "event.view");
  const codes = branches.map((b) => b.code);
  const now = Date.now();
  // "needs": only the events with helpers to find or school groups to decide (the staff home links here).
  const { filters, errors } = parseFilters(request.url, { needs: oneOf(EVENT_NEEDS) });
  const scope = user.role === "administrator" ? null : codes;
  const [events, rooms, roles] = await Promise.all([
    filters.needs ? eventsNeeding(db, scope, filters.needs) : listStaffEvents(db, scope, new Date(now - 7 * 86400_000), new Date(now + 56 * 86400_000)),
    listRooms(db, codes),
    listRoles(db),
  ]);
  return data({
    needs: filters.needs ?? "",
    errors,
    canPlan: can(user, "event.plan"),
    events,
    branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
    rooms: rooms.filter((r) => r.active).map((r) => ({ id: r.id, branch_code: r.branch_code, name_zh: r.name_zh, name_en: r.name_en, capacity: r.capacity })),
    roles: roles.filter((r) => r.active).map((r) => ({ id: r.id, name_zh: r.name_zh, name_en: r.name_en })),
  }, filterStatus(errors));
}

// The plan's "need-<roleId>" fields are gathered into `needs` before the schema reads them.
const planEventForm = z.preprocess((form) => withNeeds(form as Record<string, unknown>), createEventSchema);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "event.plan");
  const submission = await parseForm(request, planEventForm);
  if (submission.status !== "success") return refuse(submission, { errors: { form: "plan.fixErrors" } });
  const result = await createEvents(appDeps(await getServices()), user, submission.value, new Date(), context.requestId);
  if (!result.ok) return refuse(submission, { errors: { form: "plan.fixErrors", ...result.errors }, status: result.status ?? 400, data: result.clash ? { clash: result.clash } : undefined });
  return redirect(`/staff/events/${result.ids[0]}?created=${result.ids.length}`);
}

export default function StaffEvents() {
  const { needs, errors: filterErrors, canPlan, events, rooms, roles, branches } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = errorMessages(result);
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const { message, described } = useFieldErrors("ev", errors);
  const clash = result?.data?.clash ?? null;
  return (
    <>
      <h1>{t("events.staff.title")}</h1>
      <p className="lead">{t("events.staff.lead")}</p>
      <p>
        <Link to="/staff/feedback">{t("nav.feedback")}</Link>
      </p>
      <Form method="get" className="filters" aria-label={t("events.staff.needsFilter")}>
        <div className="form-field">
          <label htmlFor="ev-needs">{t("events.staff.needsLabel")}</label>
          <select id="ev-needs" name="needs" defaultValue={needs} {...invalidProps("ev-needs", filterErrors.needs)}>
            <option value="">{t("events.staff.needsAll")}</option>
            {EVENT_NEEDS.map((n) => (
              <option key={n} value={n}>
                {t(`events.staff.needs.${n}`)}
              </option>
            ))}
          </select>
          <FilterError id="ev-needs" error={filterErrors.needs} />
        </div>
        <button type="submit" className="button">
          {t("shifts.apply")}
        </button>
      </Form>
      {events.length === 0 ? (
        <p>{t("events.none")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption>{t("events.staff.caption", { count: events.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("events.staff.event")}</th>
                <th scope="col">{t("events.when")}</th>
                <th scope="col">{t("events.where")}</th>
                <th scope="col">{t("events.staff.registered")}</th>
                <th scope="col">{t("events.staff.helpers")}</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <Link to={`/staff/events/${e.id}`}>{localized(e, "title")}</Link>
                    <div className="muted">
                      {t(`events.kinds.${e.kind}`)} · {t(`events.audiences.${e.audience}`)}
                      {e.status === "cancelled" ? ` · ${t("events.statuses.cancelled")}` : ""}
                    </div>
                  </th>
                  <td>{formatTimeSpan(e.starts_at, e.ends_at, e.timezone, i18n.language)}</td>
                  <td>
                    {localized({ name_zh: e.branch_zh, name_en: e.branch_en }, "name")}
                    {e.room_zh ? ` · ${localized({ name_zh: e.room_zh, name_en: e.room_en ?? e.room_zh }, "name")}` : ""}
                  </td>
                  <td>
                    {t("events.staff.registeredOf", { registered: e.registered, capacity: e.capacity })}
                    {e.waiting ? <div className="muted">{t("events.staff.waiting", { count: e.waiting })}</div> : null}
                    {e.groups_requested ? <div className="muted">{t("events.staff.groupsToDecide", { count: e.groups_requested })}</div> : null}
                  </td>
                  <td>{e.helpersShort > 0 ? <span className="shift-state shift-state--short">{t("events.staff.helpersShort", { count: e.helpersShort })}</span> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {canPlan ? (
        <section className="panel" aria-labelledby="plan-event-title">
          <h2 id="plan-event-title">{t("events.plan.title")}</h2>
          {errors.form ? (
            <p className="form-error" role="alert">
              {text(errors.form)}
            </p>
          ) : null}
          <Form method="post">
            <div className="form-grid">
              <SelectField id="ev-branch" name="branch" label={t("events.branch")} required {...described("branch")} options={branches.map((b) => ({ value: b.code, label: localized(b, "name") }))}>
                {message("branch")}
              </SelectField>
            </div>
            <EventFields
              prefix="ev"
              defaults={{ closesHoursBefore: 1, maxParty: 1, capacity: 30, ...(typedValues(result) as EventDefaults) }}
              errors={errors}
              rooms={rooms}
              clashText={clash ? t("events.errors.roomClashWith", { title: localized(clash, "title"), when: formatTimeSpan(clash.starts_at, clash.ends_at, clash.timezone, i18n.language) }) : undefined}
            />
            <fieldset className="group">
              <legend>{t("plan.repeat")}</legend>
              <div className="choice-row">
                <label>
                  <input type="radio" name="repeat" value="none" defaultChecked /> {t("plan.once")}
                </label>
                <label>
                  <input type="radio" name="repeat" value="weekly" /> {t("plan.weekly")}
                </label>
              </div>
              <div className="weekday-choices" role="group" aria-label={t("plan.weekdays")}>
                {[1, 2, 3, 4, 5, 6, 7].map((d) => (
                  <label key={d}>
                    <input type="checkbox" name="weekdays" value={String(d)} />
                    {t(`weekday.${["mon", "tue", "wed", "thu", "fri", "sat", "sun"][d - 1]}`)}
                  </label>
                ))}
              </div>
              {message("weekdays")}
              <div className="form-grid">
                <div className="form-field">
                  <label htmlFor="ev-until">{t("plan.until")}</label>
                  <input id="ev-until" name="until" type="date" {...described("until")} />
                  {message("until")}
                </div>
                <div className="form-field">
                  <label htmlFor="ev-count">{t("plan.occurrences")}</label>
                  <input id="ev-count" name="count" type="number" min={1} max={120} {...described("count")} />
                  {message("count")}
                </div>
              </div>
            </fieldset>
            <fieldset className="group">
              <legend>{t("events.plan.needs")}</legend>
              <p className="muted">{t("events.plan.needsHint")}</p>
              <div className="form-grid">
                {roles.map((r) => (
                  <div className="form-field" key={r.id}>
                    <label htmlFor={`ev-need-${r.id}`}>{localized(r, "name")}</label>
                    <input id={`ev-need-${r.id}`} name={`need-${r.id}`} type="number" min={0} max={20} defaultValue="" />
                  </div>
                ))}
              </div>
              {message("needs")}
            </fieldset>
            <button type="submit" className="button">
              {t("events.plan.submit")}
            </button>
          </Form>
        </section>
      ) : null}
    </>
  );
}
