import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { useErrorText } from "#app/components/field.tsx";
import { useFieldErrors } from "#app/components/event-fields.tsx";
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
import { intId } from "#app/lib/input.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, resultFor, typed } from "#app/lib/form.ts";
import { freeText } from "#app/modules/recruitment/schemas.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "application");

const STATUS = z.enum(["applied", "interview", "training", "appointed", "declined", "withdrawn"]);
/** Moves that end the application (the applicant is told why): they ask first. */
const ENDINGS: readonly string[] = ["declined", "withdrawn"];
const requiredText = (max: number) => freeText(max).pipe(z.string().min(1, "validation.required"));
// Every form of the page; each intent's fields are a plain object, so one union parses them all.
const applicationForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("move"), from: STATUS, to: STATUS, note: freeText(500) }),
  z.object({ intent: z.literal("note"), body: requiredText(2000) }),
  z.object({ intent: z.literal("enrol-training"), sessionId: intId }),
  interviewSchema.extend({ intent: z.literal("interview") }),
  interviewSchema.extend({ intent: z.literal("reschedule"), interviewId: intId }),
  z.object({ intent: z.literal("outcome"), interviewId: intId, outcome: z.enum(["passed", "not-passed", "no-show"], { errorMap: () => ({ message: "validation.required" }) }), note: freeText(300) }),
  z.object({ intent: z.literal("cancel-interview"), interviewId: intId, reason: requiredText(300) }),
]);
// Fields the page fills in itself: a bad one is a stale or forged page, not something typed, so
// the form says what went wrong instead of a message beside a field nobody sees.
const HIDDEN: Record<string, string> = {
  intent: "events.errors.unknownAction",
  from: "pipeline.refusal.stale",
  to: "pipeline.refusal.not-allowed",
  sessionId: "training.errors.notFound",
  interviewId: "interview.errors.notScheduled",
};
const FORMS = new Set(["note", "enrol-training", "interview", "outcome", "cancel-interview"]);
/** The form on the page that answers an intent (scheduling and rescheduling are one form; ending an application is its own). */
function formOf(intent: unknown, to: unknown): string | undefined {
  if (intent === "move") return ENDINGS.includes(String(to)) ? "end" : "move";
  if (intent === "reschedule") return "interview";
  return typeof intent === "string" && FORMS.has(intent) ? intent : undefined;
}
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
  const submission = await parseForm(request, applicationForm);
  const form = formOf(submission.payload.intent, submission.payload.to);
  if (submission.status !== "success") {
    const stale = Object.keys(submission.error ?? {}).find((name) => name in HIDDEN);
    return refuse(submission, { form, errors: stale ? { form: HIDDEN[stale] } : {} });
  }
  const input = submission.value;
  const services = await getServices();
  const deps = appDeps(services);
  if (input.intent === "note") {
    await addApplicationNote(services.db, user, id, input.body);
    return done({ form, message: "pipeline.noteAdded" });
  }
  if (input.intent === "enrol-training") {
    const result = await enrolTrainee(deps, user, input.sessionId, { volunteerId: detail.application.volunteer_id }, new Date(), context.requestId);
    if (!result.ok) return refuse(submission, { form, errors: { form: Object.values(result.errors)[0] ?? "plan.fixErrors" }, status: result.status ?? 400 });
    return done({ form, message: result.waitlisted ? "training.waitlisted" : "training.enrolled" });
  }
  if (input.intent === "interview" || input.intent === "reschedule") {
    const result = input.intent === "interview" ? await scheduleInterview(deps, user, id, input, new Date(), context.requestId) : await rescheduleInterview(deps, user, input.interviewId, input, new Date(), context.requestId);
    if (!result.ok) return refuse(submission, { form, errors: result.errors, status: ("status" in result && result.status) || 400 });
    return done({ form, message: input.intent === "interview" ? "interview.scheduled" : "interview.rescheduled" });
  }
  if (input.intent === "outcome" || input.intent === "cancel-interview") {
    const result = input.intent === "outcome" ? await recordOutcome(deps, user, input.interviewId, input.outcome, input.note, context.requestId) : await cancelInterview(deps, user, input.interviewId, input.reason, context.requestId);
    if (!result.ok) return refuse(submission, { form, errors: { form: Object.values(result.errors)[0] ?? "plan.fixErrors" } });
    return done({ form, message: input.intent === "outcome" ? "interview.recorded" : "interview.cancelled" });
  }
  const result = await moveApplication(deps, user, id, input.from, input.to, input.note, context.requestId);
  if (!result.ok) return refuse(submission, { form, errors: { form: `pipeline.refusal.${result.reason}` }, status: result.reason === "forbidden" ? 403 : 400 });
  return done({ form, message: input.to === "appointed" ? "pipeline.appointedDone" : "pipeline.moved" });
}

