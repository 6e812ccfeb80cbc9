import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { ConfirmForm, ConfirmStep, useConfirming } from "#app/components/confirm.tsx";
import { authorize, can } from "#app/modules/auth/policy.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { listBranches, listRoles } from "#app/modules/branches/branches.server.ts";
import type { StaffUser } from "#app/modules/auth/policy.ts";
import { addApplicationNote, moveApplication, TRANSITIONS } from "#app/modules/recruitment/applications.server.ts";
import { cancelInterview, interviewsOf, recordOutcome, rescheduleInterview, scheduleInterview } from "#app/modules/recruitment/interviews.server.ts";
import { applicationDetail } from "#app/modules/recruitment/queries.server.ts";
import { interviewSchema } from "#app/modules/recruitment/schemas.ts";
import { listRooms } from "#app/modules/branches/branches.server.ts";
import { enrolTrainee, listTrainingSessions, trainingsOf } from "#app/modules/trainings/trainings.server.ts";
import { wallClock } from "#app/lib/wall-time.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { formatDate, formatInstant, formatTimeSpan } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { formValues, intId } from "#app/lib/input.ts";
import { freeText } from "#app/modules/recruitment/schemas.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "application");

const STATUS = z.enum(["applied", "interview", "training", "appointed", "declined", "withdrawn"]);
const moveSchema = z.object({ intent: z.literal("move"), from: STATUS, to: STATUS, note: freeText(500) });
const noteSchema = z.object({ intent: z.literal("note"), body: freeText(2000).pipe(z.string().min(1, "validation.required")) });
const idSchema = intId;

