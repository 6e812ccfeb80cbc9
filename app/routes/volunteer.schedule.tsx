import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireVolunteer } from "#app/modules/auth/guards.server.ts";
import { cancelBooking } from "#app/modules/shifts/bookings.server.ts";
import { shiftDeps } from "#app/modules/shifts/deps.server.ts";
import { mySchedule, type MyBooking } from "#app/modules/shifts/queries.server.ts";
import { formatHours, formatTimeSpan } from "#app/modules/time.ts";
import { getServices } from "#app/services.server.ts";
import { formValues, intId } from "#app/lib/input.ts";

export const meta: MetaFunction = () => [{ title: "我的班次 · 书香" }];

const cancelSchema = z.object({ intent: z.literal("cancel"), shiftId: intId });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireVolunteer(request);
  const { db } = await getServices();
  return mySchedule(db, user.id);
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireVolunteer(request);
  const parsed = cancelSchema.safeParse(formValues(await request.formData()));
  if (!parsed.success) return data({ ok: false as const, message: "shifts.refusal.not-booked", hours: null }, { status: 400 });
  const services = await getServices();
  const result = await cancelBooking(shiftDeps(services), user.id, parsed.data.shiftId);
  if (!result.ok) return data({ ok: false as const, message: `shifts.refusal.${result.reason}`, hours: result.cutoffHours ?? null }, { status: 400 });
  const message = result.wasWaitlisted ? "shifts.leftWaitlist" : result.late ? "shifts.cancelledLate" : "shifts.cancelled";
  return data({ ok: true as const, message, hours: null });
}

function Row({ b, cancellable }: { b: MyBooking; cancellable: boolean }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  const when = formatTimeSpan(b.startsAt, b.endsAt, b.timezone, i18n.language);
  const state =
    b.shiftCancelled ? t("shifts.state.shiftCancelled")
    : b.status === "confirmed" ? t("shifts.state.confirmed")
    : b.status === "waitlisted" ? t("shifts.state.waitlisted", { position: b.position })
    : b.status === "removed" ? t("shifts.state.removed")
    : b.lateCancellation ? t("shifts.state.cancelledLate")
    : t("shifts.state.cancelled");
  return (
    <tr>
      <td>{when}</td>
      <td>{en ? b.branchEn : b.branchZh}</td>
      <td>{en ? b.roleEn : b.roleZh}</td>
      <td>
        <span className={`status status--${b.status === "confirmed" && !b.shiftCancelled ? "sent" : b.status === "waitlisted" ? "queued" : "failed"}`}>{state}</span>
      </td>
      <td className="button-row">
        {cancellable && b.status === "confirmed" && !b.shiftCancelled ? (
          <a href={`/volunteer/shifts/${b.shiftId}/ics`} download aria-label={`${t("shifts.addToCalendar")}: ${en ? b.roleEn : b.roleZh} ${when}`}>
            {t("shifts.addToCalendar")}
          </a>
        ) : null}
        {cancellable && (b.status === "confirmed" || b.status === "waitlisted") && !b.shiftCancelled ? (
          <Form method="post">
            <input type="hidden" name="intent" value="cancel" />
            <input type="hidden" name="shiftId" value={b.shiftId} />
            <button type="submit" className="button button--quiet" aria-label={`${b.status === "waitlisted" ? t("shifts.leaveWaitlist") : t("shifts.cancel")}: ${en ? b.roleEn : b.roleZh} ${when}`}>
              {b.status === "waitlisted" ? t("shifts.leaveWaitlist") : t("shifts.cancel")}
            </button>
          </Form>
        ) : null}
      </td>
    </tr>
  );
}

export default function MySchedule() {
  const { upcoming, past } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const en = i18n.language === "en";
  return (
    <>
      <h1>{t("shifts.scheduleTitle")}</h1>
      {result ? (
        <p className={result.ok ? "notice" : "form-error"} role={result.ok ? "status" : "alert"}>
          {t(result.message, { hours: result.hours })}
        </p>
      ) : null}
      <h2>{t("shifts.upcoming")}</h2>
      {upcoming.length === 0 ? (
        <p>
          {t("shifts.noUpcoming")} <Link to="/volunteer/shifts">{t("shifts.findShifts")}</Link>
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">{t("shifts.upcoming")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("shifts.when")}</th>
                <th scope="col">{t("shifts.branch")}</th>
                <th scope="col">{t("shifts.role")}</th>
                <th scope="col">{t("shifts.status")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("shifts.action")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {upcoming.map((b) => (
                <Row key={b.bookingId} b={b} cancellable />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t("shifts.past")}</h2>
      {past.length === 0 ? (
        <p>{t("shifts.noPast")}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="visually-hidden">{t("shifts.past")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("shifts.when")}</th>
                <th scope="col">{t("shifts.branch")}</th>
                <th scope="col">{t("shifts.role")}</th>
                <th scope="col">{t("shifts.attendance")}</th>
                <th scope="col">{t("shifts.hours")}</th>
              </tr>
            </thead>
            <tbody>
              {past.map((b) => (
                <tr key={b.bookingId}>
                  <td>{formatTimeSpan(b.startsAt, b.endsAt, b.timezone, i18n.language)}</td>
                  <td>{en ? b.branchEn : b.branchZh}</td>
                  <td>{en ? b.roleEn : b.roleZh}</td>
                  <td>{b.shiftCancelled ? t("shifts.state.shiftCancelled") : b.noShow ? t("shifts.noShow") : b.checkedIn ? t("shifts.attended") : t("shifts.notRecorded")}</td>
                  <td>{formatHours(b.minutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <Link to="/volunteer/hours">{t("shifts.seeHours")}</Link>
      </p>
    </>
  );
}