export default function ApplicationPage() {
  const { application: a, events, notes, next, branches, interviewBranches, roles, interviews, rooms, interviewers, me, trainings, sessions, zone } = useLoaderData<typeof loader>();
  const scheduledInterview = interviews.find((i) => i.status === "scheduled");
  const result = useActionData<typeof action>();
  // Each form's messages beside its fields, and what was typed back in them.
  const refused = (form: string, name: string) => typed(resultFor(result, form), name);
  const moveErrors = useFieldErrors("move", errorMessages(resultFor(result, "move")));
  const endErrors = useFieldErrors("end", errorMessages(resultFor(result, "end")));
  const interviewErrors = useFieldErrors("iv", errorMessages(resultFor(result, "interview")));
  const outcomeErrors = useFieldErrors("outcome", errorMessages(resultFor(result, "outcome")));
  const cancelErrors = useFieldErrors("cancel", errorMessages(resultFor(result, "cancel-interview")));
  const noteErrors = useFieldErrors("note", errorMessages(resultFor(result, "note")));
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const when = (d: Date | string) => formatInstant(d, zone, i18n.language);
  const branchNames = a.preferred_branches.map((c) => localized(branches.find((b) => b.code === c) ?? { name_zh: c, name_en: c }, "name")).join("、");
  const roleNames = a.preferred_roles.map((id) => localized(roles.find((r) => r.id === id) ?? { name_zh: String(id), name_en: String(id) }, "name")).join("、");
  // Moving on is one form; declining and withdrawing (told to the applicant) are another, which asks first.
  const moveButtons = (ends: boolean) => (
    <div className="button-row">
      {next
        .filter((to) => ENDINGS.includes(to) === ends)
        .map((to) => (
          <button key={to} type="submit" name="to" value={to} className={ends ? "button button--danger" : "button"}>
            {t(`pipeline.moveTo.${to}`)}
          </button>
        ))}
    </div>
  );
  // Cancelling the interview, declining and withdrawing ask first (also without JavaScript).
  const [params] = useSearchParams();
  const confirming = useConfirming();
  const ending = params.get("to") ?? "";
  if (confirming === "move" && params.get("from") === a.status && ENDINGS.includes(ending) && next.includes(ending as (typeof next)[number])) {
    const note = params.get("note") ?? "";
    const which = ending === "declined" ? "declineApplication" : "withdrawApplication";
    return (
      <ConfirmStep headingLevel={1} title={t(`confirm.${which}`, { name: a.name })} confirmLabel={t(`confirm.${which}Yes`)} fields={{ intent: "move", from: a.status, to: ending, note }}>
        <p>{t(`confirm.${which}Text`, { name: a.name })}</p>
        {note ? <p>{t("confirm.reason", { reason: note })}</p> : null}
      </ConfirmStep>
    );
  }
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
        <p className={result.status === "success" ? "notice" : "form-error"} role={result.status === "success" ? "status" : "alert"}>
          {text(result.status === "success" ? (result.message ?? "") : (errorMessages(result).form ?? "plan.fixErrors"))}
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
          {next.some((to) => !ENDINGS.includes(to)) ? (
            <Form method="post">
              <input type="hidden" name="intent" value="move" />
              <input type="hidden" name="from" value={a.status} />
              {moveErrors.input("note", t("pipeline.moveNote"), { maxLength: 500, defaultValue: refused("move", "note") })}
              {moveButtons(false)}
            </Form>
          ) : null}
          {next.some((to) => ENDINGS.includes(to)) ? (
            <ConfirmForm intent="move" sends={["from", "to", "note"]} aria-labelledby="end-title">
              <h3 id="end-title">{t("pipeline.end")}</h3>
              <input type="hidden" name="from" value={a.status} />
              {endErrors.input("note", t("pipeline.endNote"), { maxLength: 500, defaultValue: refused("end", "note") })}
              {moveButtons(true)}
            </ConfirmForm>
          ) : null}
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
                <select id="iv-branch" name="branch" defaultValue={refused("interview", "branch") ?? scheduledInterview?.branch_code ?? a.preferred_branches.find((c) => interviewBranches.includes(c))} {...interviewErrors.described("branch")}>
                  {branches.filter((b) => interviewBranches.includes(b.code)).map((b) => (
                    <option key={b.code} value={b.code}>
                      {localized(b, "name")}
                    </option>
                  ))}
                </select>
                {interviewErrors.message("branch")}
              </div>
              <div className="form-field">
                <label htmlFor="iv-date">{t("plan.date")}</label>
                <input id="iv-date" name="date" type="date" required defaultValue={refused("interview", "date") ?? scheduledInterview?.local_date} {...interviewErrors.described("date")} />
                {interviewErrors.message("date")}
              </div>
              <div className="form-field">
                <label htmlFor="iv-start">{t("plan.start")}</label>
                <input id="iv-start" name="start" type="time" required defaultValue={refused("interview", "start") ?? scheduledInterview?.start ?? "10:00"} {...interviewErrors.described("start")} />
                {interviewErrors.message("start")}
              </div>
              <div className="form-field">
                <label htmlFor="iv-end">{t("plan.end")}</label>
                <input id="iv-end" name="end" type="time" required defaultValue={refused("interview", "end") ?? scheduledInterview?.end ?? "10:30"} {...interviewErrors.described("end")} />
                {interviewErrors.message("end")}
              </div>
              <div className="form-field">
                <label htmlFor="iv-room">{t("interview.room")}</label>
                <select id="iv-room" name="roomId" defaultValue={refused("interview", "roomId") ?? scheduledInterview?.room_id ?? ""} {...interviewErrors.described("roomId")}>
                  <option value="">—</option>
                  {rooms.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.branch_code} · {localized(r, "name")}
                    </option>
                  ))}
                </select>
                {interviewErrors.message("roomId")}
              </div>
              <div className="form-field">
                <label htmlFor="iv-place">{t("interview.place")}</label>
                <input id="iv-place" name="place" maxLength={200} defaultValue={refused("interview", "place") ?? scheduledInterview?.place ?? ""} {...interviewErrors.described("place")} />
                {interviewErrors.message("place")}
              </div>
              <div className="form-field">
                <label htmlFor="iv-interviewer">{t("interview.interviewer")}</label>
                <select id="iv-interviewer" name="interviewerId" defaultValue={refused("interview", "interviewerId") ?? scheduledInterview?.interviewer_staff_id ?? me} {...interviewErrors.described("interviewerId")}>
                  {interviewers.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
                {interviewErrors.message("interviewerId")}
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
                <select id="iv-outcome" name="outcome" defaultValue={refused("outcome", "outcome") ?? "passed"} {...outcomeErrors.described("outcome")}>
                  {(["passed", "not-passed", "no-show"] as const).map((o) => (
                    <option key={o} value={o}>
                      {t(`interview.outcomes.${o}`)}
                    </option>
                  ))}
                </select>
                {outcomeErrors.message("outcome")}
              </div>
              <div className="form-field">
                <label htmlFor="iv-note">{t("interview.outcomeNote")}</label>
                <input id="iv-note" name="note" maxLength={300} defaultValue={refused("outcome", "note")} {...outcomeErrors.described("note")} />
                {outcomeErrors.message("note")}
              </div>
              <button type="submit" className="button button--quiet">
                {t("interview.record")}
              </button>
            </Form>
            <ConfirmForm intent="cancel-interview" sends={["interviewId", "reason"]}>
              <input type="hidden" name="interviewId" value={scheduledInterview.id} />
              <h3>{t("interview.cancel")}</h3>
              <div className="form-field">
                <label htmlFor="iv-reason">{t("interview.cancelReason")}</label>
                <input id="iv-reason" name="reason" required maxLength={300} defaultValue={refused("cancel-interview", "reason")} {...cancelErrors.described("reason")} />
                {cancelErrors.message("reason")}
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
          <textarea id="note-body" name="body" rows={2} maxLength={2000} required defaultValue={refused("note", "body")} {...noteErrors.described("body")} />
          {noteErrors.message("body")}
        </div>
        <button type="submit" className="button button--quiet">
          {t("pipeline.saveNote")}
        </button>
      </Form>
    </>
  );
}
