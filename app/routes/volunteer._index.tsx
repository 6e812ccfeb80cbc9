import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocalized } from "#app/components/localized.ts";
import { requireVolunteer } from "#app/web/guards.server.ts";
import { feedToken, replaceFeedToken } from "#app/modules/feeds/feeds.server.ts";
import { myApplication } from "#app/modules/recruitment/queries.server.ts";
import { trainingsOf } from "#app/modules/trainings/trainings.server.ts";
import { volunteerZone } from "#app/modules/branches/branches.server.ts";
import { formatDay, formatTimeSpan } from "#app/lib/time.ts";
import { getVolunteerProfile } from "#app/modules/volunteers/profile.server.ts";
import { STATUS_LABEL } from "#app/modules/volunteers/status.ts";
import { getServices } from "#app/services.server.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { z } from "zod";
import { pageTitle } from "#app/components/page-title.ts";
import { ConfirmLink, ConfirmStep, useConfirming } from "#app/components/confirm.tsx";
import { listOpenShifts, mySchedule } from "#app/modules/shifts/queries.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "volunteerHome");

/** How many of the volunteer's coming shifts, and of the open shifts that fit them, the home page lists. */
const HOME_LIST = 5;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireVolunteer(request);
  const { db, config } = await getServices();
  const profile = await getVolunteerProfile(db, user.id);
  if (!profile) throw new Response("Not Found", { status: 404 });
  const [token, application, trainings, zone, schedule, open] = await Promise.all([
    feedToken(db, config.sessionSecret, user.id),
    myApplication(db, user.id),
    trainingsOf({ db }, user.id),
    volunteerZone(db, user.id, config.defaultTimeZone),
    mySchedule(db, user.id),
    // The same query and rule as /volunteer/shifts "only shifts I can take".
    user.status === "appointed" ? listOpenShifts(db, user.id, {}, true) : Promise.resolve([]),
  ]);
  const https = new URL(`/calendar/${token}.ics`, config.publicUrl).href;
  const now = Date.now();
  const upcoming = trainings.enrolments.filter((e) => e.status === "enrolled" && e.session_status === "scheduled" && new Date(e.ends_at).getTime() > now).reverse();
  const myShifts = schedule.upcoming.filter((b) => (b.status === "confirmed" || b.status === "waitlisted") && !b.shiftCancelled).slice(0, HOME_LIST);
  const fitting = open.filter((s) => s.myStatus === null && s.booked < s.capacity).slice(0, HOME_LIST);
  return { profile, application, myShifts, fitting, upcomingTrainings: upcoming, completedTrainings: trainings.completed.map((c) => ({ ...c, timezone: c.timezone ?? zone })), feed: { https, webcal: https.replace(/^https?:/, "webcal:") } };
}

const feedForm = z.object({ intent: z.literal("replace-feed") });

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireVolunteer(request);
  const submission = await parseForm(request, feedForm);
  if (submission.status !== "success") return refuse(submission);
  const { db, config } = await getServices();
  await replaceFeedToken(db, config.sessionSecret, user.id);
  return done({ message: "feed.replaced" });
}

