import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireVolunteer } from "#app/web/guards.server.ts";
import { cancelBooking } from "#app/modules/shifts/bookings.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { groupByDay } from "#app/modules/shifts/day-pages.ts";
import { mySchedule, type MyBooking } from "#app/modules/shifts/queries.server.ts";
import { formatClockRange, formatDay, formatHours, formatTimeSpan } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { fieldErrors } from "#app/lib/form.ts";
import { intId } from "#app/lib/input.ts";
import { pageTitle } from "#app/components/page-title.ts";
import { ConfirmLink, ConfirmStep, useConfirming } from "#app/components/confirm.tsx";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "schedule");

const cancelSchema = z.object({ intent: z.literal("cancel"), shiftId: intId });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireVolunteer(request);
  const { db } = await getServices();
  return mySchedule(db, user.id);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireVolunteer(request);
  const submission = await parseForm(request, cancelSchema);
  if (submission.status !== "success") return refuse(submission, { errors: { form: "shifts.refusal.not-booked" } });
  const services = await getServices();
  const result = await cancelBooking(appDeps(services), user.id, submission.value.shiftId);
  if (!result.ok) {
    const message = result.reason === "cutoff" && !result.deskPhone ? "shifts.refusal.cutoffNoPhone" : `shifts.refusal.${result.reason}`;
    return refuse(submission, { errors: { form: message }, data: { hours: result.cutoffHours ?? null, phone: result.deskPhone ?? null } });
  }
  return done({ message: result.wasWaitlisted ? "shifts.leftWaitlist" : result.late ? "shifts.cancelledLate" : "shifts.cancelled" });
}

/** Cancel or leave the waitlist (asking first); past the cut-off, who to call instead of a button. */
function CancelControl({ b, label }: { b: MyBooking; label: string }) {
  const { t } = useTranslation();
  if (b.status === "waitlisted") {
    return (
      <ConfirmLink intent="cancel" fields={{ shiftId: b.shiftId }} className="button button--quiet button--touch" label={`${t("shifts.leaveWaitlist")}: ${label}`}>
        {t("shifts.leaveWaitlist")}
      </ConfirmLink>
    );
  }
  if (b.cancelWindow === "started") return null;
  if (b.cancelWindow === "closed") {
    return <p className="muted">{b.deskPhone ? t("shifts.refusal.cutoff", { hours: b.cutoffHours, phone: b.deskPhone }) : t("shifts.refusal.cutoffNoPhone", { hours: b.cutoffHours })}</p>;
  }
  return (
    <ConfirmLink intent="cancel" fields={{ shiftId: b.shiftId }} className="button button--quiet button--touch" label={`${t("shifts.cancel")}: ${label}`}>
      {t("shifts.cancel")}
    </ConfirmLink>
  );
}

/** The question before a booking is given up: which shift, what follows. */
function ConfirmCancel({ b }: { b: MyBooking }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const facts = { when: formatTimeSpan(b.startsAt, b.endsAt, b.timezone, i18n.language), role: en ? b.roleEn : b.roleZh, branch: en ? b.branchEn : b.branchZh };
  const waiting = b.status === "waitlisted";
  return (
    <ConfirmStep
      headingLevel={1}
      title={waiting ? t("confirm.leaveWaitlist") : t("confirm.cancelShift")}
      confirmLabel={waiting ? t("confirm.leaveWaitlistYes") : t("confirm.cancelShiftYes")}
      fields={{ intent: "cancel", shiftId: b.shiftId }}
    >
      <p>{waiting ? t("confirm.leaveWaitlistText", { ...facts, position: b.position }) : t("confirm.cancelShiftText", facts)}</p>
      {!waiting && b.cancelWindow === "late" ? <p className="form-error">{t("confirm.cancelShiftLate", { hours: b.cutoffHours })}</p> : null}
    </ConfirmStep>
  );
}

