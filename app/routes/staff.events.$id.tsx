// One event for staff: who registered (people, school groups, the waitlist), the desk's check-in
// with a head count, groups to accept or decline, the helper shifts, and — for coordinators —
// change or cancel (everyone registered and every helper is told).
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { useRef } from "react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { EventFields, type EventDefaults } from "#app/components/event-fields.tsx";
import { FilterError, invalidProps, useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { authorize, can } from "#app/modules/auth/policy.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { listRooms } from "#app/modules/branches/branches.server.ts";
import { cancelEvents, updateEvent, type RoomClash } from "#app/modules/events/events.server.ts";
import { eventRegistrations, eventShifts, getEvent } from "#app/modules/events/queries.server.ts";
import { checkInByCode, checkInRegistration, decideGroup, type ArrivingParty } from "#app/modules/events/registrations.server.ts";
import { checkInCodeSchema } from "#app/modules/events/check-in-code.ts";
import { CodeScanner } from "#app/components/code-scanner.tsx";
import { cancelEventSchema, editEventSchema } from "#app/modules/events/schemas.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { wallClock } from "#app/lib/wall-time.ts";
import { formatDate, formatTimeSpan } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { filterStatus, intId, parseFilters, safeText, wholeNumber } from "#app/lib/input.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, intentSchema, resultFor, typed, typedValues } from "#app/lib/form.ts";
import { ConfirmForm, ConfirmStep, useConfirming } from "#app/components/confirm.tsx";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "staffEvent");

// The desk scans check-in codes with this page's camera: the only page that may ask for it (every
// other response keeps server.ts's camera=()).
export const headers: HeadersFunction = () => ({ "Permissions-Policy": "camera=(self), microphone=(), geolocation=(), payment=()" });

const idSchema = intId;

async function load(request: Request, idParam: string | undefined) {
  const user = await requireStaff(request, "event.view");
  const id = idSchema.safeParse(idParam);
  if (!id.success) throw new Response("Not Found", { status: 404 });
  const { db } = await getServices();
  const event = await getEvent(db, id.data);
  if (!event) throw new Response("Not Found", { status: 404 });
  authorize(user, "event.view", event.branch_code);
  return { user, event, db };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, event, db } = await load(request, params.id);
  const { filters, errors } = parseFilters(request.url, { q: safeText(50) });
  const search = filters.q ?? "";
  const [registrations, shifts, rooms] = await Promise.all([eventRegistrations(db, event.id, search), eventShifts(db, event.id), listRooms(db, [event.branch_code])]);
  return data({
    errors,
    canPlan: can(user, "event.plan", event.branch_code),
    event: { ...event, start: wallClock(event.starts_at, event.timezone), end: wallClock(event.ends_at, event.timezone) },
    registrations,
    shifts,
    search,
    rooms: rooms.filter((r) => r.active).map((r) => ({ id: r.id, branch_code: r.branch_code, name_zh: r.name_zh, name_en: r.name_en, capacity: r.capacity })),
    checkedIn: registrations.reduce((n, r) => n + (r.checked_in_count ?? 0), 0),
  }, filterStatus(errors));
}

const eventIntent = intentSchema(["checkin", "undo", "code", "accept", "decline", "edit", "cancel"] as const);
const checkInForm = z.object({ registrationId: intId, count: wholeNumber(0, 1000) });
// Undoing sets the arrival back to none.
const undoForm = z.object({ registrationId: intId }).transform((v) => ({ ...v, count: null }));
const codeForm = z.object({ code: checkInCodeSchema });
const decideForm = z.object({ registrationId: intId, reason: safeText(300).optional() });

