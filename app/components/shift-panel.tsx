// The shift panel: who is booked and waiting, assign, remove, change, cancel. The same component
// is the shift page and the board's side panel; with JavaScript its forms act without a reload and
// the loaders of the page around it (the board's grid) revalidate in place.
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FilterError, invalidProps, RequiredMark, useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { ConfirmForm, ConfirmStep, useConfirming } from "#app/components/confirm.tsx";
import type { shiftPageAction, shiftPageLoader } from "#app/web/shift-page.server.ts";
import { formatTimeSpan } from "#app/lib/time.ts";
import { errorMessages, resultFor, typed } from "#app/lib/form.ts";

function Field({ name, label, errors, children }: { name: string; label: string; errors?: Record<string, string>; children: React.ReactElement }) {
  const text = useErrorText();
  const error = errors?.[name];
  return (
    <div className="form-field">
      <label htmlFor={`e-${name}`}>{label}</label>
      <RequiredMark when={Boolean((children.props as { required?: boolean }).required)} />
      {children}
      {error ? (
        <p id={`e-${name}-error`} className="field-error" role="alert">
          {text(error)}
        </p>
      ) : null}
    </div>
  );
}

/** For a shift of a weekly series: act on this occurrence only, or on it and all following. */
function SeriesScope() {
  const { t } = useTranslation();
  return (
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
  );
}

