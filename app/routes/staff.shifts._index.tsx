import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldError, FilterError, FormError, invalidProps } from "#app/components/field.tsx";
import { calendarDate, code, filterStatus, parseFilters } from "#app/lib/input.ts";
import { useLocalized } from "#app/components/localized.ts";
import { can } from "#app/modules/auth/policy.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { listBranches, listRoles, listRooms } from "#app/modules/branches/branches.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { listPlannedShifts, todayIn } from "#app/modules/shifts/queries.server.ts";
import { parseForm, refuse } from "#app/lib/form.server.ts";
import { parseSubmission } from "#app/lib/form.ts";
import { createShiftSchema } from "#app/modules/shifts/schemas.ts";
import { createShifts } from "#app/modules/shifts/shifts.server.ts";
import { addDays } from "#app/modules/board/week.ts";
import { formatTimeSpan, sharedZone, formatDate } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { getLocale } from "#app/i18n/i18n.server.ts";
import { redirectWithFlash } from "#app/web/flash.server.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "shifts");

const listFilters = {
  branch: code(),
  from: calendarDate,
  /** A day to plan on (from the board's cells): pre-fills the new-shift form. */
  date: calendarDate,
  /** The list's last day (two weeks from `from` when absent, at most a year). */
  to: calendarDate,
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "shift.plan");
  const { db, config } = await getServices();
  const { filters: filter, errors } = parseFilters(request.url, listFilters);
  const allBranches = await listBranches(db);
  const branches = allBranches.filter((b) => can(user, "shift.plan", b.code));
  const codes = filter.branch && branches.some((b) => b.code === filter.branch) ? [filter.branch] : branches.map((b) => b.code);
  // Today where the listed branches are (the default zone when they are in different zones).
  const today = todayIn(sharedZone(branches.filter((b) => codes.includes(b.code)), config.defaultTimeZone));
  const from = filter.from ?? today;
  const to = filter.to && filter.to > from && filter.to <= addDays(from, 366) ? filter.to : addDays(from, 13);
  const [roles, rooms, shifts] = await Promise.all([listRoles(db), listRooms(db, branches.map((b) => b.code)), listPlannedShifts(db, codes, from, to)]);
  return data({ branches, roles: roles.filter((r) => r.active), rooms: rooms.filter((r) => r.active), shifts, from, to, branch: filter.branch ?? "", date: filter.date ?? null, today, errors }, filterStatus(errors));
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "shift.plan");
  const submission = await parseForm(request, createShiftSchema, { blankIsMissing: true });
  if (submission.status !== "success") return refuse(submission);
  if (!can(user, "shift.plan", submission.value.branch)) return refuse(submission, { errors: { branch: "shifts.errors.branchScope" }, status: 403 });
  const services = await getServices();
  const result = await createShifts(appDeps(services), { user, requestId: context.requestId }, submission.value);
  if (!result.ok) return refuse(submission, { errors: result.errors });
  const locale = await getLocale(request);
  const flash = {
    key: result.ids.length === 1 ? "flash.shiftPlanned" : "flash.shiftsPlanned",
    values: { count: result.ids.length, from: formatDate(result.firstDate, locale), to: formatDate(result.lastDate, locale) },
  };
  // A series is listed whole: the list runs from its first day to its last.
  return redirectWithFlash(
    result.ids.length === 1 ? `/staff/shifts/${result.ids[0]}` : `/staff/shifts?branch=${submission.value.branch}&from=${result.firstDate}&to=${result.lastDate}`,
    flash,
  );
}