/** What the page shows beside an answer: a room's clash, the party a code belongs to, how many were told. */
type EventAnswer = { clash?: RoomClash; party?: ArrivingParty | null; notified?: number };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, event } = await load(request, params.id);
  const formData = await request.formData();
  const chosen = await parseForm(formData, eventIntent);
  if (chosen.status !== "success") return refuse(chosen, { errors: { form: "events.errors.unknownAction" } });
  const { intent } = chosen.value;
  const deps = appDeps(await getServices());
  const now = new Date();
  switch (intent) {
    case "checkin":
    case "undo": {
      authorize(user, "event.checkIn", event.branch_code);
      const submission = await parseForm(formData, intent === "undo" ? undoForm : checkInForm);
      if (submission.status !== "success") return refuse(submission, { form: "checkin" });
      const result = await checkInRegistration(deps, user, submission.value.registrationId, submission.value.count, now, context.requestId);
      return result.ok ? done<EventAnswer>({ form: "checkin", message: "events.staff.checkedIn" }) : refuse(submission, { form: "checkin", errors: result.errors, status: result.status });
    }
    case "code": {
      authorize(user, "event.checkIn", event.branch_code);
      const submission = await parseForm(formData, codeForm);
      if (submission.status !== "success") return refuse(submission, { form: "code" });
      const result = await checkInByCode(deps, user, event.id, submission.value.code, now, context.requestId);
      if (!result.ok) return refuse<EventAnswer>(submission, { form: "code", errors: result.errors, status: result.status, data: { party: result.party ?? null } });
      return done<EventAnswer>({ form: "code", message: "events.staff.codeCheckedIn", data: { party: result.party } });
    }
    case "accept":
    case "decline": {
      authorize(user, "event.decideGroup", event.branch_code);
      const submission = await parseForm(formData, decideForm);
      if (submission.status !== "success") return refuse(submission, { form: "decide", errors: submission.error?.registrationId ? { form: "events.errors.notFound" } : {} });
      const result = await decideGroup(deps, user, submission.value.registrationId, intent, submission.value.reason || null, now, context.requestId);
      return result.ok ? done<EventAnswer>({ form: "decide", message: intent === "accept" ? "events.staff.accepted" : "events.staff.declined" }) : refuse(submission, { form: "decide", errors: result.errors, status: result.status });
    }
    case "edit": {
      authorize(user, "event.plan", event.branch_code);
      const submission = await parseForm(formData, editEventSchema);
      if (submission.status !== "success") return refuse(submission, { form: "edit" });
      const result = await updateEvent(deps, user, event.id, submission.value, now, context.requestId);
      if (!result.ok) return refuse<EventAnswer>(submission, { form: "edit", errors: result.errors, status: result.status, data: result.clash ? { clash: result.clash } : undefined });
      return done<EventAnswer>({ form: "edit", message: "events.staff.saved", data: { notified: result.notified } });
    }
    case "cancel": {
      authorize(user, "event.plan", event.branch_code);
      const submission = await parseForm(formData, cancelEventSchema);
      if (submission.status !== "success") return refuse(submission, { form: "cancel" });
      const result = await cancelEvents(deps, user, event.id, submission.value.reason, submission.value.scope, now, context.requestId);
      return result.ok ? done<EventAnswer>({ form: "cancel", message: "events.staff.cancelledDone", data: { notified: result.notified } }) : refuse(submission, { form: "cancel", errors: result.errors, status: result.status });
    }
  }
}

/** What the desk typed, given back in the field after a refusal (without control characters). */
const shownCode = (value: string | undefined) => (value ?? "").replace(/[\u0000-\u001F\u007F]/g, "").slice(0, 40);