async function load(request: Request, id: string | undefined) {
  const user = await requireStaff(request, "application.review");
  const parsed = idSchema.safeParse(id);
  if (!parsed.success) throw new Response("Not Found", { status: 404 });
  const { db } = await getServices();
  const detail = await applicationDetail(db, parsed.data);
  if (!detail) throw new Response("Not Found", { status: 404 });
  authorize(user, "application.review", detail.application.preferred_branches);
  return { user, detail, id: parsed.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { detail, id, user } = await load(request, params.id);
  const { db, config } = await getServices();
  const trainingBranches = detail.application.preferred_branches.filter((b) => can(user, "training.manage", b));
  const [branches, roles, interviews, rooms, interviewers, trainings, sessions] = await Promise.all([
    listBranches(db),
    listRoles(db),
    interviewsOf({ db }, id),
    listRooms(db, detail.application.preferred_branches),
    db.selectFrom("shuxiang.staff").select(["id", "name"]).where("active", "=", true).where("role", "in", ["administrator", "coordinator"]).orderBy("name").execute(),
    trainingsOf({ db }, detail.application.volunteer_id),
    listTrainingSessions({ db }, trainingBranches, new Date()),
  ]);
  return {
    ...detail,
    interviews: interviews.map((i) => ({ ...i, start: wallClock(i.starts_at, i.timezone), end: wallClock(i.ends_at, i.timezone) })),
    rooms: rooms.filter((r) => r.active).map((r) => ({ id: r.id, branch_code: r.branch_code, name_zh: r.name_zh, name_en: r.name_en })),
    interviewers,
    trainings,
    sessions: sessions.filter((x) => x.status === "scheduled" && new Date(x.starts_at) > new Date()).slice(0, 12),
    me: (user as StaffUser).id,
    next: TRANSITIONS[detail.application.status],
    branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
    /** Where this person may hold the interview: their own branches (administrators: any). */
    interviewBranches: branches.filter((b) => can(user, "interview.schedule", b.code)).map((b) => b.code),
    roles: roles.map((r) => ({ id: r.id, name_zh: r.name_zh, name_en: r.name_en })),
    // The application's history is timed where its first chosen branch is (as in the list).
    zone: branches.find((b) => b.code === detail.application.preferred_branches[0])?.timezone ?? config.defaultTimeZone,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, id, detail } = await load(request, params.id);
  const form = formValues(await request.formData());
  const services = await getServices();
  if (form.intent === "note") {
    const parsed = noteSchema.safeParse(form);
    if (!parsed.success) return data({ ok: false, message: parsed.error.issues[0].message }, { status: 400 });
    await addApplicationNote(services.db, user, id, parsed.data.body);
    return data({ ok: true, message: "pipeline.noteAdded" });
  }
  if (form.intent === "enrol-training") {
    const sessionId = idSchema.safeParse(form.sessionId);
    if (!sessionId.success) return data({ ok: false, message: "training.errors.notFound" }, { status: 400 });
    const result = await enrolTrainee(appDeps(services), user, sessionId.data, { volunteerId: detail.application.volunteer_id }, new Date(), context.requestId);
    if (!result.ok) return data({ ok: false, message: Object.values(result.errors)[0] ?? "plan.fixErrors" }, { status: result.status ?? 400 });
    return data({ ok: true, message: result.waitlisted ? "training.waitlisted" : "training.enrolled" });
  }
  if (form.intent === "interview" || form.intent === "reschedule") {
    const parsed = interviewSchema.safeParse(form);
    if (!parsed.success) return data({ ok: false, message: "plan.fixErrors", errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) }, { status: 400 });
    const deps = appDeps(services);
    const interviewId = intId.safeParse(form.interviewId);
    const result =
      form.intent === "interview"
        ? await scheduleInterview(deps, user, id, parsed.data, new Date(), context.requestId)
        : interviewId.success
          ? await rescheduleInterview(deps, user, interviewId.data, parsed.data, new Date(), context.requestId)
          : { ok: false as const, errors: { form: "interview.errors.notScheduled" } };
    if (!result.ok) return data({ ok: false, message: result.errors.form ?? "plan.fixErrors", errors: result.errors }, { status: ("status" in result && result.status) || 400 });
    return data({ ok: true, message: form.intent === "interview" ? "interview.scheduled" : "interview.rescheduled" });
  }
  if (form.intent === "cancel-interview" || form.intent === "outcome") {
    const interviewId = intId.safeParse(form.interviewId);
    if (!interviewId.success) return data({ ok: false, message: "interview.errors.notScheduled" }, { status: 400 });
    const deps = appDeps(services);
    const note = freeText(300).safeParse(form.note ?? form.reason ?? "");
    if (!note.success) return data({ ok: false, message: note.error.issues[0].message }, { status: 400 });
    let result;
    if (form.intent === "outcome") {
      const outcome = z.enum(["passed", "not-passed", "no-show"]).safeParse(form.outcome);
      if (!outcome.success) return data({ ok: false, message: "validation.required" }, { status: 400 });
      result = await recordOutcome(deps, user, interviewId.data, outcome.data, note.data, context.requestId);
    } else {
      if (!note.data) return data({ ok: false, message: "validation.required" }, { status: 400 });
      result = await cancelInterview(deps, user, interviewId.data, note.data, context.requestId);
    }
    if (!result.ok) return data({ ok: false, message: Object.values(result.errors)[0] ?? "plan.fixErrors" }, { status: 400 });
    return data({ ok: true, message: form.intent === "outcome" ? "interview.recorded" : "interview.cancelled" });
  }
  const parsed = moveSchema.safeParse(form);
  if (!parsed.success) return data({ ok: false, message: parsed.error.issues[0].message }, { status: 400 });
  const result = await moveApplication(appDeps(services), user, id, parsed.data.from, parsed.data.to, parsed.data.note, context.requestId);
  if (!result.ok) return data({ ok: false, message: `pipeline.refusal.${result.reason}` }, { status: result.reason === "forbidden" ? 403 : 400 });
  return data({ ok: true, message: parsed.data.to === "appointed" ? "pipeline.appointedDone" : "pipeline.moved" });
}

