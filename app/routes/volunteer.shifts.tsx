import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FilterError, invalidProps } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { calendarDate, code, filterStatus, intId, parseFilters, wholeNumber } from "#app/lib/input.ts";
import { requireVolunteer } from "#app/web/guards.server.ts";
import { listBranches, listRoles } from "#app/modules/branches/branches.server.ts";
import { bookShift } from "#app/modules/shifts/bookings.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { openShiftsPage } from "#app/modules/shifts/queries.server.ts";
import { formatClockRange, formatDay, formatTimeSpan } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { fieldErrors } from "#app/lib/form.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "findShifts");

const filterFields = { branch: code(), role: intId, from: calendarDate, to: calendarDate, mine: z.literal("1"), page: wholeNumber(1, 10_000) };
const bookSchema = z.object({ intent: z.literal("book"), shiftId: intId });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireVolunteer(request);
  const { filters: filter, errors } = parseFilters(request.url, filterFields);
  const { db } = await getServices();
  const [branches, roles, shifts] = await Promise.all([
    listBranches(db),
    listRoles(db),
    openShiftsPage(db, user.id, { branch: filter.branch, roleId: filter.role, from: filter.from, to: filter.to }, filter.mine === "1", filter.page ?? 1),
  ]);
  // Why a shift the volunteer cannot take is out of reach: their standing first, then the role's training.
  const standing = user.status === "appointed" ? null : user.status === "paused" ? "shifts.refusal.paused" : user.status === "applicant" ? "shifts.notAppointed" : "shifts.refusal.not-volunteer";
  return data({ filter, errors, branches, roles, shifts, standing }, filterStatus(errors));
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireVolunteer(request);
  const submission = await parseForm(request, bookSchema);
  if (submission.status !== "success") return refuse(submission, { errors: { form: "shifts.refusal.not-found" } });
  const { shiftId } = submission.value;
  const services = await getServices();
  const result = await bookShift(appDeps(services), user.id, shiftId);
  if (!result.ok) return refuse(submission, { errors: { form: `shifts.refusal.${result.reason}` }, status: result.reason === "not-found" ? 404 : 400 });
  return done({ message: result.status === "confirmed" ? "shifts.booked" : "shifts.waitlisted", data: { shiftId, position: result.status === "waitlisted" ? result.position : null } });
}

