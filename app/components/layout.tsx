import { Form, Link, NavLink, useLocation, useMatches } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Action } from "#app/modules/auth/policy.ts";

export interface ShellUser {
  kind: "staff" | "volunteer";
  name: string;
  role: string;
  /** The staff pages of STAFF_LINKS this person may open (the root's loader asks the policy). */
  pages: string[];
}

/** The staff navigation in order, each page with the action that opens it (docs/decisions/0023). */
export const STAFF_LINKS = [
  { to: "/staff/board", label: "nav.board", action: "shift.plan" },
  { to: "/staff/shifts", label: "nav.shifts", action: "shift.plan" },
  { to: "/staff/events", label: "nav.staffEvents", action: "event.plan" },
  { to: "/staff/check-in", label: "nav.checkIn", action: "shift.checkIn" },
  { to: "/staff/applications", label: "nav.applications", action: "application.review" },
  { to: "/staff/volunteers", label: "nav.volunteers", action: "volunteer.view" },
  { to: "/staff/reports", label: "nav.reports", action: "report.view" },
  { to: "/staff/records", label: "nav.records", action: "record.review" },
  { to: "/staff/certificates", label: "nav.certificates", action: "record.review" },
  { to: "/staff/admin/branches", label: "nav.admin", action: "branch.manage" },
  { to: "/staff/trainings", label: "nav.trainings", action: "training.view" },
  { to: "/staff/deliveries", label: "nav.deliveries", action: "delivery.view" },
  { to: "/staff/mailbox", label: "nav.mailbox", action: "delivery.view" },
] as const satisfies ReadonlyArray<{ to: string; label: string; action: Action }>;

/** One shell for every page: the navigation depends on who is signed in. */
export function Shell({ user, locale, flash, children }: { user: ShellUser | null; locale: string; flash?: { key: string; values?: Record<string, string | number> } | null; children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const menu = useRef<HTMLDetailsElement>(null);
  // A link followed inside the open phone menu navigates without reloading: fold the menu again.
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.key]);
  // Screens meant to fill a display on their own (the branch wall display, the desk's kiosk) ask
  // for no header or footer with `handle = { bare: true }`.
  const bare = useMatches().some((m) => (m.handle as { bare?: boolean } | undefined)?.bare);
  if (bare)
    return (
      <main id="main" tabIndex={-1} className="bare-main">
        {children}
      </main>
    );
  return (
    <>
      <a className="skip-link" href="#main">
        {t("app.skipToContent")}
      </a>
      <header className="site-header">
        <div className="site-header__inner">
          <Link to="/" className="brand">
            <span className="brand__mark" aria-hidden="true">
              书
            </span>
            <span>
              <span className="brand__name">{t("app.name")}</span>
              <span className="brand__library">{t("app.library")}</span>
            </span>
          </Link>
          <nav aria-label={t("app.mainNav")} className="site-nav site-header__wide">
            <NavList user={user} />
          </nav>
          <HeaderTools user={user} locale={locale} className="site-header__wide" />
          {/* On a phone the same links fold into a menu: <details> opens without JavaScript and is
              announced as expanded or collapsed; CSS shows this or the wide header, never both. */}
          <details className="site-menu" ref={menu}>
            <summary className="site-menu__toggle">
              <span aria-hidden="true">☰</span> {t("app.menu")}
            </summary>
            <div className="site-menu__panel">
              <nav aria-label={t("app.mainNav")} className="site-nav">
                <NavList user={user} />
              </nav>
              <HeaderTools user={user} locale={locale} />
            </div>
          </details>
        </div>
      </header>
      <main id="main" tabIndex={-1} className="site-main">
        {flash ? (
          <p className="notice" role="status">
            {t(flash.key, flash.values)}
          </p>
        ) : null}
        {children}
      </main>
      <footer className="site-footer">
        <p>{t("app.footer")}</p>
      </footer>
    </>
  );
}

function NavList({ user }: { user: ShellUser | null }) {
  const { t } = useTranslation();
  return (
    <ul>
      <li>
        <NavLink to="/" end>
          {t("nav.home")}
        </NavLink>
      </li>
      <li>
        <NavLink to="/events" end>
          {t("nav.events")}
        </NavLink>
      </li>
      {user?.kind === "staff" ? (
        <>
          <li>
            <NavLink to="/staff" end>
              {t("nav.dashboard")}
            </NavLink>
          </li>
          {STAFF_LINKS.filter((link) => user.pages.includes(link.to)).map((link) => (
            <li key={link.to}>
              <NavLink to={link.to}>{t(link.label)}</NavLink>
            </li>
          ))}
        </>
      ) : null}
      {user?.kind === "volunteer" ? (
        <>
          <li>
            <NavLink to="/volunteer" end>
              {t("nav.myVolunteering")}
            </NavLink>
          </li>
          <li>
            <NavLink to="/volunteer/shifts">{t("nav.findShifts")}</NavLink>
          </li>
          <li>
            <NavLink to="/volunteer/schedule">{t("nav.mySchedule")}</NavLink>
          </li>
          <li>
            <NavLink to="/volunteer/hours">{t("nav.myHours")}</NavLink>
          </li>
          <li>
            <NavLink to="/volunteer/profile">{t("nav.profile")}</NavLink>
          </li>
        </>
      ) : null}
      {!user ? (
        <>
          <li>
            <NavLink to="/join">{t("nav.join")}</NavLink>
          </li>
          <li>
            <NavLink to="/volunteer/sign-in">{t("nav.volunteerSignIn")}</NavLink>
          </li>
          <li>
            <NavLink to="/sign-in">{t("nav.staffSignIn")}</NavLink>
          </li>
        </>
      ) : null}
    </ul>
  );
}

function HeaderTools({ user, locale, className }: { user: ShellUser | null; locale: string; className?: string }) {
  const { t } = useTranslation();
  const location = useLocation();
  const here = location.pathname + location.search;
  return (
    <div className={className ? `site-header__tools ${className}` : "site-header__tools"}>
      {user ? (
        <Form method="post" action="/sign-out" className="inline-form">
          <span className="signed-in-as">{t("nav.signedInAs", { name: user.name })}</span>
          <button type="submit" className="button button--quiet">
            {t("nav.signOut")}
          </button>
        </Form>
      ) : null}
      <Form method="post" action="/language" className="inline-form">
        <input type="hidden" name="redirectTo" value={here} />
        <input type="hidden" name="locale" value={locale === "en" ? "zh-CN" : "en"} />
        <button type="submit" className="button button--quiet" lang={locale === "en" ? "zh-CN" : "en"}>
          {t("app.switchTo")}
        </button>
      </Form>
    </div>
  );
}
