import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useLocation, useNavigate, useOutlet } from "@remix-run/react";
import { useEffect, useMemo, useRef, type MouseEvent } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { FilterError, invalidProps, useErrorText } from "#app/components/field.tsx";
import { useLocalized } from "#app/components/localized.ts";
import { authorize, can } from "#app/modules/auth/policy.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { shiftsWithoutAdult } from "#app/modules/board/minors.server.ts";
import { boardEvents, boardShifts, summarize, type BoardEvent, type BoardShift } from "#app/modules/board/board.server.ts";
import { cellRenderer, packCells, readGrid } from "#app/modules/board/grid.ts";
import { addDays, weekStart } from "#app/modules/board/week.ts";
import { copyWeek, type CopyResult } from "#app/modules/board/copy.server.ts";
import { shortStaffed } from "#app/modules/board/help.server.ts";
import { branchesWhere, listBranches, listRoles, listRooms } from "#app/modules/branches/branches.server.ts";
import { appDeps } from "#app/lib/deps.server.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";
import { formatDate, formatDay, formatTimeSpan, sharedZone } from "#app/lib/time.ts";
import { translationTemplate } from "#app/i18n/template.ts";
import { getServices } from "#app/services.server.ts";
import { calendarDate, code, filterStatus, intId, parseFilters } from "#app/lib/input.ts";
import { pageTitle } from "#app/components/page-title.ts";
import { errorMessages, type ActionResult } from "#app/lib/form.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "board");

// The view's filters: a refused value is left out (the board still shows) and named beside its filter, with 400.
const viewFields = {
  week: calendarDate,
  branch: code(),
  role: intId,
  short: z.literal("1"),
  events: z.enum(["1", "0"]),
  span: z.enum(["week", "day"]),
  rows: z.enum(["branches", "rooms", "roles"]),
};