export default function ApplicationPage() {
  const { application: a, events, notes, next, branches, interviewBranches, roles, interviews, rooms, interviewers, me, trainings, sessions, zone } = useLoaderData<typeof loader>();
  const scheduledInterview = interviews.find((i) => i.status === "scheduled");
  const result = useActionData<typeof action>();
  const fieldErrors = result && !result.ok && "errors" in result ? (result.errors as Record<string, string>) : {};
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const when = (d: Date | string) => formatInstant(d, zone, i18n.language);
  const branchNames = a.preferred_branches.map((c) => localized(branches.find((b) => b.code === c) ?? { name_zh: c, name_en: c }, "name")).join("、");
  const roleNames = a.preferred_roles.map((id) => localized(roles.find((r) => r.id === id) ?? { name_zh: String(id), name_en: String(id) }, "name")).join("、");
  // Cancelling the interview asks first (also without JavaScript).
  const [params] = useSearchParams();
  const confirming = useConfirming();
  if (confirming === "cancel-interview" && scheduledInterview && String(scheduledInterview.id) === params.get("interviewId")) {
    const reason = params.get("reason") ?? "";
    return (
      <ConfirmStep headingLevel={1} title={t("confirm.cancelInterview", { name: a.name })} confirmLabel={t("confirm.cancelInterviewYes")} fields={{ intent: "cancel-interview", interviewId: scheduledInterview.id, reason }}>
        <p>{formatTimeSpan(scheduledInterview.starts_at, scheduledInterview.ends_at, scheduledInterview.timezone, i18n.language)}</p>
        <p>{t("confirm.cancelInterviewText", { name: a.name })}</p>
        <p>{t("confirm.reason", { reason })}</p>
      </ConfirmStep>
    );
  }
  return (
    <>
      <p>
        <Link to="/staff/applications">← {t("pipeline.title")}</Link>
      </p>
      <h1>{a.name}</h1>
      <p className="lead">
        <span className={`pipeline-status pipeline-status--${a.status}`}>{t(`pipeline.status.${a.status}`)}</span> · {t("pipeline.appliedOn", { when: when(a.created_at) })}
        {a.volunteer_number ? ` · ${t("pipeline.number", { number: a.volunteer_number })}` : ""}
      </p>
      {a.status === "appointed" ? (
        <p>
          <Link to={`/staff/volunteers/${a.volunteer_id}`}>{t("pipeline.volunteerPage")}</Link>
        </p>
      ) : null}
      {result ? (
        <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          {text(result.message)}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("apply.phone")}</dt>
        <dd>{a.phone}</dd>
        <dt>{t("apply.email")}</dt>
        <dd>{a.email}</dd>
        <dt>{t("apply.birthDate")}</dt>
        <dd>{a.birth_date ? formatDate(a.birth_date, i18n.language) : "—"}</dd>
        <dt>{t("apply.cardNumber")}</dt>
        <dd>{a.card_number ? `${a.card_number} ✓` : "—"}</dd>
        <dt>{t("apply.branches")}</dt>
        <dd>{branchNames}</dd>
        <dt>{t("apply.roles")}</dt>
        <dd>{roleNames}</dd>
        <dt>{t("apply.availability")}</dt>
        <dd>{(a.availability ?? []).map((slot) => `${t(`weekday.${slot.slice(0, 3)}`)}${t(`apply.part.${slot.slice(4)}`)}`).join("、") || "—"}</dd>
        <dt>{t("apply.skills")}</dt>
        <dd>{a.skills || "—"}</dd>
        <dt>{t("apply.languages")}</dt>
        <dd>{a.languages_spoken || "—"}</dd>
        <dt>{t("apply.heardFrom")}</dt>
        <dd>{a.heard_from ? t(`apply.heard.${a.heard_from}`) : "—"}</dd>
        {a.guardian_name ? (
          <>
            <dt>{t("apply.guardian")}</dt>
            <dd>
              {a.guardian_name} {a.guardian_phone} · {t("pipeline.guardianConsented", { when: a.guardian_consent_at ? when(a.guardian_consent_at) : "—" })}
            </dd>
          </>
        ) : null}
      </dl>

      {next.length ? (
        <section className="panel" aria-labelledby="move-title">
          <h2 id="move-title">{t("pipeline.move")}</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="move" />
            <input type="hidden" name="from" value={a.status} />
            <div className="form-field">
              <label htmlFor="move-note">{t("pipeline.moveNote")}</label>
              <input id="move-note" name="note" maxLength={500} />
            </div>
            <div className="button-row">
              {next.map((to) => (
                <button key={to} type="submit" name="to" value={to} className={to === "declined" || to === "withdrawn" ? "button button--quiet" : "button"}>
                  {t(`pipeline.moveTo.${to}`)}
                </button>
              ))}
            </div>
          </Form>
        </section>
      ) : null}

      <section className="panel" aria-labelledby="interview-title">
        <h2 id="interview-title">{t("interview.title")}</h2>
        {interviews.length === 0 ? <p>{t("interview.none")}</p> : null}
        <ul className="history">
          {interviews.map((i) => (
            <li key={i.id}>
              {formatDate(i.local_date, i18n.language)} {i.start}–{i.end} · {localized({ name_zh: i.branch_zh, name_en: i.branch_en }, "name")}
              {i.room_zh ? ` · ${localized({ name_zh: i.room_zh, name_en: i.room_en ?? i.room_zh }, "name")}` : ""}
              {i.place ? ` · ${i.place}` : ""} · {i.interviewer} · {t(`interview.statuses.${i.status}`)}
              {i.outcome ? ` · ${t(`interview.outcomes.${i.outcome}`)}${i.outcome_note ? `（${i.outcome_note}）` : ""}` : ""}
            </li>
          ))}
        </ul>
        {(a.status === "applied" || a.status === "interview") ? (
          <Form method="post" key={scheduledInterview ? `r-${scheduledInterview.id}-${scheduledInterview.start}` : "new"}>
            <input type="hidden" name="intent" value={scheduledInterview ? "reschedule" : "interview"} />
            {scheduledInterview ? <input type="hidden" name="interviewId" value={scheduledInterview.id} /> : null}
            <h3>{scheduledInterview ? t("interview.reschedule") : t("interview.schedule")}</h3>
            <div className="form-grid">
              <div className="form-field">
                <label htmlFor="iv-branch">{t("interview.branch")}</label>
                <select id="iv-branch" name="branch" defaultValue={scheduledInterview?.branch_code ?? a.preferred_branches.find((c) => interviewBranches.includes(c))}>
                  {branches.filter((b) => interviewBranches.includes(b.code)).map((b) => (
                    <option key={b.code} value={b.code}>
                      {localized(b, "name")}
                    </option>
                  ))}
                </select>
              </div>
              <div className="form-field">
                <label htmlFor="iv-date">{t("plan.date")}</label>
                <input id="iv-date" name="date" type="date" required defaultValue={scheduledInterview?.local_date} aria-invalid={fieldErrors.date ? true : undefined} aria-describedby={fieldErrors.date ? "iv-date-error" : undefined} />
                {fieldErrors.date ? <p id="iv-date-error" className="field-error" role="alert">{text(fieldErrors.date)}</p> : null}
              </div>
              <div className="form-field">
                <label htmlFor="iv-start">{t("plan.start")}</label>
                <input id="iv-start" name="start" type="time" required defaultValue={scheduledInterview?.start ?? "10:00"} />
                {fieldErrors.start ? <p className="field-error" role="alert">{text(fieldErrors.start)}</p> : null}
              </div>
              <div className="form-field">
                <label htmlFor="iv-end">{t("plan.end")}</label>
                <input id="iv-end" name="end" type="time" required defaultValue={scheduledInterview?.end ?? "10:30"} />
                {fieldErrors.end ? <p className="field-error" role="alert">{text(fieldErrors.end)}</p> : null}
              </div>
              <div className="form-field">
                <label htmlFor="iv-room">{t("interview.room")}</label>
                <select id="iv-room" name="roomId" defaultValue={scheduledInterview?.room_id ?? ""}>
                  <option value="">—</option>
                  {rooms.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.branch_code} · {localized(r, "name")}
                    </option>
                  ))}
                </select>
              </div>
              <div className="form-field">
                <label htmlFor="iv-place">{t("interview.place")}</label>
                <input id="iv-place" name="place" maxLength={200} defaultValue={scheduledInterview?.place ?? ""} />
              </div>
              <div className="form-field">
                <label htmlFor="iv-interviewer">{t("interview.interviewer")}</label>
                <select id="iv-interviewer" name="interviewerId" defaultValue={scheduledInterview?.interviewer_staff_id ?? me}>
                  {interviewers.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
                {fieldErrors.interviewerId ? <p className="field-error" role="alert">{text(fieldErrors.interviewerId)}</p> : null}
              </div>
            </div>
            <button type="submit" className="button">
              {scheduledInterview ? t("interview.reschedule") : t("interview.schedule")}
            </button>
          </Form>
        ) : null}
        {scheduledInterview ? (
          <div className="two-columns">
            <Form method="post">
              <input type="hidden" name="intent" value="outcome" />
              <input type="hidden" name="interviewId" value={scheduledInterview.id} />
              <h3>{t("interview.outcome")}</h3>
              <div className="form-field">
                <label htmlFor="iv-outcome">{t("interview.outcome")}</label>
                <select id="iv-outcome" name="outcome" defaultValue="passed">
                  {(["passed", "not-passed", "no-show"] as const).map((o) => (
                    <option key={o} value={o}>
                      {t(`interview.outcomes.${o}`)}
                    </option>
                  ))}
                </select>
              </div>
              <div className="form-field">
                <label htmlFor="iv-note">{t("interview.outcomeNote")}</label>
                <input id="iv-note" name="note" maxLength={300} />
              </div>
              <button type="submit" className="button button--quiet">
                {t("interview.record")}
              </button>
            </Form>
            <ConfirmForm intent="cancel-interview">
              <input type="hidden" name="interviewId" value={scheduledInterview.id} />
              <h3>{t("interview.cancel")}</h3>
              <div className="form-field">
                <label htmlFor="iv-reason">{t("interview.cancelReason")}</label>
                <input id="iv-reason" name="reason" required maxLength={300} />
              </div>
              <button type="submit" className="button button--danger">
                {t("interview.cancel")}
              </button>
            </ConfirmForm>
          </div>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="training-title">
        <h2 id="training-title">{t("training.forApplicant")}</h2>
        {trainings.completed.length ? <p>{t("training.completed", { list: trainings.completed.map((c) => localized(c, "name")).join("、") })}</p> : null}
        {trainings.enrolments.length ? (
          <ul className="history">
            {trainings.enrolments.map((e) => (
              <li key={e.id}>
                <Link to={`/staff/trainings/${e.session_id}`}>{localized({ name_zh: e.training_zh, name_en: e.training_en }, "name")}</Link> · {formatTimeSpan(e.starts_at, e.ends_at, e.timezone, i18n.language)} ·{" "}
                {e.session_status === "cancelled" ? t("training.statuses.cancelled") : t(`training.enrolmentStatus.${e.status}`)}
                {e.attendance ? ` · ${t(`training.${e.attendance}`)}` : ""}
              </li>
            ))}
          </ul>
        ) : null}
        {a.status === "interview" || a.status === "training" || a.status === "appointed" ? (
          <>
            <h3>{t("training.sessionsNearby")}</h3>
            {sessions.length === 0 ? (
              <p>
                {t("training.noSessions")} <Link to="/staff/trainings">{t("training.title")}</Link>
              </p>
            ) : (
              <ul className="roster">
                {sessions.map((s) => {
                  const enrolled = trainings.enrolments.some((e) => e.session_id === s.id && e.status === "enrolled");
                  return (
                    <li key={s.id}>
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="enrol-training" />
                        <input type="hidden" name="sessionId" value={s.id} />
                        {localized({ name_zh: s.training_zh, name_en: s.training_en }, "name")} · {formatTimeSpan(s.starts_at, s.ends_at, s.timezone, i18n.language)} · {localized({ name_zh: s.branch_zh, name_en: s.branch_en }, "name")} ·{" "}
                        {t("training.enrolledOf", { enrolled: s.enrolled, capacity: s.capacity })}{" "}
                        {enrolled ? (
                          <span>{t("training.statuses.enrolled")}</span>
                        ) : (
                          <button type="submit" className="button button--quiet" disabled={s.enrolled >= s.capacity}>
                            {t("training.enrol")}
                            <span className="visually-hidden"> {localized({ name_zh: s.training_zh, name_en: s.training_en }, "name")}</span>
                          </button>
                        )}
                      </Form>
                    </li>
                  );
                })}
              </ul>
            )}
          </>
        ) : null}
      </section>

      <h2>{t("pipeline.history")}</h2>
      <ol className="history">
        {events.map((e) => (
          <li key={e.id}>
            {when(e.at)} · {e.from_status ? `${t(`pipeline.status.${e.from_status}`)} → ` : ""}
            {t(`pipeline.status.${e.to_status}`)} · {e.actor ?? t("pipeline.byApplicant")}
            {e.note ? ` · ${e.note.startsWith("interview:") ? `${t("interview.outcome")}: ${t(`interview.outcomes.${e.note.slice(10).split(" ")[0]}`)} ${e.note.split(" ").slice(1).join(" ")}` : e.note}` : ""}
          </li>
        ))}
      </ol>

      <h2>{t("pipeline.notes")}</h2>
      <ul className="history">
        {notes.map((n) => (
          <li key={n.id}>
            {when(n.at)} · {n.author}: {n.body}
          </li>
        ))}
      </ul>
      <Form method="post" className="panel">
        <input type="hidden" name="intent" value="note" />
        <div className="form-field">
          <label htmlFor="note-body">{t("pipeline.addNote")}</label>
          <textarea id="note-body" name="body" rows={2} maxLength={2000} required />
        </div>
        <button type="submit" className="button button--quiet">
          {t("pipeline.saveNote")}
        </button>
      </Form>
    </>
  );
}
