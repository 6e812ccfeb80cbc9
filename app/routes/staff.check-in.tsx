import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { authorize } from "#app/modules/auth/policy.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { branchesWhere } from "#app/modules/branches/branches.server.ts";
import { todaysEvents } from "#app/modules/events/queries.server.ts";
import { adjustHours, bookingBranch, checkIn, checkInSheet, checkOut } from "#app/modules/shifts/attendance.server.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";
import { adjustSchema } from "#app/modules/shifts/schemas.ts";
import { formatDate, formatHours } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages, intentSchema } from "#app/lib/form.ts";
import { intId } from "#app/lib/input.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "checkIn");


export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request, "shift.checkIn");
  const { db } = await getServices();
  const branches = await branchesWhere(db, user, "shift.checkIn");
  const wanted = new URL(request.url).searchParams.get("branch");
  const branch = branches.find((b) => b.code === wanted) ?? branches[0];
  if (!branch) return { branches, branch: null, today: null, shifts: [], events: [] };
  const today = todayIn(branch.timezone);
  const dayStart = new Date(`${today}T00:00:00Z`);
  // The branch's local day, padded: the list is filtered to what overlaps today in its zone below.
  const events = (await todaysEvents(db, [branch.code], new Date(dayStart.getTime() - 14 * 3600_000), new Date(dayStart.getTime() + 38 * 3600_000))).filter((e) => todayIn(e.timezone, new Date(e.starts_at)) === today);
  return {
    branches,
    branch: { code: branch.code, name_zh: branch.name_zh, name_en: branch.name_en, timezone: branch.timezone },
    today,
    shifts: await checkInSheet(db, branch.code, today),
    events: events.map((e) => ({ id: e.id, title_zh: e.title_zh, title_en: e.title_en, starts_at: e.starts_at, ends_at: e.ends_at, registered: e.registered, checked_in: e.checked_in })),
  };
}

const bookingOf = z.object({ bookingId: intId }).passthrough();
const checkInIntent = intentSchema(["check-in", "check-out", "adjust"] as const);
// The desk types hours ("1.5"); the record keeps minutes.
const adjustForm = z.preprocess((form) => {
  const { hours } = form as Record<string, unknown>;
  return { ...(form as object), minutes: hours === undefined || hours === "" ? undefined : Math.round(Number(hours) * 60) };
}, adjustSchema);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "shift.checkIn");
  const formData = await request.formData();
  const booking = await parseForm(formData, bookingOf);
  const notFound = { form: "checkIn.refusal.not-found" };
  if (booking.status !== "success") return refuse(booking, { errors: notFound });
  const { db } = await getServices();
  const actor = { user, requestId: context.requestId };
  const branch = await bookingBranch(db, booking.value.bookingId);
  if (!branch) return refuse(booking, { errors: notFound, status: 404 });
  authorize(user, "shift.checkIn", branch);
  const chosen = await parseForm(formData, checkInIntent);
  if (chosen.status !== "success") return refuse(chosen, { errors: notFound });
  const { intent } = chosen.value;
  if (intent === "adjust") {
    const submission = await parseForm(formData, adjustForm);
    if (submission.status !== "success") return refuse(submission);
    const result = await adjustHours(db, actor, submission.value.bookingId, submission.value.minutes, submission.value.reason);
    return result.ok ? done({ message: "checkIn.adjusted" }) : refuse(submission, { errors: { form: `checkIn.refusal.${result.reason}` } });
  }
  const bookingId = booking.value.bookingId;
  const result = intent === "check-in" ? await checkIn(db, actor, bookingId) : await checkOut(db, actor, bookingId);
  return result.ok ? done({ message: `checkIn.done.${intent}` }) : refuse(chosen, { errors: { form: `checkIn.refusal.${result.reason}` } });
}

