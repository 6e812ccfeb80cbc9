// One event for the public: what, when, where, places left, and registration — by library card,
// as a guest where allowed, as a school group for study tours, or as a signed-in volunteer for
// volunteers-only events. Success leads to the registration's private page.
import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint } from "@conform-to/zod";
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { ChildConsentField, GuardianRelationField } from "#app/components/child-consent.tsx";
import { FormError, TextAreaField, TextField } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { pageTitle } from "#app/components/page-title.ts";
import { getUser } from "#app/web/guards.server.ts";
import { getEvent } from "#app/modules/events/queries.server.ts";
import { registerForEvent, requestGroupVisit } from "#app/modules/events/registrations.server.ts";
import { acceptsGroups, isVolunteersOnly, windowProblem } from "#app/modules/events/rules.ts";
import { groupSchema, registrationSchema } from "#app/modules/events/schemas.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { formatInstant, formatTimeSpan } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { parseForm, refuse } from "#app/lib/form.server.ts";
import { fieldErrors, intentSchema, parseSubmission, resultFor } from "#app/lib/form.ts";

export const meta: MetaFunction<typeof loader> = ({ data: d, matches }) =>
  pageTitle(matches, (t, locale) => (locale === "en" ? d?.event.title_en || d?.event.title_zh : d?.event.title_zh) ?? String(t("titles.event")));

async function loadVisible(request: Request, idParam: string | undefined) {
  const id = Number(idParam);
  if (!Number.isInteger(id) || id <= 0) throw new Response("Not Found", { status: 404 });
  const [{ db }, user] = await Promise.all([getServices(), getUser(request)]);
  const event = await getEvent(db, id);
  if (!event || (isVolunteersOnly(event.audience) && !user)) throw new Response("Not Found", { status: 404 });
  return { event, user };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { event, user } = await loadVisible(request, params.id);
  const now = new Date();
  return {
    event: {
      ...event,
      left: event.capacity - event.registered,
      guests: event.guests_allowed && !event.card_required && event.branch_guests_allowed !== false,
    },
    closed: windowProblem(event, now),
    volunteer: user?.kind === "volunteer" ? { name: user.name } : null,
  };
}

const eventIntent = intentSchema(["register", "group", "volunteer"] as const, "register");

export async function action({ request, params }: ActionFunctionArgs) {
  const { event, user } = await loadVisible(request, params.id);
  const formData = await request.formData();
  const chosen = await parseForm(formData, eventIntent);
  if (chosen.status !== "success") return refuse(chosen, { form: "register" });
  const intent = chosen.value.intent;
  const deps = appDeps(await getServices());
  if (intent === "group") {
    const submission = await parseForm(formData, groupSchema, { blankIsMissing: true });
    if (submission.status !== "success") return refuse(submission, { form: intent });
    const result = await requestGroupVisit(deps, event.id, submission.value);
    if (!result.ok) return refuse(submission, { form: intent, errors: result.errors, status: result.status ?? 400 });
    throw redirect(`/events/registration/${result.token}?new=1`);
  }
  if (intent === "volunteer") {
    if (user?.kind !== "volunteer") throw new Response("Forbidden", { status: 403 });
    const result = await registerForEvent(deps, event.id, { mode: "card", name: user.name, email: user.email, language: user.language === "en" ? "en" : "zh-CN", adults: 1, children: 0 }, { volunteerId: user.id });
    if (!result.ok) return refuse(chosen, { form: intent, errors: { form: result.errors.form ?? Object.values(result.errors)[0] }, status: result.status ?? 400 });
    throw redirect(`/events/registration/${result.token}?new=1`);
  }
  const submission = await parseForm(formData, registrationSchema, { blankIsMissing: true });
  if (submission.status !== "success") return refuse(submission, { form: intent });
  const result = await registerForEvent(deps, event.id, submission.value);
  if (!result.ok) return refuse(submission, { form: intent, errors: result.errors, status: result.status ?? 400 });
  throw redirect(`/events/registration/${result.token}?new=1`);
}