export function ShiftPanel({ back, headingLevel = 1 }: { back: { to: string; label: string }; headingLevel?: 1 | 2 }) {
  const { shift, confirmed, waitlisted, gone, rooms, candidates, search, searchError, start, end } = useLoaderData<typeof shiftPageLoader>();
  const result = useActionData<typeof shiftPageAction>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const en = i18n.language === "en";
  const errors = errorMessages(result);
  const edited = resultFor(result, "edit");
  const assigning = resultFor(result, "assign");
  // What was typed into a refused change, else what is stored.
  const v = (name: string, fallback: string | number) => typed(edited, name) ?? String(fallback);
  const invalid = (name: string) => (errors[name] ? { "aria-invalid": true, "aria-describedby": `e-${name}-error` } : {});
  const scheduled = shift.status === "scheduled";
  const Title = headingLevel === 1 ? "h1" : "h2";
  const Sub = headingLevel === 1 ? "h2" : "h3";
  const state = !scheduled ? "cancelled" : shift.booked < shift.min_needed ? "short" : shift.booked >= shift.capacity ? "full" : "open";
  const confirming = useConfirming();
  const when = formatTimeSpan(shift.starts_at, shift.ends_at, shift.timezone, i18n.language);
  const what = `${en ? shift.role_en : shift.role_zh} · ${en ? shift.branch_en : shift.branch_zh}`;
  const removing = confirming === "remove" && scheduled ? confirmed.find((p) => String(p.id) === params.get("bookingId")) : undefined;
  if (removing) {
    const reason = params.get("reason") ?? "";
    return (
      <ConfirmStep headingLevel={headingLevel} title={t("confirm.removeVolunteer", { name: removing.name })} confirmLabel={t("confirm.removeVolunteerYes")} fields={{ intent: "remove", bookingId: removing.id, reason }}>
        <p>
          {what} · {when}
        </p>
        <p>{t("confirm.removeVolunteerText", { name: removing.name })}</p>
        {reason ? <p>{t("confirm.reason", { reason })}</p> : null}
      </ConfirmStep>
    );
  }
  if (confirming === "cancel" && scheduled) {
    const reason = params.get("reason") ?? "";
    const scope = params.get("scope") === "following" ? "following" : "one";
    return (
      <ConfirmStep headingLevel={headingLevel} title={t("confirm.cancelStaffShift")} confirmLabel={t("confirm.cancelStaffShiftYes")} fields={{ intent: "cancel", reason, scope }}>
        <p>
          {what} · {when} · {t("plan.people", { count: confirmed.length })} · {t("plan.waiting", { count: waitlisted.length })}
        </p>
        <p>{t("confirm.cancelStaffShiftText", { reason })}</p>
        {scope === "following" ? <p>{t("confirm.cancelStaffShiftFollowing")}</p> : null}
      </ConfirmStep>
    );
  }
  return (
    <>
      <p>
        <Link to={back.to}>← {back.label}</Link>
      </p>
      {/* Focusable, so the board's side panel can move focus here when it opens. */}
      <Title id="shift-title" tabIndex={-1}>
        {en ? shift.role_en : shift.role_zh} · {en ? shift.branch_en : shift.branch_zh}
      </Title>
      <p className="lead">
        {formatTimeSpan(shift.starts_at, shift.ends_at, shift.timezone, i18n.language)} <span className={`shift-state shift-state--${state}`}>{t(`plan.state.${state}`)}</span>
      </p>
      {scheduled ? (
        <p className="inline-list no-print">
          <Link to={`/staff/shifts/${shift.id}/message`}>{t("shiftMessage.link")}</Link>
          {shift.booked < shift.min_needed ? <Link to={`/staff/shifts/${shift.id}/help`}>{t("board.help.ask")}</Link> : null}
          <Link to={`/staff/roster?branch=${shift.branch_code}&date=${shift.local_date}`}>{t("roster.heading")}</Link>
        </p>
      ) : null}
      {params.get("created") && !result ? (
        <p className="notice" role="status">
          {t("plan.created")}
        </p>
      ) : null}
      {result ? (
        <p className={result.status === "success" ? "notice" : "form-error"} role={result.status === "success" ? "status" : "alert"}>
          {result.status === "success" ? t(result.message ?? "", result.data ?? {}) : text(errors.form ?? "plan.fixErrors")}
          {result.status === "error" && result.form === "cancel" && errors.reason ? ` ${text(errors.reason)}` : ""}
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

      <Sub>{t("plan.people", { count: confirmed.length })}</Sub>
      {confirmed.length === 0 ? <p>{t("plan.nobody")}</p> : null}
      <ul className="people">
        {confirmed.map((p) => (
          <li key={p.id}>
            <span>
              <Link to={`/staff/volunteers/${p.volunteer_id}`}>{p.name}</Link> <span className="muted">{p.email}</span>
              {p.override_reason ? <span className="muted"> · {t("plan.override", { reason: p.override_reason })}</span> : null}
            </span>
            {scheduled ? (
              <ConfirmForm intent="remove" className="inline-form">
                <input type="hidden" name="bookingId" value={p.id} />
                <label className="visually-hidden" htmlFor={`reason-${p.id}`}>
                  {t("plan.removeReason")}
                </label>
                <input id={`reason-${p.id}`} name="reason" maxLength={300} placeholder={t("plan.removeReason")} />
                <button type="submit" className="button button--quiet" aria-label={`${t("plan.remove")} ${p.name}`}>
                  {t("plan.remove")}
                </button>
              </ConfirmForm>
            ) : null}
          </li>
        ))}
      </ul>
      <Sub>{t("plan.waiting", { count: waitlisted.length })}</Sub>
      {waitlisted.length === 0 ? <p>{t("plan.nobodyWaiting")}</p> : null}
      <ol className="people">
        {waitlisted.map((p) => (
          <li key={p.id}>
            <Link to={`/staff/volunteers/${p.volunteer_id}`}>{p.name}</Link> <span className="muted">{p.email}</span>
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
          <Sub>{t("plan.assign")}</Sub>
          <Form method="get" className="filters" preventScrollReset>
            {Array.from(params.entries())
              .filter(([k]) => k !== "q")
              .map(([k, value]) => (
                <input key={k} type="hidden" name={k} value={value} />
              ))}
            <div className="form-field">
              <label htmlFor="candidate-search">{t("plan.searchEligible")}</label>
              <input id="candidate-search" name="q" type="search" maxLength={100} defaultValue={search} {...invalidProps("candidate-search", searchError)} />
              <FilterError id="candidate-search" error={searchError} />
            </div>
            <button type="submit" className="button button--quiet">
              {t("plan.search")}
            </button>
          </Form>
          {candidates.length === 0 ? (
            <p className="muted">{t("plan.noCandidates")}</p>
          ) : (
            <ul className="people" aria-label={t("plan.candidates")}>
              {candidates.map((c) => (
                <li key={c.id}>
                  <span>
                    {c.name} <span className="muted">{c.phone ?? c.email}</span>
                    {c.home_branch_code === shift.branch_code ? <span className="muted"> · {t("plan.homeBranch")}</span> : null}
                  </span>
                  {shift.booked < shift.capacity ? (
                    <Form method="post" className="inline-form" preventScrollReset>
                      <input type="hidden" name="intent" value="assign" />
                      <input type="hidden" name="volunteer" value={c.email} />
                      <button type="submit" className="button button--quiet" aria-label={`${t("plan.assignButton")} ${c.name}`}>
                        {t("plan.assignButton")}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          <details>
            <summary>{t("plan.assignByEmail")}</summary>
          <Form method="post" className="panel">
            <input type="hidden" name="intent" value="assign" />
            <div className="form-grid">
              <Field name="volunteer" label={t("plan.volunteerEmail")} errors={assigning ? errors : undefined}>
                <input id="e-volunteer" name="volunteer" type="email" required maxLength={254} defaultValue={typed(assigning, "volunteer") ?? ""} {...(assigning ? invalid("volunteer") : {})} />
              </Field>
              <Field name="overrideReason" label={t("plan.overrideReason")} errors={assigning ? errors : undefined}>
                <input id="e-overrideReason" name="overrideReason" maxLength={300} defaultValue={typed(assigning, "overrideReason") ?? ""} />
              </Field>
            </div>
            <p className="muted">{t("plan.overrideHelp")}</p>
            <button type="submit" className="button">
              {t("plan.assignButton")}
            </button>
          </Form>
          </details>

          <Sub>{t("plan.edit")}</Sub>
          <Form method="post" className="panel" key={`${start}-${end}-${shift.capacity}`}>
            <input type="hidden" name="intent" value="edit" />
            <div className="form-grid">
              <Field name="date" label={t("plan.date")} errors={edited ? errors : undefined}>
                <input id="e-date" name="date" type="date" required defaultValue={v("date", shift.local_date)} {...invalid("date")} />
              </Field>
              <Field name="start" label={t("plan.start")} errors={edited ? errors : undefined}>
                <input id="e-start" name="start" type="time" required defaultValue={v("start", start)} {...invalid("start")} />
              </Field>
              <Field name="end" label={t("plan.end")} errors={edited ? errors : undefined}>
                <input id="e-end" name="end" type="time" required defaultValue={v("end", end)} {...invalid("end")} />
              </Field>
              <Field name="capacity" label={t("plan.capacity")} errors={edited ? errors : undefined}>
                <input id="e-capacity" name="capacity" type="number" min={1} max={500} required defaultValue={v("capacity", shift.capacity)} {...invalid("capacity")} />
              </Field>
              <Field name="minNeeded" label={t("plan.minNeeded")} errors={edited ? errors : undefined}>
                <input id="e-minNeeded" name="minNeeded" type="number" min={0} max={500} required defaultValue={v("minNeeded", shift.min_needed)} {...invalid("minNeeded")} />
              </Field>
              <Field name="roomId" label={t("plan.room")} errors={edited ? errors : undefined}>
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
            <Field name="notes" label={t("plan.notes")} errors={edited ? errors : undefined}>
              <textarea id="e-notes" name="notes" rows={2} maxLength={500} defaultValue={v("notes", shift.notes)} />
            </Field>
            {shift.series_id ? <SeriesScope /> : null}
            <p className="muted">{t("plan.editHelp")}</p>
            <button type="submit" className="button">
              {t("plan.save")}
            </button>
          </Form>

          <Sub>{t("plan.cancelTitle")}</Sub>
          <ConfirmForm intent="cancel" className="panel">
            <Field name="reason" label={t("plan.cancelReason")} errors={resultFor(result, "cancel") ? errors : undefined}>
              <input id="e-reason" name="reason" required maxLength={300} defaultValue={typed(resultFor(result, "cancel"), "reason")} />
            </Field>
            {shift.series_id ? <SeriesScope /> : null}
            <button type="submit" className="button button--danger">
              {t("plan.cancelButton")}
            </button>
          </ConfirmForm>
        </>
      ) : null}
    </>
  );
}