export default function CheckIn() {
  const { branches, branch, today, shifts, events } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const en = i18n.language === "en";
  const clock = (d: Date | string) => new Intl.DateTimeFormat(i18n.language, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: branch?.timezone }).format(new Date(d));
  return (
    <>
      <h1>{t("checkIn.title")}</h1>
      {branch ? (
        <p className="lead">
          {localized(branch, "name")} · {today ? formatDate(today, i18n.language) : null} · <Link to={`/staff/check-in/kiosk?branch=${branch.code}`}>{t("kiosk.open")}</Link> · <Link to={`/staff/display?branch=${encodeURIComponent(branch.code)}`}>{t("display.open")}</Link>
        </p>
      ) : (
        <p>{t("checkIn.noBranch")}</p>
      )}
      {branches.length > 1 ? (
        <Form method="get" className="filters">
          <div className="form-field">
            <label htmlFor="ci-branch">{t("shifts.branch")}</label>
            <select id="ci-branch" name="branch" defaultValue={branch?.code}>
              {branches.map((b) => (
                <option key={b.code} value={b.code}>
                  {localized(b, "name")}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="button">
            {t("checkIn.show")}
          </button>
        </Form>
      ) : null}
      {events.length > 0 ? (
        <section aria-labelledby="events-today">
          <h2 id="events-today">{t("checkIn.eventsToday")}</h2>
          <ul>
            {events.map((e) => (
              <li key={e.id}>
                <Link to={`/staff/events/${e.id}`}>{localized(e, "title")}</Link> · {clock(e.starts_at)}–{clock(e.ends_at)} ·{" "}
                {t("checkIn.eventHeads", { checkedIn: e.checked_in ?? 0, registered: e.registered })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {result ? (
        <p className={result.status === "success" ? "notice" : "form-error"} role={result.status === "success" ? "status" : "alert"}>
          {result.status === "success" ? text(result.message ?? "") : Object.values(errorMessages(result)).map(text).join(" ")}
        </p>
      ) : null}
      {branch && shifts.length === 0 ? <p>{t("checkIn.noShifts")}</p> : null}
      {shifts.map((s) => (
        <section key={s.id} className="panel" aria-labelledby={`ci-shift-${s.id}`}>
          <h2 id={`ci-shift-${s.id}`}>
            {clock(s.startsAt)}–{clock(s.endsAt)} · {en ? s.roleEn : s.roleZh}{" "}
            <span className="muted">
              ({s.booked} / {s.capacity})
            </span>
          </h2>
          {s.minorsWithoutAdult ? (
            <p className="form-error" role="note">
              {t("wall.minorsWithoutAdult")}
            </p>
          ) : null}
          {s.people.length === 0 ? (
            <p>{t("plan.nobody")}</p>
          ) : (
            <ul className="roster check-in-list" aria-label={en ? s.roleEn : s.roleZh}>
              {s.people.map((p) => (
                <li key={p.bookingId}>
                  <p className="check-in-list__who">
                    <strong>{p.name}</strong> {p.phone ? <span className="muted">{p.phone}</span> : null}
                    {p.noShow ? <span className="status status--failed"> {t("shifts.noShow")}</span> : null}
                  </p>
                  <p className="check-in-list__times">
                    {t("checkIn.in")} {p.checkedInAt ? clock(p.checkedInAt) : "—"} · {t("checkIn.out")} {p.checkedOutAt ? clock(p.checkedOutAt) : "—"}
                  </p>
                  <div className="check-in-list__actions">
                    {!p.checkedInAt ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="check-in" />
                        <input type="hidden" name="bookingId" value={p.bookingId} />
                        <button type="submit" className="button button--touch" aria-label={`${t("checkIn.checkIn")} ${p.name}`}>
                          {t("checkIn.checkIn")}
                        </button>
                      </Form>
                    ) : !p.checkedOutAt ? (
                      <Form method="post">
                        <input type="hidden" name="intent" value="check-out" />
                        <input type="hidden" name="bookingId" value={p.bookingId} />
                        <button type="submit" className="button button--quiet button--touch" aria-label={`${t("checkIn.checkOut")} ${p.name}`}>
                          {t("checkIn.checkOut")}
                        </button>
                      </Form>
                    ) : (
                      <span className="status status--sent">{t("checkIn.complete")}</span>
                    )}
                    <Form method="post" className="check-in-list__adjust">
                      <input type="hidden" name="intent" value="adjust" />
                      <input type="hidden" name="bookingId" value={p.bookingId} />
                      <label htmlFor={`h-${p.bookingId}`}>
                        {t("checkIn.adjust")} <span className="visually-hidden">{p.name}</span>
                      </label>
                      <input id={`h-${p.bookingId}`} name="hours" type="number" step="0.5" min="0" max="24" className="narrow" defaultValue={p.minutes !== null ? formatHours(p.minutes) : ""} />
                      <label className="visually-hidden" htmlFor={`r-${p.bookingId}`}>
                        {t("checkIn.reasonFor", { name: p.name })}
                      </label>
                      <input id={`r-${p.bookingId}`} name="reason" maxLength={300} placeholder={t("checkIn.reason")} defaultValue={p.adjustReason ?? ""} />
                      <button type="submit" className="button button--quiet" aria-label={`${t("checkIn.save")} ${p.name}`}>
                        {t("checkIn.save")}
                      </button>
                    </Form>
                  </div>
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </>
  );
}