export default function EventPage() {
  const { event, closed, volunteer } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const title = localized(event, "title");
  const groups = acceptsGroups(event);
  return (
    <>
      <p>
        <Link to="/events">{t("events.back")}</Link>
      </p>
      <h1>{title}</h1>
      <p>
        <span className="tag tag--kind">{t(`events.kinds.${event.kind}`)}</span> <span className="tag">{t(`events.audiences.${event.audience}`)}</span>
      </p>
      <dl className="facts">
        <dt>{t("events.when")}</dt>
        <dd>{formatTimeSpan(event.starts_at, event.ends_at, event.timezone, i18n.language)}</dd>
        <dt>{t("events.where")}</dt>
        <dd>
          {localized({ name_zh: event.branch_zh, name_en: event.branch_en }, "name")}
          {event.room_zh ? ` · ${localized({ name_zh: event.room_zh, name_en: event.room_en ?? event.room_zh }, "name")}` : ""}
          {event.place ? ` · ${event.place}` : ""}
          <br />
          <span className="muted">{localized({ name_zh: event.address_zh, name_en: event.address_en }, "name")}</span>
        </dd>
        <dt>{t("events.places")}</dt>
        <dd>{event.left > 0 ? t("events.placesLeftOf", { left: event.left, capacity: event.capacity }) : t("events.full", { count: event.waiting ?? 0 })}</dd>
        {event.registration_closes_at ? (
          <>
            <dt>{t("events.closes")}</dt>
            <dd>{formatInstant(event.registration_closes_at, event.timezone, i18n.language)}</dd>
          </>
        ) : null}
        {event.accessibility_zh || event.accessibility_en ? (
          <>
            <dt>{t("events.accessibility")}</dt>
            <dd>{localized({ a_zh: event.accessibility_zh, a_en: event.accessibility_en || event.accessibility_zh }, "a")}</dd>
          </>
        ) : null}
        {event.partner ? (
          <>
            <dt>{t("events.partner")}</dt>
            <dd>{event.partner}</dd>
          </>
        ) : null}
      </dl>
      {localized({ d_zh: event.description_zh, d_en: event.description_en || event.description_zh }, "d") ? (
        <p className="event-description">{localized({ d_zh: event.description_zh, d_en: event.description_en || event.description_zh }, "d")}</p>
      ) : null}
      {closed ? (
        <p className="notice" role="status">
          {closed === "events.errors.notYetOpen" && event.registration_opens_at
            ? t("events.opensAt", { when: formatInstant(event.registration_opens_at, event.timezone, i18n.language) })
            : t(closed)}
        </p>
      ) : isVolunteersOnly(event.audience) ? (
        <VolunteerRegistration signedIn={Boolean(volunteer)} error={fieldErrors(resultFor(result, "volunteer"), "")?.[0]} />
      ) : groups ? (
        <GroupForm lastResult={resultFor(result, "group")} />
      ) : (
        <RegistrationForm lastResult={resultFor(result, "register")} maxParty={event.max_party} guests={event.guests} cardRequired={event.card_required} full={event.left <= 0} />
      )}
      <p>
        <a href={`/calendar/branch-${event.branch_code}.ics`}>{t("events.branchFeed")}</a>
      </p>
    </>
  );
}

function VolunteerRegistration({ signedIn, error }: { signedIn: boolean; error?: string }) {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="register-title">
      <h2 id="register-title">{t("events.register")}</h2>
      {error ? (
        <p className="form-error" role="alert">
          {t(error)}
        </p>
      ) : null}
      {signedIn ? (
        <Form method="post">
          <input type="hidden" name="intent" value="volunteer" />
          <button type="submit" className="button">
            {t("events.registerAsVolunteer")}
          </button>
        </Form>
      ) : (
        <p>{t("events.volunteersOnly")}</p>
      )}
    </section>
  );
}

type Reply = SubmissionResult<string[]> | null | undefined;