export default function BrowseShifts() {
  const { filter, errors, branches, roles, shifts, standing } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const location = useLocation();
  const en = i18n.language === "en";
  // Paging keeps the filters: the same query with another page.
  const pageLink = (page: number) => {
    const query = new URLSearchParams(location.search);
    query.set("page", String(page));
    return `?${query}`;
  };
  return (
    <>
      <h1>{t("shifts.browseTitle")}</h1>
      <p className="lead">{t("shifts.browseLead")}</p>
      {standing ? (
        <p className="notice">
          {t(standing)} <Link to="/volunteer">{t("shifts.seeApplication")}</Link>
        </p>
      ) : null}
      {result ? (
        <p className={result.status === "success" ? "notice" : "form-error"} role={result.status === "success" ? "status" : "alert"}>
          {t(result.message ?? fieldErrors(result, "")?.[0] ?? "", { position: result.data?.position ?? undefined })}{" "}
          {result.status === "success" ? <Link to="/volunteer/schedule">{t("shifts.seeSchedule")}</Link> : null}
          {result.status === "success" && result.message === "shifts.booked" ? (
            <>
              {" · "}
              <a href={`/volunteer/shifts/${result.data?.shiftId}/ics`} download>
                {t("shifts.addToCalendar")}
              </a>
            </>
          ) : null}
        </p>
      ) : null}
      <Form method="get" className="filters" aria-label={t("shifts.filters")}>
        <div className="form-field">
          <label htmlFor="f-branch">{t("shifts.branch")}</label>
          <select id="f-branch" name="branch" defaultValue={filter.branch ?? ""} {...invalidProps("f-branch", errors.branch)}>
            <option value="">{t("shifts.allBranches")}</option>
            {branches.map((b) => (
              <option key={b.code} value={b.code}>
                {localized(b, "name")}
              </option>
            ))}
          </select>
          <FilterError id="f-branch" error={errors.branch} />
        </div>
        <div className="form-field">
          <label htmlFor="f-role">{t("shifts.role")}</label>
          <select id="f-role" name="role" defaultValue={filter.role ?? ""} {...invalidProps("f-role", errors.role)}>
            <option value="">{t("shifts.allRoles")}</option>
            {roles.map((r) => (
              <option key={r.id} value={r.id}>
                {localized(r, "name")}
              </option>
            ))}
          </select>
          <FilterError id="f-role" error={errors.role} />
        </div>
        <div className="form-field">
          <label htmlFor="f-from">{t("shifts.from")}</label>
          <input id="f-from" type="date" name="from" defaultValue={filter.from ?? ""} {...invalidProps("f-from", errors.from)} />
          <FilterError id="f-from" error={errors.from} />
        </div>
        <div className="form-field">
          <label htmlFor="f-to">{t("shifts.to")}</label>
          <input id="f-to" type="date" name="to" defaultValue={filter.to ?? ""} {...invalidProps("f-to", errors.to)} />
          <FilterError id="f-to" error={errors.to} />
        </div>
        <div className="form-field form-field--check">
          <input id="f-mine" type="checkbox" name="mine" value="1" defaultChecked={filter.mine === "1"} />
          <label htmlFor="f-mine">{t("shifts.onlyMine")}</label>
        </div>
        <button type="submit" className="button">
          {t("shifts.apply")}
        </button>
      </Form>
      {shifts.total === 0 ? (
        <p>{t("shifts.none")}</p>
      ) : (
        <>
          <p className="muted">{t("shifts.count", { count: shifts.total })}</p>
          {shifts.days.map((day) => (
            <section key={day.date} aria-labelledby={`day-${day.date}`}>
              <h2 id={`day-${day.date}`} className="day-heading">
                {formatDay(day.items[0].startsAt, day.items[0].timezone, i18n.language, true)}
              </h2>
              <ul className="shift-cards">
                {day.items.map((s) => {
                  const left = s.capacity - s.booked;
                  const role = en ? s.roleEn : s.roleZh;
                  const clock = formatClockRange(s.startsAt, s.endsAt, s.timezone);
                  return (
                    <li key={s.id} id={`shift-${s.id}`} className="shift-card">
                      <article aria-labelledby={`shift-${s.id}-title`}>
                        <h3 id={`shift-${s.id}-title`}>
                          <span className="shift-card__time">{clock}</span> {role}
                        </h3>
                        <p>{en ? s.branchEn : s.branchZh}</p>
                        {s.notes ? <p className="muted">{s.notes}</p> : null}
                        <p>
                          {left > 0 ? t("shifts.left", { left, capacity: s.capacity }) : <strong>{t("shifts.full")}</strong>}
                          {s.waitlisted > 0 ? ` · ${t("shifts.waiting", { count: s.waitlisted })}` : null}
                        </p>
                        {s.myStatus === "confirmed" ? (
                          <p className="status status--sent">{t("shifts.youAreBooked")}</p>
                        ) : s.myStatus === "waitlisted" ? (
                          <p className="status status--queued">{t("shifts.youAreWaiting")}</p>
                        ) : s.refusal ? (
                          <p className="muted">{t(`shifts.cannot.${s.refusal}`)}</p>
                        ) : (
                          <Form method="post">
                            <input type="hidden" name="intent" value="book" />
                            <input type="hidden" name="shiftId" value={s.id} />
                            <button
                              type="submit"
                              className="button button--touch"
                              disabled={navigation.state === "submitting"}
                              aria-label={`${left > 0 ? t("shifts.book") : t("shifts.joinWaitlist")}: ${role} ${formatTimeSpan(s.startsAt, s.endsAt, s.timezone, i18n.language)}`}
                            >
                              {left > 0 ? t("shifts.book") : t("shifts.joinWaitlist")}
                            </button>
                          </Form>
                        )}
                      </article>
                    </li>
                  );
                })}
              </ul>
            </section>
          ))}
          {shifts.pageCount > 1 ? (
            <nav className="pager" aria-label={t("shifts.pages")}>
              {shifts.page > 1 ? (
                <Link to={pageLink(shifts.page - 1)} rel="prev">
                  {t("shifts.previousPage")}
                </Link>
              ) : null}
              <span aria-current="page">{t("shifts.pageOf", { page: shifts.page, pageCount: shifts.pageCount })}</span>
              {shifts.page < shifts.pageCount ? (
                <Link to={pageLink(shifts.page + 1)} rel="next">
                  {t("shifts.nextPage")}
                </Link>
              ) : null}
            </nav>
          ) : null}
        </>
      )}
    </>
  );
}