/** Under its day's heading (h3), so the card's own heading is an h4. */
function UpcomingCard({ b }: { b: MyBooking }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const role = en ? b.roleEn : b.roleZh;
  const when = formatTimeSpan(b.startsAt, b.endsAt, b.timezone, i18n.language);
  const state =
    b.shiftCancelled ? t("shifts.state.shiftCancelled")
    : b.status === "confirmed" ? t("shifts.state.confirmed")
    : b.status === "waitlisted" ? t("shifts.state.waitlisted", { position: b.position })
    : b.status === "removed" ? t("shifts.state.removed")
    : b.lateCancellation ? t("shifts.state.cancelledLate")
    : t("shifts.state.cancelled");
  const active = (b.status === "confirmed" || b.status === "waitlisted") && !b.shiftCancelled;
  return (
    <li className="shift-card">
      <article aria-labelledby={`booking-${b.bookingId}`}>
        <h4 id={`booking-${b.bookingId}`}>
          <span className="shift-card__time">{formatClockRange(b.startsAt, b.endsAt, b.timezone)}</span> {role}
        </h4>
        <p>{en ? b.branchEn : b.branchZh}</p>
        <p>
          <span className={`status status--${b.status === "confirmed" && !b.shiftCancelled ? "sent" : b.status === "waitlisted" ? "queued" : "failed"}`}>{state}</span>
        </p>
        {active && b.status === "confirmed" ? (
          <p>
            <a href={`/volunteer/shifts/${b.shiftId}/ics`} download aria-label={`${t("shifts.addToCalendar")}: ${role} ${when}`}>
              {t("shifts.addToCalendar")}
            </a>
          </p>
        ) : null}
        {active ? <CancelControl b={b} label={`${role} ${when}`} /> : null}
      </article>
    </li>
  );
}

export default function MySchedule() {
  const { upcoming, past } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const confirming = useConfirming();
  const [params] = useSearchParams();
  const asked = confirming === "cancel" ? upcoming.find((b) => String(b.shiftId) === params.get("shiftId") && (b.status === "confirmed" || b.status === "waitlisted") && !b.shiftCancelled) : undefined;
  if (asked) return <ConfirmCancel b={asked} />;
  return (
    <>
      <h1>{t("shifts.scheduleTitle")}</h1>
      {result ? (
        <p className={result.status === "success" ? "notice" : "form-error"} role={result.status === "success" ? "status" : "alert"}>
          {t(result.message ?? fieldErrors(result, "")?.[0] ?? "", { hours: result.data?.hours, phone: result.data?.phone })}
        </p>
      ) : null}
      <h2>{t("shifts.upcoming")}</h2>
      {upcoming.length === 0 ? (
        <p>
          {t("shifts.noUpcoming")} <Link to="/volunteer/shifts">{t("shifts.findShifts")}</Link>
        </p>
      ) : (
        groupByDay(upcoming).map((day) => (
          <section key={day.date} aria-labelledby={`day-${day.date}`}>
            <h3 id={`day-${day.date}`} className="day-heading">
              {formatDay(day.items[0].startsAt, day.items[0].timezone, i18n.language, true)}
            </h3>
            <ul className="shift-cards">
              {day.items.map((b) => (
                <UpcomingCard key={b.bookingId} b={b} />
              ))}
            </ul>
          </section>
        ))
      )}
      <h2>{t("shifts.past")}</h2>
      {past.length === 0 ? (
        <p>{t("shifts.noPast")}</p>
      ) : (
        <ul className="shift-cards">
          {past.map((b) => (
            <li key={b.bookingId} className="shift-card">
              <article aria-labelledby={`booking-${b.bookingId}`}>
                <h3 id={`booking-${b.bookingId}`}>
                  <span className="shift-card__time">{formatTimeSpan(b.startsAt, b.endsAt, b.timezone, i18n.language)}</span> {en ? b.roleEn : b.roleZh}
                </h3>
                <p>{en ? b.branchEn : b.branchZh}</p>
                <dl className="facts">
                  <dt>{t("shifts.attendance")}</dt>
                  <dd>{b.shiftCancelled ? t("shifts.state.shiftCancelled") : b.noShow ? t("shifts.noShow") : b.checkedIn ? t("shifts.attended") : t("shifts.notRecorded")}</dd>
                  <dt>{t("shifts.hours")}</dt>
                  <dd>{formatHours(b.minutes)}</dd>
                </dl>
              </article>
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link to="/volunteer/hours">{t("shifts.seeHours")}</Link>
      </p>
    </>
  );
}