function RegistrationForm({ lastResult, maxParty, guests, cardRequired, full }: { lastResult: Reply; maxParty: number; guests: boolean; cardRequired: boolean; full: boolean }) {
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm({
    id: "register",
    lastResult,
    constraint: getZodConstraint(registrationSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseSubmission(formData, registrationSchema, { blankIsMissing: true }),
    defaultValue: { mode: "card", adults: "1", children: "0" },
  });
  const [mode, setMode] = useState<string>(String(fields.mode.value ?? "card"));
  return (
    <section className="panel" aria-labelledby="register-title">
      <h2 id="register-title">{t("events.register")}</h2>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="register" />
        <input type="hidden" name="language" value={i18n.language === "en" ? "en" : "zh-CN"} />
        <FormError id={form.errorId} errors={form.errors} />
        {guests && !cardRequired ? (
          <fieldset className="group">
            <legend>{t("events.how")}</legend>
            <label className="choice">
              <input type="radio" name="mode" value="card" checked={mode === "card"} onChange={() => setMode("card")} /> {t("events.withCard")}
            </label>
            <label className="choice">
              <input type="radio" name="mode" value="guest" checked={mode === "guest"} onChange={() => setMode("guest")} /> {t("events.asGuest")}
            </label>
          </fieldset>
        ) : (
          <>
            <input type="hidden" name="mode" value="card" />
            <p className="muted">{t("events.cardNeeded")}</p>
          </>
        )}
        <div className="form-grid">
          {mode === "card" ? <TextField meta={fields.cardNumber} label={t("events.cardNumber")} inputMode="numeric" autoComplete="off" /> : null}
          <TextField meta={fields.name} label={t(mode === "card" ? "events.nameOnCard" : "events.name")} autoComplete="name" />
          <TextField meta={fields.email} label={t("events.email")} type="email" autoComplete="email" />
          <TextField meta={fields.phone} label={t("events.phoneOptional")} type="tel" autoComplete="tel" />
          <TextField meta={fields.adults} label={t("events.adults")}  inputMode="numeric" />
          <TextField meta={fields.children} label={t("events.children")} inputMode="numeric" />
        </div>
        <p className="muted">{t("events.partyHint", { max: maxParty })}</p>
        {mode === "card" ? (
          // Open when the card turned out to be a child's and something is missing.
          <details className="child-consent" open={Boolean(fields.guardianName.errors || fields.guardianRelation.errors || fields.guardianPhone.errors || fields.childConsent.errors)}>
            <summary>{t("events.childSummary")}</summary>
            <p className="muted">{t("events.childLead")}</p>
            <div className="form-grid">
              <TextField meta={fields.guardianName} label={t("apply.guardianName")} autoComplete="off" />
              <TextField meta={fields.guardianPhone} label={t("apply.guardianPhone")} type="tel" />
              <GuardianRelationField meta={fields.guardianRelation} />
            </div>
            <ChildConsentField meta={fields.childConsent} />
          </details>
        ) : null}
        {full ? <p className="notice">{t("events.fullJoinsWaitlist")}</p> : null}
        <button type="submit" className="button">
          {full ? t("events.joinWaitlistButton") : t("events.registerButton")}
        </button>
      </Form>
    </section>
  );
}

function GroupForm({ lastResult }: { lastResult: Reply }) {
  const { t, i18n } = useTranslation();
  const [form, fields] = useForm({
    id: "group",
    lastResult,
    constraint: getZodConstraint(groupSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseSubmission(formData, groupSchema, { blankIsMissing: true }),
  });
  return (
    <section className="panel" aria-labelledby="group-title">
      <h2 id="group-title">{t("events.groupTitle")}</h2>
      <p className="muted">{t("events.groupLead")}</p>
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="group" />
        <input type="hidden" name="language" value={i18n.language === "en" ? "en" : "zh-CN"} />
        <FormError id={form.errorId} errors={form.errors} />
        <div className="form-grid">
          <TextField meta={fields.school} label={t("events.school")} />
          <TextField meta={fields.className} label={t("events.className")} />
          <TextField meta={fields.teacher} label={t("events.teacher")} autoComplete="name" />
          <TextField meta={fields.email} label={t("events.email")} type="email" autoComplete="email" />
          <TextField meta={fields.phone} label={t("events.phone")} type="tel" autoComplete="tel" />
          <TextField meta={fields.headCount} label={t("events.headCount")} inputMode="numeric" />
          <div className="form-field">
            <label htmlFor={fields.preferredDate.id}>{t("events.preferredDate")}</label>
            <input {...getInputProps(fields.preferredDate, { type: "date" })} />
          </div>
        </div>
        <TextAreaField meta={fields.notes} label={t("events.notes")} />
        <button type="submit" className="button">
          {t("events.groupButton")}
        </button>
      </Form>
    </section>
  );
}
