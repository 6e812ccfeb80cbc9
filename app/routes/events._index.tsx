// The public programme: upcoming reading events with filters (in the URL), places left, and each
// branch's calendar feed.
import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useLocalized } from "#app/components/localized.ts";
import { FilterInput } from "#app/components/field.tsx";
import { SelectField } from "#app/components/select-field.tsx";
import { filterStatus, parseFilters } from "#app/lib/input.ts";
import { getUser } from "#app/web/guards.server.ts";
import { listBranches } from "#app/modules/branches/branches.server.ts";
import { listPublicEvents } from "#app/modules/events/queries.server.ts";
import { eventFilters } from "#app/modules/events/schemas.ts";
import { EVENT_AUDIENCES, EVENT_KINDS } from "#db/schema.ts";
import { formatClockRange, formatDay } from "#app/lib/time.ts";
import { getServices } from "#app/services.server.ts";
import { pageTitle } from "#app/components/page-title.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "events");

export async function loader({ request }: LoaderFunctionArgs) {
  const { filters, errors } = parseFilters(request.url, eventFilters);
  const [{ db }, user] = await Promise.all([getServices(), getUser(request)]);
  const [events, branches] = await Promise.all([listPublicEvents(db, filters, user?.kind === "volunteer" || user?.kind === "staff"), listBranches(db)]);
  return data({
    filters,
    errors,
    events: events.map((e) => ({
      id: e.id, title_zh: e.title_zh, title_en: e.title_en, kind: e.kind, audience: e.audience, starts_at: e.starts_at, ends_at: e.ends_at, timezone: e.timezone,
      branch_zh: e.branch_zh, branch_en: e.branch_en, room_zh: e.room_zh, room_en: e.room_en, place: e.place, left: e.capacity - e.registered, waiting: e.waiting,
      card_required: e.card_required,
    })),
    branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
  }, filterStatus(errors));
}

export default function Events() {
  const { filters, errors, events, branches } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  // Grouped by the day in each event's own zone.
  const days: Array<[string, typeof events]> = [];
  for (const e of events) {
    const day = formatDay(e.starts_at, e.timezone, i18n.language, true);
    const last = days.at(-1);
    if (last && last[0] === day) last[1].push(e);
    else days.push([day, [e]]);
  }
  return (
    <>
      <h1>{t("events.title")}</h1>
      <p className="lead">{t("events.lead")}</p>
      <Form method="get" className="filters" aria-label={t("events.filters")}>
        <SelectField id="f-branch" name="branch" error={errors.branch} label={t("events.branch")} defaultValue={filters.branch ?? ""} empty={t("events.any")} options={branches.map((b) => ({ value: b.code, label: localized(b, "name") }))} />
        <SelectField id="f-kind" name="kind" error={errors.kind} label={t("events.kind")} defaultValue={filters.kind ?? ""} empty={t("events.any")} options={EVENT_KINDS.map((k) => ({ value: k, label: t(`events.kinds.${k}`) }))} />
        <SelectField id="f-audience" name="audience" error={errors.audience} label={t("events.audience")} defaultValue={filters.audience ?? ""} empty={t("events.any")} options={EVENT_AUDIENCES.map((a) => ({ value: a, label: t(`events.audiences.${a}`) }))} />
        <FilterInput id="f-from" name="from" type="date" label={t("events.from")} defaultValue={filters.from ?? ""} error={errors.from} />
        <FilterInput id="f-to" name="to" type="date" label={t("events.to")} defaultValue={filters.to ?? ""} error={errors.to} />
        <button type="submit" className="button">
          {t("events.filter")}
        </button>
      </Form>
      <p className="muted" role="status">
        {t("events.count", { count: events.length })}
      </p>
      {events.length === 0 ? (
        <p>{t("events.none")}</p>
      ) : (
        days.map(([day, list]) => (
          <section key={day} aria-label={day}>
            <h2 className="event-day">{day}</h2>
            <ul className="event-list">
              {list.map((e) => {
                const title = localized(e, "title");
                return (
                  <li key={e.id} className="event-card">
                    <h3>
                      <Link to={`/events/${e.id}`}>{title}</Link>
                    </h3>
                    <p className="muted">
                      <span className="tag tag--kind">{t(`events.kinds.${e.kind}`)}</span> <span className="tag">{t(`events.audiences.${e.audience}`)}</span>
                      {e.card_required ? <span className="tag">{t("events.cardRequired")}</span> : null}
                    </p>
                    <p>{formatClockRange(e.starts_at, e.ends_at, e.timezone)}</p>
                    <p>
                      {localized({ name_zh: e.branch_zh, name_en: e.branch_en }, "name")}
                      {e.room_zh ? ` · ${localized({ name_zh: e.room_zh, name_en: e.room_en ?? e.room_zh }, "name")}` : ""}
                      {e.place ? ` · ${e.place}` : ""}
                    </p>
                    <p>
                      {e.left > 0 ? (
                        <span className="status status--sent">{t("events.placesLeft", { count: e.left })}</span>
                      ) : (
                        <span className="status status--queued">{t("events.full", { count: e.waiting ?? 0 })}</span>
                      )}
                    </p>
                  </li>
                );
              })}
            </ul>
          </section>
        ))
      )}
      <section aria-labelledby="feeds-title" className="panel">
        <h2 id="feeds-title">{t("events.feeds")}</h2>
        <p className="muted">{t("events.feedsLead")}</p>
        <ul className="inline-list">
          {branches.map((b) => (
            <li key={b.code}>
              <a href={`/calendar/branch-${b.code}.ics`}>{localized(b, "name")}</a>
            </li>
          ))}
        </ul>
        <p>
          <Link to="/feedback">{t("feedback.linkFromEvents")}</Link>
        </p>
      </section>
    </>
  );
}
