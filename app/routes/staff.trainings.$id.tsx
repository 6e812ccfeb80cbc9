import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FieldError, InputField, useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { ConfirmForm, ConfirmStep, useConfirming } from "#app/components/confirm.tsx";
import { authorize, can } from "#app/modules/auth/policy.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { cancelEnrolment, cancelTrainingSession, enrolTrainee, markTrainingAttendance, trainingCandidates, trainingSessionDetail } from "#app/modules/trainings/trainings.server.ts";
import { formatTimeSpan } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { intId, oneOf, optionalIntId } from "#app/lib/input.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, fieldErrors, intentSchema, resultFor, typed, type ActionResult } from "#app/lib/form.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "training");

const id = intId;
const reason = z.string({ required_error: "validation.required" }).trim().min(1, "validation.required").max(300, "validation.tooLong:300").refine((v) => !/[<>]/.test(v), "validation.markup");
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const trainingIntent = intentSchema(["enrol", "unenrol", "unwaitlist", "attendance", "cancel"] as const);
// Enrolling: a candidate's button sends their id, the form below an email; one of the two.
const enrolSchema = z
  .object({
    intent: z.literal("enrol"),
    volunteerId: optionalIntId,
    email: z.preprocess(blank, z.string().trim().max(254, "validation.tooLong:254").email("validation.email").optional()),
  })
  .refine((v) => v.volunteerId !== undefined || v.email !== undefined, { path: ["email"], message: "validation.required" });
const unenrolSchema = z.object({ intent: oneOf(["unenrol", "unwaitlist"] as const), enrolmentId: intId, reason });
const attendanceSchema = z.object({ intent: z.literal("attendance"), enrolmentId: intId, attendance: oneOf(["attended", "absent"] as const) });
const cancelSchema = z.object({ intent: z.literal("cancel"), reason });
const intentSchemas = { enrol: enrolSchema, unenrol: unenrolSchema, unwaitlist: unenrolSchema, attendance: attendanceSchema, cancel: cancelSchema };

async function load(request: Request, param: string | undefined) {
  const user = await requireStaff(request, "training.view");
  const sessionId = id.safeParse(param);
  if (!sessionId.success) throw new Response("Not Found", { status: 404 });
  const { db } = await getServices();
  const detail = await trainingSessionDetail({ db }, sessionId.data);
  if (!detail) throw new Response("Not Found", { status: 404 });
  authorize(user, "training.view", detail.session.branch_code);
  return { user, detail, sessionId: sessionId.data };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, detail } = await load(request, params.id);
  const { db } = await getServices();
  const canPlan = can(user, "training.manage", detail.session.branch_code);
  const upcoming = new Date(detail.session.starts_at) > new Date() && detail.session.status === "scheduled";
  return {
    ...detail,
    canPlan,
    upcoming,
    started: new Date(detail.session.starts_at) <= new Date(),
    candidates: canPlan && upcoming ? await trainingCandidates({ db }, detail.session) : [],
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, sessionId } = await load(request, params.id);
  const formData = await request.formData();
  const chosen = await parseForm(formData, trainingIntent);
  if (chosen.status !== "success") return refuse(chosen, { errors: { form: "plan.fixErrors" } });
  const form = chosen.value.intent;
  const submission = await parseForm(formData, intentSchemas[form]);
  if (submission.status !== "success") {
    // A button's hidden fields (which enrolment, which mark) are not the person's to correct.
    const hidden = submission.error?.enrolmentId ?? submission.error?.attendance ?? submission.error?.volunteerId;
    return refuse(submission, { form, errors: hidden ? { form: "training.errors.notEnrolled" } : {} });
  }
  const deps = appDeps(await getServices());
  const input = submission.value;
  if (input.intent === "cancel") {
    const cancelled = await cancelTrainingSession(deps, user, sessionId, input.reason, context.requestId);
    if (!cancelled.ok) return refuse(submission, { form, errors: cancelled.errors, status: cancelled.status });
    return done({ form, message: "training.cancelledDone", data: { count: cancelled.told } });
  }
  if (input.intent === "enrol") {
    const enrolled = await enrolTrainee(deps, user, sessionId, input.volunteerId !== undefined ? { volunteerId: input.volunteerId } : { email: input.email! }, new Date(), context.requestId);
    if (!enrolled.ok) return refuse(submission, { form, errors: enrolled.errors, status: enrolled.status });
    return done({ form, message: enrolled.waitlisted ? "training.waitlisted" : "training.enrolled" });
  }
  if (input.intent === "attendance") {
    const marked = await markTrainingAttendance(deps, user, input.enrolmentId, input.attendance, new Date(), context.requestId);
    if (!marked.ok) return refuse(submission, { form, errors: marked.errors, status: marked.status });
    return done({ form, message: "training.marked" });
  }
  const left = await cancelEnrolment(deps, user, input.enrolmentId, input.reason, context.requestId);
  if (!left.ok) return refuse(submission, { form, errors: left.errors, status: left.status });
  return done({ form, message: input.intent === "unwaitlist" ? "training.unwaitlisted" : "training.unenrolled" });
}