type RowMode = "branches" | "rooms" | "roles";
interface Row {
  key: string;
  name_zh: string | null;
  name_en: string | null;
}
const copySchema = z.object({
  intent: z.literal("copy"),
  branch: code(),
  from: calendarDate,
  to: calendarDate,
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { db, config } = await getServices();
  // Who is asking and the branches come together: the scope filters the branches afterwards.
  const [user, allBranches] = await Promise.all([requireStaff(request, "shift.plan"), listBranches(db)]);
  const { filters: view, errors } = parseFilters(request.url, viewFields);
  if (view.branch) authorize(user, "shift.plan", view.branch);
  const branches = allBranches.filter((b) => can(user, "shift.plan", b.code));
  const shown = view.branch ? branches.filter((b) => b.code === view.branch) : branches;
  // Today where the branches shown are: one branch's own, or the default zone over branches in different zones.
  const today = todayIn(sharedZone(shown, config.defaultTimeZone));
  const span = view.span ?? "week";
  const from = span === "day" ? (view.week ?? today) : weekStart(view.week ?? today);
  const length = span === "day" ? 1 : 7;
  // Rooms or roles as rows make sense within one branch.
  const mode: RowMode = view.branch && view.rows && view.rows !== "branches" ? view.rows : "branches";
  const codes = shown.map((b) => b.code);
  // "Only events" hides the shifts; a role filter or rows by role show shifts only.
  const onlyEvents = view.events === "1";
  const withEvents = !view.role && mode !== "roles" && view.events !== "0";
  const [roles, rooms, shifts, events, alerts, withoutAdult] = await Promise.all([
    listRoles(db),
    mode === "rooms" ? listRooms(db, codes) : Promise.resolve([]),
    onlyEvents ? Promise.resolve([]) : boardShifts(db, { branchCodes: codes, from, days: length, roleId: view.role, onlyShort: view.short === "1" }),
    withEvents || onlyEvents ? boardEvents(db, { branchCodes: codes, from, days: length, onlyShort: view.short === "1" }) : Promise.resolve([]),
    shortStaffed({ db }, codes),
    shiftsWithoutAdult(db, codes),
  ]);
  const activeRoles = roles.filter((r) => r.active).map((r) => ({ id: r.id, name_zh: r.name_zh, name_en: r.name_en }));
  const rows: Row[] =
    mode === "rooms"
      ? [...rooms.map((r) => ({ key: `room-${r.id}`, name_zh: r.name_zh, name_en: r.name_en })), { key: "room-none", name_zh: null, name_en: null }]
      : mode === "roles"
        ? activeRoles.filter((r) => !view.role || r.id === view.role).map((r) => ({ key: `role-${r.id}`, name_zh: r.name_zh, name_en: r.name_en }))
        : shown.map((b) => ({ key: b.code, name_zh: b.name_zh, name_en: b.name_en }));
  const rowOf = (s: BoardShift) => (mode === "rooms" ? `room-${s.roomId ?? "none"}` : mode === "roles" ? `role-${s.roleId}` : s.branchCode);
  const eventRowOf = (e: BoardEvent) => (mode === "rooms" ? `room-${e.roomId ?? "none"}` : e.branchCode);
  return data({
    errors,
    view: { branch: view.branch ?? "", role: view.role ?? "", short: view.short === "1", span, rows: mode, events: onlyEvents },
    from,
    days: Array.from({ length }, (_, i) => addDays(from, i)),
    today,
    branches: branches.map((b) => ({ code: b.code, name_zh: b.name_zh, name_en: b.name_en })),
    rows,
    roles: activeRoles,
    // One packed string: the page may hold thousands of shifts; times are formatted once, in SQL.
    cells: packCells(shifts, (s) => `${rowOf(s)}|${s.localDate}`, events, (e) => `${eventRowOf(e)}|${e.localDate}`),
    summary: { ...summarize(shifts), events: events.filter((e) => !e.cancelled).length },
    alerts,
    withoutAdult,
  }, filterStatus(errors));
}

type Copied = CopyResult & { branch: string; from: string; to: string };

// Copy a branch's week: the branch is chosen in the form, among those this person may plan.
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireStaff(request, "shift.plan");
  const submission = await parseForm(request, copySchema);
  if (submission.status !== "success") return refuse(submission);
  const services = await getServices();
  const branch = (await branchesWhere(services.db, user, "shift.plan")).find((b) => b.code === submission.value.branch);
  // A branch the form never offered: another's is the policy's 403 (an unknown one, to an administrator, 400), the message beside the field.
  if (!branch) return refuse(submission, { errors: { branch: "board.copy.notYours" }, status: can(user, "shift.plan", submission.value.branch) ? 400 : 403 });
  const from = weekStart(submission.value.from);
  const to = weekStart(submission.value.to);
  if (from === to) return refuse(submission, { errors: { to: "board.copy.same" } });
  const result = await copyWeek(appDeps(services), { user, requestId: context.requestId }, branch.code, from, to);
  if (result === "forbidden") return refuse(submission, { errors: { branch: "board.copy.notYours" }, status: 403 });
  return done<Copied>({ data: { ...result, branch: branch.code, from, to } });
}