export default function VolunteerHome() {
  const { profile, application, feed, myShifts, fitting, upcomingTrainings, completedTrainings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const en = i18n.language === "en";
  if (useConfirming() === "replace-feed") {
    return (
      <ConfirmStep headingLevel={1} title={t("confirm.replaceFeed")} confirmLabel={t("confirm.replaceFeedYes")} fields={{ intent: "replace-feed" }}>
        <p>{t("confirm.replaceFeedText")}</p>
      </ConfirmStep>
    );
  }
  return (
    <>
      <h1>{t("volunteer.title")}</h1>
      <p className="lead">{t("volunteer.welcome", { name: profile.name })}</p>
      <dl className="facts">
        <dt>{t("volunteer.status")}</dt>
        <dd>{t(STATUS_LABEL[profile.status])}</dd>
        <dt>{t("volunteer.email")}</dt>
        <dd>{profile.email}</dd>
        <dt>{t("volunteer.phone")}</dt>
        <dd>{profile.phone}</dd>
        <dt>{t("volunteer.homeBranch")}</dt>
        <dd>{profile.branch_name_zh ? localized({ name_zh: profile.branch_name_zh, name_en: profile.branch_name_en }, "name") : "—"}</dd>
      </dl>
      {application && application.status !== "appointed" ? (
        <section aria-labelledby="application-title" className="panel">
          <h2 id="application-title">{t("volunteer.application")}</h2>
          <p>
            <span className={`pipeline-status pipeline-status--${application.status}`}>{t(`pipeline.status.${application.status}`)}</span>
          </p>
          <p>{t(`email.application.next.${application.status}`)}</p>
        </section>
      ) : null}
      {profile.volunteer_number ? (
        <p>
          <Link to="/volunteer/appointment">{t("volunteer.appointmentLetter", { number: profile.volunteer_number })}</Link>
        </p>
      ) : null}
      <section aria-labelledby="my-shifts-title" className="panel">
        <h2 id="my-shifts-title">{t("volunteer.myShifts")}</h2>
        {myShifts.length === 0 ? (
          <p>{t("volunteer.noShifts")}</p>
        ) : (
          <ul className="roster">
            {myShifts.map((b) => (
              <li key={b.bookingId}>
                <strong>{formatTimeSpan(b.startsAt, b.endsAt, b.timezone, i18n.language)}</strong> · {en ? b.roleEn : b.roleZh} · {en ? b.branchEn : b.branchZh}
                {b.status === "waitlisted" ? ` · ${t("shifts.state.waitlisted", { position: b.position })}` : ""}
              </li>
            ))}
          </ul>
        )}
        <p>
          <Link to="/volunteer/schedule">{t("volunteer.allMyShifts")}</Link>
        </p>
      </section>
      {profile.status === "appointed" ? (
        <section aria-labelledby="fitting-title" className="panel">
          <h2 id="fitting-title">{t("volunteer.fittingShifts")}</h2>
          {fitting.length === 0 ? (
            <p>{t("volunteer.noFittingShifts")}</p>
          ) : (
            <ul className="roster">
              {fitting.map((s) => (
                <li key={s.id}>
                  <strong>{formatTimeSpan(s.startsAt, s.endsAt, s.timezone, i18n.language)}</strong> · {en ? s.roleEn : s.roleZh} · {en ? s.branchEn : s.branchZh} ·{" "}
                  {t("volunteer.placesLeft", { left: s.capacity - s.booked })}
                </li>
              ))}
            </ul>
          )}
          <p>
            <Link to="/volunteer/shifts?mine=1">{t("volunteer.findFitting")}</Link>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="trainings-title" className="panel">
        <h2 id="trainings-title">{t("volunteer.trainings")}</h2>
        {upcomingTrainings.length === 0 && completedTrainings.length === 0 ? <p>{t("volunteer.noTrainings")}</p> : null}
        {upcomingTrainings.length ? (
          <>
            <h3>{t("volunteer.upcomingTrainings")}</h3>
            <ul className="roster">
              {upcomingTrainings.map((e) => (
                <li key={e.id}>
                  <strong>{localized({ name_zh: e.training_zh, name_en: e.training_en }, "name")}</strong> · {formatTimeSpan(e.starts_at, e.ends_at, e.timezone, i18n.language)} ·{" "}
                  {localized({ name_zh: e.branch_zh, name_en: e.branch_en }, "name")}
                  {e.place ? ` · ${e.place}` : ""}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {completedTrainings.length ? (
          <>
            <h3>{t("volunteer.completedTrainings")}</h3>
            <ul>
              {completedTrainings.map((c) => (
                <li key={c.training_id}>
                  {localized(c, "name")} · {t("volunteer.completedOn", { date: formatDay(c.completed_at, c.timezone, i18n.language) })}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section aria-labelledby="feed-title" className="panel">
        <h2 id="feed-title">{t("feed.title")}</h2>
        <p>{t("feed.lead")}</p>
        {result?.status === "success" ? (
          <p className="notice" role="status">
            {t("feed.replaced")}
          </p>
        ) : null}
        <p className="button-row">
          <a className="button" href={feed.webcal}>
            {t("feed.subscribe")}
          </a>
          <a href={feed.https}>{t("feed.download")}</a>
        </p>
        <label htmlFor="feed-url">{t("feed.address")}</label>
        <input id="feed-url" className="feed-url" readOnly value={feed.https} />
        <p className="muted">{t("feed.private")}</p>
        <ConfirmLink intent="replace-feed" fields={{}} className="button button--quiet">
          {t("feed.replace")}
        </ConfirmLink>
      </section>
    </>
  );
}