export default function TrainingSessionPage() {
  const { session: s, trainees, candidates, canPlan, upcoming, started } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const title = localized({ name_zh: s.training_zh, name_en: s.training_en }, "name");
  const enrolled = trainees.filter((x) => x.status === "enrolled");
  // The waitlist in arrival order: the first here gets the next place given back.
  const waiting = trainees.filter((x) => x.status === "waitlisted").sort((a, b) => Number(a.arrival) - Number(b.arrival));
  // Every form here answers at the top of the page; a typed field's message also goes beside it.
  const answered = result as ActionResult<{ count: number }> | undefined;
  const ok = answered?.status === "success";
  const refusedWith = errorMessages(answered).form;
  const message = answered ? (ok ? t(answered.message ?? "", { count: answered.data?.count ?? 0 }) : refusedWith ? text(refusedWith) : t("plan.fixErrors")) : params.get("created") ? t("training.created") : null;
  // A refused reason goes back beside the row it was typed for.
  const leftRefused = resultFor(answered, "unenrol") ?? resultFor(answered, "unwaitlist");
  const reasonFor = (enrolmentId: number) => (typed(leftRefused, "enrolmentId") === String(enrolmentId) ? leftRefused : undefined);
  const enrolRefused = resultFor(answered, "enrol");
  const cancelRefused = resultFor(answered, "cancel");
  // Taking someone off and cancelling the session ask first (also without JavaScript).
  const confirming = useConfirming();
  const reasonAsked = params.get("reason") ?? "";
  const when = `${title} · ${formatTimeSpan(s.starts_at, s.ends_at, s.timezone, i18n.language)}`;
  const leaving = (confirming === "unenrol" ? enrolled : confirming === "unwaitlist" ? waiting : []).find((x) => String(x.id) === params.get("enrolmentId"));
  if (canPlan && upcoming && leaving && confirming) {
    const off = confirming === "unenrol";
    return (
      <ConfirmStep headingLevel={1} title={t(off ? "confirm.unenrol" : "confirm.unwaitlist", { name: leaving.name })} confirmLabel={t(off ? "confirm.unenrolYes" : "confirm.unwaitlistYes")} fields={{ intent: confirming, enrolmentId: leaving.id, reason: reasonAsked }}>
        <p>{when}</p>
        <p>{t(off ? "confirm.unenrolText" : "confirm.unwaitlistText", { name: leaving.name })}</p>
        <p>{t("confirm.reason", { reason: reasonAsked })}</p>
      </ConfirmStep>
    );
  }
  if (canPlan && upcoming && confirming === "cancel") {
    return (
      <ConfirmStep headingLevel={1} title={t("confirm.cancelTraining")} confirmLabel={t("confirm.cancelTrainingYes")} fields={{ intent: "cancel", reason: reasonAsked }}>
        <p>{when}</p>
        <p>{t("confirm.cancelTrainingText", { enrolled: enrolled.length, waiting: waiting.length })}</p>
        <p>{t("confirm.reason", { reason: reasonAsked })}</p>
      </ConfirmStep>
    );
  }
  return (
    <>
      <p>
        <Link to="/staff/trainings">← {t("training.title")}</Link>
      </p>
      <h1>{title}</h1>
      <p className="lead">
        {formatTimeSpan(s.starts_at, s.ends_at, s.timezone, i18n.language)} · {localized({ name_zh: s.branch_zh, name_en: s.branch_en }, "name")}
        {s.room_zh ? ` · ${localized({ name_zh: s.room_zh, name_en: s.room_en ?? s.room_zh }, "name")}` : ""}
        {s.place ? ` · ${s.place}` : ""}
        {s.trainer ? ` · ${s.trainer}` : ""} · {t("training.enrolledOf", { enrolled: s.enrolled, capacity: s.capacity })}
      </p>
      {s.status === "cancelled" ? <p className="form-error">{t("training.cancelledBecause", { reason: s.cancel_reason ?? "" })}</p> : null}
      {message ? (
        <p className={!answered || ok ? "notice" : "form-error"} role={!answered || ok ? "status" : "alert"}>
          {message}
        </p>
      ) : null}

      <h2>{t("training.trainees")}</h2>
      {enrolled.length === 0 ? <p>{t("training.noTrainees")}</p> : null}
      <ul className="roster">
        {enrolled.map((x) => (
          <li key={x.id}>
            <strong>{x.name}</strong> {x.volunteer_number ? `· ${x.volunteer_number}` : ""} · {x.phone ?? ""} ·{" "}
            {x.person_status === "applicant" && x.application_status ? t("training.applicant", { status: t(`pipeline.status.${x.application_status}`) }) : t("training.volunteer")}
            {x.application_id && canPlan ? (
              <>
                {" "}
                · <Link to={`/staff/applications/${x.application_id}`}>{t("pipeline.applicant")}</Link>
              </>
            ) : null}
            {" · "}
            {t("training.attendance")}: {x.attendance ? t(`training.${x.attendance}`) : t("training.notMarked")}
            <div className="button-row">
              {started && s.status === "scheduled" ? (
                <Form method="post">
                  <input type="hidden" name="intent" value="attendance" />
                  <input type="hidden" name="enrolmentId" value={x.id} />
                  <button type="submit" name="attendance" value="attended" className="button" aria-pressed={x.attendance === "attended"}>
                    {t("training.attended")}
                    <span className="visually-hidden"> {x.name}</span>
                  </button>{" "}
                  <button type="submit" name="attendance" value="absent" className="button button--quiet" aria-pressed={x.attendance === "absent"}>
                    {t("training.absent")}
                    <span className="visually-hidden"> {x.name}</span>
                  </button>
                </Form>
              ) : null}
              {canPlan && upcoming ? (
                <ConfirmForm intent="unenrol" className="inline-form">
                  <input type="hidden" name="enrolmentId" value={x.id} />
                  <label htmlFor={`why-${x.id}`} className="visually-hidden">
                    {t("training.reason")} ({x.name})
                  </label>
                  <ReasonInput id={x.id} refused={reasonFor(x.id)} />
                  <button type="submit" className="button button--quiet">
                    {t("training.unenrol")}
                    <span className="visually-hidden"> {x.name}</span>
                  </button>
                </ConfirmForm>
              ) : null}
            </div>
          </li>
        ))}
      </ul>

      {waiting.length > 0 ? (
        <>
          <h2>{t("training.waitingList")}</h2>
          <p>{t("training.waitingLead")}</p>
          <ol className="roster">
            {waiting.map((x) => (
              <li key={x.id}>
                <strong>{x.name}</strong> {x.volunteer_number ? `· ${x.volunteer_number}` : ""} · {x.phone ?? ""}
                {canPlan && upcoming ? (
                  <div className="button-row">
                    <ConfirmForm intent="unwaitlist" className="inline-form">
                      <input type="hidden" name="enrolmentId" value={x.id} />
                      <label htmlFor={`why-${x.id}`} className="visually-hidden">
                        {t("training.reason")} ({x.name})
                      </label>
                      <ReasonInput id={x.id} refused={reasonFor(x.id)} />
                      <button type="submit" className="button button--quiet">
                        {t("training.unwaitlist")}
                        <span className="visually-hidden"> {x.name}</span>
                      </button>
                    </ConfirmForm>
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}

      {canPlan && upcoming ? (
        <>
          <section className="panel" aria-labelledby="candidates-title">
            <h2 id="candidates-title">{t("training.candidates")}</h2>
            <p>{t("training.candidatesLead")}</p>
            {candidates.length === 0 ? <p>{t("training.noCandidates")}</p> : null}
            <ul className="roster">
              {candidates.map((c) => (
                <li key={c.id}>
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="enrol" />
                    <input type="hidden" name="volunteerId" value={c.id} />
                    {c.name} · {c.status === "applicant" && c.application_status ? t("training.applicant", { status: t(`pipeline.status.${c.application_status}`) }) : t("training.volunteer")}{" "}
                    <button type="submit" className="button button--quiet">
                      {t("training.enrol")}
                      <span className="visually-hidden"> {c.name}</span>
                    </button>
                  </Form>
                </li>
              ))}
            </ul>
            <Form method="post">
              <input type="hidden" name="intent" value="enrol" />
              <InputField id="enrol-email" label={t("training.enrolByEmail")} name="email" type="email" required maxLength={254} defaultValue={typed(enrolRefused, "email")} errors={fieldErrors(enrolRefused, "email")} />
              <button type="submit" className="button">
                {t("training.enrol")}
              </button>
            </Form>
          </section>
          <ConfirmForm intent="cancel" className="panel" aria-labelledby="cancel-title">
            <h2 id="cancel-title">{t("training.cancel")}</h2>
            <InputField id="cancel-reason" label={t("training.reason")} name="reason" required maxLength={300} defaultValue={typed(cancelRefused, "reason")} errors={fieldErrors(cancelRefused, "reason")} />
            <button type="submit" className="button button--danger">
              {t("training.cancel")}
            </button>
          </ConfirmForm>
        </>
      ) : null}
    </>
  );
}

/** Why someone is taken off: what was typed and its message come back to their row when refused. */
function ReasonInput({ id, refused }: { id: number; refused?: ActionResult<unknown> }) {
  const { t } = useTranslation();
  const errors = fieldErrors(refused, "reason");
  return (
    <>
      <input id={`why-${id}`} name="reason" required maxLength={300} placeholder={t("training.reason")} defaultValue={typed(refused, "reason")} aria-invalid={errors ? true : undefined} aria-describedby={errors ? `why-${id}-error` : undefined} />
      <FieldError id={`why-${id}-error`} errors={errors} />
    </>
  );
}