export default function StaffShifts() {
  const { branches, roles, rooms, shifts, from, to, branch, date, today, errors } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const en = i18n.language === "en";
  const [form, fields] = useForm({
    id: "create-shift",
    lastResult,
    constraint: getZodConstraint(createShiftSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseSubmission(formData, createShiftSchema, { blankIsMissing: true }),
    defaultValue: { branch: branch || branches[0]?.code, date: date ?? addDays(today, 1), start: "09:00", end: "12:00", capacity: "3", minNeeded: "2", repeat: "none" },
  });
  // The weekdays are one field of checkboxes, not a list of fields: one ticked box comes back as a
  // single value, which conform's getFieldList refuses ("not a list") whenever the form is refused.
  const chosenDays = new Set([(fields.weekdays.value as string[] | string | undefined) ?? []].flat());
  return (
    <>
      <h1>{t("plan.title")}</h1>
      <Form method="get" className="filters" aria-label={t("shifts.filters")}>
        <div className="form-field">
          <label htmlFor="l-branch">{t("shifts.branch")}</label>
          <select id="l-branch" name="branch" defaultValue={branch} {...invalidProps("l-branch", errors.branch)}>
            <option value="">{t("plan.myBranches")}</option>
            {branches.map((b) => (
              <option key={b.code} value={b.code}>
                {localized(b, "name")}
              </option>
            ))}
          </select>
          <FilterError id="l-branch" error={errors.branch} />
        </div>
        <div className="form-field">
          <label htmlFor="l-from">{t("shifts.from")}</label>
          <input id="l-from" type="date" name="from" defaultValue={from} {...invalidProps("l-from", errors.from)} />
          <FilterError id="l-from" error={errors.from} />
        </div>
        <button type="submit" className="button">
          {t("shifts.apply")}
        </button>
        <Link to={`/staff/shifts?branch=${branch}&from=${addDays(from, -14)}`}>{t("plan.earlier")}</Link>
        <Link to={`/staff/shifts?branch=${branch}&from=${addDays(from, 14)}`}>{t("plan.later")}</Link>
      </Form>
      <div className="table-wrap">
        <table className="data">
          <caption>{t("plan.range", { from: formatDate(from, i18n.language), to: formatDate(to, i18n.language), count: shifts.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t("shifts.when")}</th>
              <th scope="col">{t("shifts.branch")}</th>
              <th scope="col">{t("shifts.role")}</th>
              <th scope="col">{t("plan.booked")}</th>
              <th scope="col">{t("shifts.waitlist")}</th>
              <th scope="col">{t("shifts.status")}</th>
            </tr>
          </thead>
          <tbody>
            {shifts.map((s) => {
              const state = s.status === "cancelled" ? "cancelled" : s.booked < s.minNeeded ? "short" : s.booked >= s.capacity ? "full" : "open";
              return (
                <tr key={s.id}>
                  <td>
                    <Link to={`/staff/shifts/${s.id}`}>{formatTimeSpan(s.startsAt, s.endsAt, s.timezone, i18n.language)}</Link>
                  </td>
                  <td>{en ? s.branchEn : s.branchZh}</td>
                  <td>
                    {en ? s.roleEn : s.roleZh}
                    {s.seriesId ? <span className="muted"> · {t("plan.series")}</span> : null}
                  </td>
                  <td>
                    {s.booked} / {s.capacity} <span className="muted">({t("plan.min", { min: s.minNeeded })})</span>
                  </td>
                  <td>{s.waitlisted}</td>
                  <td>
                    <span className={`shift-state shift-state--${state}`}>{t(`plan.state.${state}`)}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2 id="new">{t("plan.newShift")}</h2>
      <Form method="post" {...getFormProps(form)} className="panel">
        <FormError id={form.errorId} errors={form.errors} />
        <div className="form-grid">
          <div className="form-field">
            <label htmlFor={fields.branch.id}>{t("shifts.branch")}</label>
            <select {...getSelectProps(fields.branch)}>
              {branches.map((b) => (
                <option key={b.code} value={b.code}>
                  {localized(b, "name")}
                </option>
              ))}
            </select>
            <FieldError id={fields.branch.errorId} errors={fields.branch.errors} />
          </div>
          <div className="form-field">
            <label htmlFor={fields.roleId.id}>{t("shifts.role")}</label>
            <select {...getSelectProps(fields.roleId)}>
              <option value="">{t("plan.chooseRole")}</option>
              {roles.map((r) => (
                <option key={r.id} value={r.id}>
                  {localized(r, "name")}
                </option>
              ))}
            </select>
            <FieldError id={fields.roleId.errorId} errors={fields.roleId.errors} />
          </div>
          <div className="form-field">
            <label htmlFor={fields.roomId.id}>{t("plan.room")}</label>
            <select {...getSelectProps(fields.roomId)}>
              <option value="">{t("plan.noRoom")}</option>
              {rooms.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.branch_code} · {localized(r, "name")}
                </option>
              ))}
            </select>
            <FieldError id={fields.roomId.errorId} errors={fields.roomId.errors} />
          </div>
          <div className="form-field">
            <label htmlFor={fields.date.id}>{t("plan.date")}</label>
            <input {...getInputProps(fields.date, { type: "date" })} />
            <FieldError id={fields.date.errorId} errors={fields.date.errors} />
          </div>
          <div className="form-field">
            <label htmlFor={fields.start.id}>{t("plan.start")}</label>
            <input {...getInputProps(fields.start, { type: "time" })} />
            <FieldError id={fields.start.errorId} errors={fields.start.errors} />
          </div>
          <div className="form-field">
            <label htmlFor={fields.end.id}>{t("plan.end")}</label>
            <input {...getInputProps(fields.end, { type: "time" })} />
            <FieldError id={fields.end.errorId} errors={fields.end.errors} />
          </div>
          <div className="form-field">
            <label htmlFor={fields.capacity.id}>{t("plan.capacity")}</label>
            <input {...getInputProps(fields.capacity, { type: "number" })} />
            <FieldError id={fields.capacity.errorId} errors={fields.capacity.errors} />
          </div>
          <div className="form-field">
            <label htmlFor={fields.minNeeded.id}>{t("plan.minNeeded")}</label>
            <input {...getInputProps(fields.minNeeded, { type: "number" })} />
            <FieldError id={fields.minNeeded.errorId} errors={fields.minNeeded.errors} />
          </div>
        </div>
        <div className="form-field">
          <label htmlFor={fields.notes.id}>{t("plan.notes")}</label>
          <textarea {...getTextareaProps(fields.notes)} rows={2} />
          <FieldError id={fields.notes.errorId} errors={fields.notes.errors} />
        </div>
        <fieldset className="form-field">
          <legend>{t("plan.repeat")}</legend>
          <label className="choice">
            <input {...getInputProps(fields.repeat, { type: "radio", value: "none" })} key="none" />
            {t("plan.once")}
          </label>
          <label className="choice">
            <input {...getInputProps(fields.repeat, { type: "radio", value: "weekly" })} key="weekly" />
            {t("plan.weekly")}
          </label>
          <div className="weekday-choices" role="group" aria-label={t("plan.weekdays")}>
            {[1, 2, 3, 4, 5, 6, 7].map((d) => (
              <label key={d} className="choice">
                <input type="checkbox" name={fields.weekdays.name} value={String(d)} defaultChecked={chosenDays.has(String(d))} />
                {t(`weekday.${["mon", "tue", "wed", "thu", "fri", "sat", "sun"][d - 1]}`)}
              </label>
            ))}
          </div>
          <FieldError id={fields.weekdays.errorId} errors={Object.values(fields.weekdays.allErrors).flat()} />
          <div className="form-grid">
            <div className="form-field">
              <label htmlFor={fields.until.id}>{t("plan.until")}</label>
              <input {...getInputProps(fields.until, { type: "date" })} />
              <FieldError id={fields.until.errorId} errors={fields.until.errors} />
            </div>
            <div className="form-field">
              <label htmlFor={fields.count.id}>{t("plan.occurrences")}</label>
              <input {...getInputProps(fields.count, { type: "number" })} />
              <FieldError id={fields.count.errorId} errors={fields.count.errors} />
            </div>
          </div>
        </fieldset>
        <button type="submit" className="button">
          {t("plan.create")}
        </button>
      </Form>
    </>
  );
}