export default function Board() {
  const { errors, view, from, days, today, branches, rows, roles, cells, summary, alerts, withoutAdult } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const en = i18n.language === "en";
  const { search } = useLocation();
  // The chips of every cell as HTML, rebuilt only when the data, the language or the view changes.
  const cellHtml = useMemo(() => {
    const roleNames = new Map(roles.map((r) => [r.id, en ? r.name_en : r.name_zh]));
    const render = cellRenderer(
      {
        en,
        search,
        roleName: (id) => roleNames.get(id) ?? "",
        state: { short: t("plan.state.short"), open: t("plan.state.open"), full: t("plan.state.full"), cancelled: t("plan.state.cancelled") },
        eventCount: translationTemplate(t, "board.eventCount", ["registered", "capacity"]),
        eventHelpers: (count) => t("board.eventHelpers", { count }),
      },
      readGrid(cells),
    );
    return (key: string) => ({ __html: render(key) });
  }, [cells, roles, en, search, t]);
  // The alerts list can run to hundreds of rows: its labels are looked up once.
  const minLabel = useMemo(() => translationTemplate(t, "plan.min", ["min"]), [t]);
  const askLabel = t("board.help.ask");
  const askedLabel = t("board.help.asked");
  const addShiftLabel = useMemo(() => translationTemplate(t, "board.addShift", ["branch", "date"]), [t]);
  // Column headers stay short (weekday and day); the caption gives the dates in full.
  const dayFormat = new Intl.DateTimeFormat(i18n.language, { weekday: "short", month: "numeric", day: "numeric", timeZone: "UTC" });
  const panel = useOutlet();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const grid = useRef<HTMLDivElement>(null);
  const opened = /^\/staff\/board\/(\d+)/.exec(pathname)?.[1];
  const lastOpened = useRef<string | undefined>(undefined);
  useEffect(() => {
    const chip = (id: string) => grid.current?.querySelector<HTMLElement>(`a.chip[href^="/staff/board/${id}?"], a.chip[href="/staff/board/${id}"]`);
    if (opened) {
      // The grid scrolls sideways in its own box: bring the shift just opened into it (the panel took
      // the page's right side), without moving the page itself.
      const c = chip(opened);
      const box = grid.current;
      if (c && box) {
        const first = box.querySelector("tbody th")?.getBoundingClientRect().width ?? 0;
        const r = c.getBoundingClientRect();
        const b = box.getBoundingClientRect();
        if (r.right > b.right) box.scrollLeft += r.right - b.right + 8;
        else if (r.left < b.left + first) box.scrollLeft -= b.left + first - r.left + 8;
        // Beside the grid, the panel narrows the days, so their shifts grow taller: keep this one on
        // screen. (Below the grid, on a phone, the panel's heading has the focus and the view.)
        const aside = document.querySelector(".side-panel");
        if (aside && aside.getBoundingClientRect().left >= b.right) c.scrollIntoView({ block: "nearest", inline: "nearest" });
      }
    } else if (lastOpened.current) {
      // The panel closed (Escape, "close"): back to the shift that opened it.
      chip(lastOpened.current)?.focus();
    }
    lastOpened.current = opened;
  }, [opened]);
  const openInPanel = (event: MouseEvent<HTMLTableElement>) => {
    const link = (event.target as HTMLElement).closest("a.chip, a.cell-add");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    // A chip opens the side panel over the same view; "+" goes to the new-shift form.
    navigate(link.getAttribute("href")!, { preventScrollReset: link.classList.contains("chip") });
  };
  const query = (week: string, span: string = view.span) => {
    const p = new URLSearchParams({ week });
    if (view.branch) p.set("branch", view.branch);
    if (view.role) p.set("role", String(view.role));
    if (view.short) p.set("short", "1");
    if (view.events) p.set("events", "1");
    if (span === "day") p.set("span", "day");
    if (view.rows !== "branches") p.set("rows", view.rows);
    return `/staff/board?${p}`;
  };
  const step = view.span === "day" ? 1 : 7;
  const rowLabel = (r: { name_zh: string | null; name_en: string | null }) => (r.name_zh === null ? t("board.noRoom") : en ? r.name_en : r.name_zh);
  const dayLabel = (d: string) => dayFormat.format(new Date(`${d}T00:00:00Z`));
  return (
    <>
      <h1>{t("board.title")}</h1>
      <nav className="board-nav no-print" aria-label={t("board.weeks")}>
        <Link to={query(addDays(from, -step))}>← {t(view.span === "day" ? "board.previousDay" : "board.previous")}</Link>
        <Link to={query(view.span === "day" ? today : weekStart(today))}>{t(view.span === "day" ? "board.today" : "board.thisWeek")}</Link>
        <Link to={query(addDays(from, step))}>{t(view.span === "day" ? "board.nextDay" : "board.next")} →</Link>
        {view.span === "day" ? <Link to={query(weekStart(from), "week")}>{t("board.weekView")}</Link> : <Link to={query(from > today || addDays(from, 6) < today ? from : today, "day")}>{t("board.dayView")}</Link>}
      </nav>
      <CopyWeek from={from} branches={branches} chosen={view.branch} result={result} seeWeek={(week) => query(week)} />
      <Form method="get" className="filters no-print" aria-label={t("board.filters")}>
        <div className="form-field">
          <label htmlFor="b-week">{t("board.jump")}</label>
          <input id="b-week" type="date" name="week" defaultValue={from} {...invalidProps("b-week", errors.week ?? errors.span)} />
          <FilterError id="b-week" error={errors.week ?? errors.span} />
        </div>
        <div className="form-field">
          <label htmlFor="b-branch">{t("shifts.branch")}</label>
          <select id="b-branch" name="branch" defaultValue={view.branch} {...invalidProps("b-branch", errors.branch)}>
            <option value="">{t("plan.myBranches")}</option>
            {branches.map((b) => (
              <option key={b.code} value={b.code}>
                {localized(b, "name")}
              </option>
            ))}
          </select>
          <FilterError id="b-branch" error={errors.branch} />
        </div>
        <div className="form-field">
          <label htmlFor="b-role">{t("shifts.role")}</label>
          <select id="b-role" name="role" defaultValue={view.role} {...invalidProps("b-role", errors.role)}>
            <option value="">{t("shifts.allRoles")}</option>
            {roles.map((r) => (
              <option key={r.id} value={r.id}>
                {localized(r, "name")}
              </option>
            ))}
          </select>
          <FilterError id="b-role" error={errors.role} />
        </div>
        <div className="form-field">
          <label htmlFor="b-rows">{t("board.rowsLabel")}</label>
          <select id="b-rows" name="rows" defaultValue={view.rows} {...invalidProps("b-rows", errors.rows)}>
            <option value="branches">{t("board.rowsBy.branches")}</option>
            <option value="rooms">{t("board.rowsBy.rooms")}</option>
            <option value="roles">{t("board.rowsBy.roles")}</option>
          </select>
          <FilterError id="b-rows" error={errors.rows} />
        </div>
        {view.span === "day" ? <input type="hidden" name="span" value="day" /> : null}
        <div className="form-field form-field--check">
          <input id="b-short" type="checkbox" name="short" value="1" defaultChecked={view.short} {...invalidProps("b-short", errors.short)} />
          <label htmlFor="b-short">{t("board.onlyShort")}</label>
          <FilterError id="b-short" error={errors.short} />
        </div>
        <div className="form-field form-field--check">
          <input id="b-events" type="checkbox" name="events" value="1" defaultChecked={view.events} {...invalidProps("b-events", errors.events)} />
          <label htmlFor="b-events">{t("board.onlyEvents")}</label>
          <FilterError id="b-events" error={errors.events} />
        </div>
        <button type="submit" className="button">
          {t("shifts.apply")}
        </button>
      </Form>

      <p className="board-summary" role="status" aria-live="polite">
        {t("board.summary", { shifts: summary.shifts, places: summary.places, filled: summary.filled, short: summary.short })} {t("board.summaryEvents", { count: summary.events })}
      </p>

      <div className={panel ? "board-layout board-layout--panel" : "board-layout"}>
      {/* The grid scrolls sideways in its own box, so the panel beside it never pushes days off the page. */}
      <div className="table-wrap board-scroll" ref={grid} role="region" aria-labelledby="board-caption" tabIndex={0}>
        {/* Chips and "+" are plain links (thousands of router Links cost real time to render); one
            handler here gives them client-side navigation, so the panel opens without a page load. */}
        {/* eslint-disable-next-line jsx-a11y/click-events-have-key-events, jsx-a11y/no-noninteractive-element-interactions */}
        <table className="board" onClick={openInPanel}>
          <caption id="board-caption">{days.length === 1 ? formatDay(`${days[0]}T12:00:00Z`, "UTC", i18n.language, true) : t("board.week", { from: formatDate(days[0], i18n.language), to: formatDate(days[days.length - 1], i18n.language) })}</caption>
          <thead>
            <tr>
              <th scope="col">{t(`board.rowsBy.${view.rows}`)}</th>
              {days.map((d) => (
                <th scope="col" key={d} aria-current={d === today ? "date" : undefined}>
                  {dayLabel(d)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row">{rowLabel(row)}</th>
                  {days.map((d) => {
                    const branchCode = view.rows === "branches" ? row.key : view.branch;
                    return (
                      <td key={d}>
                        {/* Chips are built as HTML (grid.ts): thousands of React elements cost most of the page's time. */}
                        <ul className="cell" dangerouslySetInnerHTML={cellHtml(`${row.key}|${d}`)} />
                        {d >= today ? (
                          <a className="cell-add no-print" href={`/staff/shifts?branch=${branchCode}&from=${d}&date=${d}#new`} aria-label={addShiftLabel({ branch: rowLabel(row) ?? "", date: formatDate(d, i18n.language) })}>
                            +
                          </a>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
          </tbody>
        </table>
      </div>
      {panel}
      </div>
      <p className="muted">{t("board.legend")}</p>
      {withoutAdult.length > 0 ? (
        <section aria-labelledby="minors-title" className="no-print notice-warn">
          <h2 id="minors-title">{t("board.minors.title", { count: withoutAdult.length })}</h2>
          <p>{t("board.minors.lead")}</p>
          <ul>
            {withoutAdult.map((m) => (
              <li key={m.id}>
                <Link to={`/staff/shifts/${m.id}`}>{formatTimeSpan(m.starts_at, m.ends_at, m.timezone, i18n.language)}</Link> · {en ? m.role_en : m.role_zh} · {t("board.minors.count", { count: m.minors })}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="alerts-title" className="no-print">
        <h2 id="alerts-title">{t("board.alerts", { count: alerts.length })}</h2>
        {alerts.length === 0 ? (
          <p>{t("board.noAlerts")}</p>
        ) : (
          <table className="data">
            <caption className="visually-hidden">{t("board.alerts", { count: alerts.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("shifts.when")}</th>
                <th scope="col">{t("shifts.branch")}</th>
                <th scope="col">{t("shifts.role")}</th>
                <th scope="col">{t("plan.booked")}</th>
                <th scope="col">{t("board.help.column")}</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => {
                const when = formatTimeSpan(a.starts_at, a.ends_at, a.timezone, i18n.language);
                const role = en ? a.role_en : a.role_zh;
                return (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/staff/shifts/${a.id}`}>{when}</Link>
                    </td>
                    <td>{en ? a.branch_en : a.branch_zh}</td>
                    <td>{role}</td>
                    <td>
                      {a.booked} / {a.capacity} ({minLabel({ min: a.min_needed })})
                    </td>
                    <td>
                      {a.canAsk ? (
                        // A preview first (whom, what, a note): sending is on that page.
                        <Link className="button button--quiet" to={`/staff/shifts/${a.id}/help`} aria-label={`${askLabel}: ${role} ${when}`}>
                          {askLabel}
                        </Link>
                      ) : (
                        <span className="muted">{askedLabel}</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

/**
 * "Copy this week", from any view: a disclosure (it opens without JavaScript) holding the branch,
 * chosen among those this person may plan, and the week to copy to. It stays open to say what happened.
 */
function CopyWeek({ from, branches, chosen, result, seeWeek }: { from: string; branches: Array<{ code: string; name_zh: string; name_en: string }>; chosen: string; result: ActionResult<Copied> | undefined; seeWeek: (week: string) => string }) {
  const { t, i18n } = useTranslation();
  const localized = useLocalized();
  const text = useErrorText();
  const messages = errorMessages(result);
  // The first message of each field; one the page has no place for (a tampered week) is the form's.
  const errors = { branch: messages.branch, to: messages.to, form: messages.form ?? messages.from ?? messages.intent };
  const copied = result?.status === "success" ? result.data : undefined;
  const branchName = (code: string) => {
    const b = branches.find((x) => x.code === code);
    return b ? localized(b, "name") : code;
  };
  return (
    <details className="board-copy no-print" open={result ? true : undefined}>
      <summary>{t("board.copy.open")}</summary>
      <Form method="post" className="filters" aria-label={t("board.copy.title")}>
        <input type="hidden" name="intent" value="copy" />
        <input type="hidden" name="from" value={from} />
        <p className="board-copy__lead">{t("board.copy.lead", { from: formatDate(from, i18n.language), to: formatDate(addDays(from, 6), i18n.language) })}</p>
        <div className="form-field">
          <label htmlFor="copy-branch">{t("board.copy.branch")}</label>
          <select id="copy-branch" name="branch" required defaultValue={chosen || (branches.length === 1 ? branches[0].code : "")} {...invalidProps("copy-branch", errors.branch)}>
            {branches.length > 1 ? <option value="">{t("board.copy.chooseBranch")}</option> : null}
            {branches.map((b) => (
              <option key={b.code} value={b.code}>
                {localized(b, "name")}
              </option>
            ))}
          </select>
          <FilterError id="copy-branch" error={errors.branch} />
        </div>
        <div className="form-field">
          <label htmlFor="copy-to">{t("board.copy.to")}</label>
          <input id="copy-to" type="date" name="to" required defaultValue={addDays(from, 7)} {...invalidProps("copy-to", errors.to)} />
          <FilterError id="copy-to" error={errors.to} />
        </div>
        <button type="submit" className="button">
          {t("board.copy.button")}
        </button>
        {errors.form ? (
          <p className="form-error" role="alert">
            {text(errors.form)}
          </p>
        ) : null}
      </Form>
      {copied ? (
        <p className="notice" role="status">
          {t("board.copy.done", { ...copied, branch: branchName(copied.branch), week: formatDate(copied.to, i18n.language) })} <Link to={seeWeek(copied.to)}>{t("board.copy.see")}</Link>
        </p>
      ) : null}
    </details>
  );
}