export default function StaffEvent() {
  const { canPlan, event, registrations, shifts, search, errors: filterErrors, rooms, checkedIn } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const edited = resultFor(result, "edit");
  const cancelled = resultFor(result, "cancel");
  const errors = errorMessages(result);
  const clash = edited?.data?.clash ?? null;
  const confirmed = registrations.filter((r) => r.status === "confirmed");
  const requested = registrations.filter((r) => r.status === "requested");
  const waiting = registrations.filter((r) => r.status === "waitlisted");
  const title = localized(event, "title");
  const confirming = useConfirming();
  const codeForm = useRef<HTMLFormElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const navigation = useNavigation();
  const partyText = (p: ArrivingParty) => ({
    name: p.kind === "group" ? `${p.school ?? ""} ${p.class_name ?? ""} · ${p.name}` : p.name,
    party: p.kind === "group" ? t("events.headCountValue", { count: p.places }) : t("events.partyValue", { adults: p.adults, children: p.children }),
  });
  // The answer to a scanned or typed code: who it is (checked in or not) and what was typed.
  const codeResult = resultFor(result, "code");
  const codeParty = codeResult?.data?.party ? partyText(codeResult.data.party) : null;
  const codeRefused = codeResult?.status === "error";
  // The event's stored values, or what was typed into a refused edit (an unticked box is not sent).
  const stored: EventDefaults = {
    titleZh: event.title_zh, titleEn: event.title_en, descriptionZh: event.description_zh, descriptionEn: event.description_en, kind: event.kind, audience: event.audience,
    roomId: event.room_id, place: event.place, date: event.local_date, start: event.start, end: event.end, capacity: event.capacity, maxParty: event.max_party,
    cardRequired: event.card_required, guestsAllowed: event.guests_allowed, closesHoursBefore: event.registration_closes_at ? Math.round((new Date(event.starts_at).getTime() - new Date(event.registration_closes_at).getTime()) / 3600_000) : 0,
    opensDaysBefore: event.registration_opens_at ? Math.floor((new Date(event.starts_at).getTime() - new Date(event.registration_opens_at).getTime()) / 86400_000) : null, accessibilityZh: event.accessibility_zh, accessibilityEn: event.accessibility_en, partner: event.partner,
  };
  const typedEdit = edited?.status === "error" ? typedValues(edited) : null;
  const editDefaults: EventDefaults = typedEdit ? { ...stored, ...(typedEdit as EventDefaults), cardRequired: typedEdit.cardRequired === "on", guestsAllowed: typedEdit.guestsAllowed === "on" } : stored;
  if (canPlan && event.status !== "cancelled" && confirming === "cancel") {
    const reason = params.get("reason") ?? "";
    const scope = params.get("scope") === "following" ? "following" : "one";
    return (
      <ConfirmStep headingLevel={1} title={t("confirm.cancelEvent")} confirmLabel={t("confirm.cancelEventYes")} fields={{ intent: "cancel", reason, scope }}>
        <p>
          <strong>{title}</strong> · {formatTimeSpan(event.starts_at, event.ends_at, event.timezone, i18n.language)}
        </p>
        <p>{t("confirm.cancelEventText", { reason })}</p>
        {scope === "following" ? <p>{t("confirm.cancelStaffShiftFollowing")}</p> : null}
      </ConfirmStep>
    );
  }
  return (
    <>
      <p>
        <Link to="/staff/events">{t("events.staff.back")}</Link>
      </p>
      <h1>{title}</h1>
      {params.get("created") ? (
        <p className="notice" role="status">
          {t("events.staff.created", { count: Number(params.get("created")) })}
        </p>
      ) : null}
      {result?.status === "success" && result.form !== "code" ? (
        <p className="notice" role="status">
          {t(result.message ?? "", { count: result.data?.notified ?? 0 })}
        </p>
      ) : null}
      {result?.status === "error" && !codeResult && (errors.form || !(edited || cancelled)) ? (
        <p className="form-error" role="alert">
          {text(errors.form ?? Object.values(errors)[0] ?? "plan.fixErrors")}
        </p>
      ) : null}
      <dl className="facts">
        <dt>{t("events.when")}</dt>
        <dd>
          {formatTimeSpan(event.starts_at, event.ends_at, event.timezone, i18n.language)}
          {event.status === "cancelled" ? <strong> · {t("events.statuses.cancelled")}</strong> : null}
        </dd>
        <dt>{t("events.where")}</dt>
        <dd>
          {localized({ name_zh: event.branch_zh, name_en: event.branch_en }, "name")}
          {event.room_zh ? ` · ${localized({ name_zh: event.room_zh, name_en: event.room_en ?? event.room_zh }, "name")}` : ""}
          {event.place ? ` · ${event.place}` : ""}
        </dd>
        <dt>{t("events.staff.registered")}</dt>
        <dd>
          {t("events.staff.registeredOf", { registered: event.registered, capacity: event.capacity })}
          {event.waiting ? ` · ${t("events.staff.waiting", { count: event.waiting })}` : ""}
        </dd>
        <dt>{t("events.staff.headCount")}</dt>
        <dd>{t("events.staff.headCountValue", { count: checkedIn })}</dd>
      </dl>
      <p>
        <Link to={`/events/${event.id}`}>{t("events.staff.publicPage")}</Link>
      </p>

      <section aria-labelledby="checkin-title">
        <h2 id="checkin-title">{t("events.staff.checkInTitle")}</h2>
        <div className="code-check-in">
          <CodeScanner
            onCode={(text) => {
              if (!codeInput.current || !codeForm.current || navigation.state !== "idle") return;
              codeInput.current.value = text.slice(0, 40);
              codeForm.current.requestSubmit();
            }}
          />
          <Form method="post" className="code-check-in__form" ref={codeForm}>
            <input type="hidden" name="intent" value="code" />
            <div className="form-field">
              <label htmlFor="check-in-code">{t("events.staff.code")}</label>
              <div className="code-check-in__row">
                <input
                  ref={codeInput}
                  id="check-in-code"
                  name="code"
                  required
                  maxLength={40}
                  autoComplete="off"
                  autoCapitalize="characters"
                  spellCheck={false}
                  key={codeResult?.status === "success" ? "done" : "typing"}
                  defaultValue={shownCode(typed(codeResult, "code"))}
                  aria-describedby={codeRefused ? "check-in-code-hint check-in-code-error" : "check-in-code-hint"}
                  {...(errors.code && !codeParty ? { "aria-invalid": true } : {})}
                />
                <button type="submit" className="button">
                  {t("events.staff.codeButton")}
                </button>
              </div>
              <p id="check-in-code-hint" className="muted">
                {t("events.staff.codeHint")}
              </p>
            </div>
          </Form>
          {codeResult?.status === "success" && codeParty ? (
            <p className="notice code-check-in__result" role="status">
              {t("events.staff.codeCheckedIn", codeParty)}
            </p>
          ) : null}
          {codeRefused ? (
            <div id="check-in-code-error" className="form-error code-check-in__result" role="alert">
              <p>{text(errors.code ?? errors.form ?? "events.errors.unknownAction")}</p>
              {codeParty ? <p>{t("events.staff.codeParty", codeParty)}</p> : null}
            </div>
          ) : null}
        </div>
        <Form method="get" className="filters" role="search">
          <div className="form-field">
            <label htmlFor="q">{t("events.staff.search")}</label>
            <input id="q" name="q" type="search" defaultValue={search} maxLength={50} {...invalidProps("q", filterErrors.q)} />
            <FilterError id="q" error={filterErrors.q} />
          </div>
          <button type="submit" className="button button--quiet">
            {t("events.staff.find")}
          </button>
        </Form>
        {confirmed.length === 0 ? (
          <p>{t("events.staff.noneRegistered")}</p>
        ) : (
          <div className="table-wrap">
            <table className="data data--stack">
              <caption>{t("events.staff.confirmedCaption", { count: confirmed.length })}</caption>
              <thead>
                <tr>
                  <th scope="col">{t("events.who")}</th>
                  <th scope="col">{t("events.cardNumber")}</th>
                  <th scope="col">{t("events.places")}</th>
                  <th scope="col">{t("events.staff.arrived")}</th>
                </tr>
              </thead>
              <tbody>
                {confirmed.map((r) => (
                  <tr key={r.id}>
                    <th scope="row">
                      {r.kind === "group" ? `${r.school} ${r.class_name} · ${r.name}` : r.name}
                      {r.no_show ? <div className="muted">{t("events.staff.noShow")}</div> : null}
                    </th>
                    <td data-label={t("events.cardNumber")}>{r.card_number ?? (r.volunteer_id ? t("events.staff.volunteer") : t("events.staff.guest"))}</td>
                    <td data-label={t("events.places")}>{r.kind === "group" ? t("events.headCountValue", { count: r.places }) : t("events.partyValue", { adults: r.adults, children: r.children })}</td>
                    <td data-label={t("events.staff.arrived")}>
                      {r.checked_in_at ? (
                        <Form method="post" className="inline-form">
                          <span>{t("events.staff.arrivedCount", { count: r.checked_in_count ?? 0 })}</span>
                          <input type="hidden" name="intent" value="undo" />
                          <input type="hidden" name="registrationId" value={r.id} />
                          <button type="submit" className="button button--quiet" aria-label={`${t("events.staff.undo")}: ${r.name}`}>
                            {t("events.staff.undo")}
                          </button>
                        </Form>
                      ) : (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="checkin" />
                          <input type="hidden" name="registrationId" value={r.id} />
                          <label className="visually-hidden" htmlFor={`count-${r.id}`}>
                            {t("events.staff.howMany", { name: r.name })}
                          </label>
                          <input id={`count-${r.id}`} name="count" type="number" min={0} max={1000} defaultValue={r.places} className="narrow" />
                          <button type="submit" className="button" aria-label={`${t("events.staff.checkIn")}: ${r.name}`}>
                            {t("events.staff.checkIn")}
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {requested.length > 0 ? (
        <section aria-labelledby="groups-title">
          <h2 id="groups-title">{t("events.staff.groupsTitle")}</h2>
          <ul className="plain-list">
            {requested.map((r) => (
              <li key={r.id} className="panel">
                <p>
                  <strong>
                    {r.school} {r.class_name}
                  </strong>{" "}
                  · {r.name} · {r.email} · {r.phone} · {t("events.headCountValue", { count: r.places })}
                  {r.preferred_date ? ` · ${t("events.preferredDate")}: ${formatDate(r.preferred_date, i18n.language)}` : ""}
                </p>
                {r.notes ? <p className="muted">{r.notes}</p> : null}
                {canPlan ? (
                  <div className="button-row">
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="accept" />
                      <input type="hidden" name="registrationId" value={r.id} />
                      <button type="submit" className="button" aria-label={`${t("events.staff.accept")}: ${r.school} ${r.class_name}`}>
                        {t("events.staff.accept")}
                      </button>
                    </Form>
                    <Form method="post" className="inline-form">
                      <input type="hidden" name="intent" value="decline" />
                      <input type="hidden" name="registrationId" value={r.id} />
                      <label className="visually-hidden" htmlFor={`reason-${r.id}`}>
                        {t("events.staff.declineReason")}
                      </label>
                      <input id={`reason-${r.id}`} name="reason" maxLength={300} placeholder={t("events.staff.declineReason")} />
                      <button type="submit" className="button button--quiet" aria-label={`${t("events.staff.decline")}: ${r.school} ${r.class_name}`}>
                        {t("events.staff.decline")}
                      </button>
                    </Form>
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {waiting.length > 0 ? (
        <section aria-labelledby="waiting-title">
          <h2 id="waiting-title">{t("events.staff.waitlistTitle")}</h2>
          <ol>
            {waiting.map((r) => (
              <li key={r.id}>
                {r.name} · {t("events.partyValue", { adults: r.adults, children: r.children })}
              </li>
            ))}
          </ol>
        </section>
      ) : null}

      <section aria-labelledby="helpers-title">
        <h2 id="helpers-title">{t("events.staff.helpersTitle")}</h2>
        {shifts.length === 0 ? (
          <p>{t("events.staff.noHelpers")}</p>
        ) : (
          <ul>
            {shifts.map((s) => (
              <li key={s.id}>
                <Link to={`/staff/shifts/${s.id}`}>{localized(s, "name")}</Link> · {t("events.staff.helpersBooked", { booked: s.booked, capacity: s.capacity })}
                {s.status === "cancelled" ? ` · ${t("events.statuses.cancelled")}` : ""}
              </li>
            ))}
          </ul>
        )}
      </section>

      {canPlan && event.status === "scheduled" ? (
        <>
          <section className="panel" aria-labelledby="edit-title">
            <h2 id="edit-title">{t("events.staff.editTitle")}</h2>
            <p className="muted">{t("events.staff.editLead")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="edit" />
              <EventFields
                prefix="edit"
                rooms={rooms}
                errors={edited ? errors : {}}
                clashText={clash ? t("events.errors.roomClashWith", { title: localized(clash, "title"), when: formatTimeSpan(clash.starts_at, clash.ends_at, clash.timezone, i18n.language) }) : undefined}
                defaults={editDefaults}
              />
              <button type="submit" className="button">
                {t("events.staff.save")}
              </button>
            </Form>
          </section>
          <section className="panel" aria-labelledby="cancel-title">
            <h2 id="cancel-title">{t("events.staff.cancelTitle")}</h2>
            <ConfirmForm intent="cancel">
              <div className="form-field">
                <label htmlFor="cancel-reason">{t("events.staff.cancelReason")}</label>
                <input id="cancel-reason" name="reason" required maxLength={300} defaultValue={typed(cancelled, "reason")} {...(cancelled && errors.reason ? { "aria-invalid": true, "aria-describedby": "cancel-reason-error" } : {})} />
                {cancelled && errors.reason ? (
                  <p id="cancel-reason-error" className="field-error" role="alert">
                    {text(errors.reason)}
                  </p>
                ) : null}
              </div>
              {event.series_id ? (
                <fieldset className="group">
                  <legend>{t("plan.scope")}</legend>
                  <label className="choice">
                    <input type="radio" name="scope" value="one" defaultChecked /> {t("plan.scopeOne")}
                  </label>
                  <label className="choice">
                    <input type="radio" name="scope" value="following" /> {t("plan.scopeFollowing")}
                  </label>
                </fieldset>
              ) : null}
              <button type="submit" className="button button--danger">
                {t("events.staff.cancelButton")}
              </button>
            </ConfirmForm>
          </section>
        </>
      ) : null}
    </>
  );
}
