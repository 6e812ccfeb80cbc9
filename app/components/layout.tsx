import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

export interface ShellUser {
  kind: "staff" | "volunteer";
  name: string;
  role: string;
}

/** One shell for every page: the navigation depends on who is signed in. */
export function Shell({ user, locale, children }: { user: ShellUser | null; locale: string; children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const menu = useRef<HTMLDetailsElement>(null);
  // A link followed inside the open phone menu navigates without reloading: fold the menu again.
  useEffect(() => {
    if (menu.current) menu.current.open = false;
  }, [location.key]);
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
          {user.role !== "desk" ? (
            <>
              <li>
                <NavLink to="/staff/board">{t("nav.board")}</NavLink>
              </li>
              <li>
                <NavLink to="/staff/shifts">{t("nav.shifts")}</NavLink>
              </li>
              <li>
                <NavLink to="/staff/events">{t("nav.staffEvents")}</NavLink>
              </li>
            </>
          ) : null}
          <li>
            <NavLink to="/staff/check-in">{t("nav.checkIn")}</NavLink>
          </li>
          {user.role !== "desk" ? (
            <>
              <li>
                <NavLink to="/staff/applications">{t("nav.applications")}</NavLink>
              </li>
              <li>
                <NavLink to="/staff/reports">{t("nav.reports")}</NavLink>
              </li>
              <li>
                <NavLink to="/staff/records">{t("nav.records")}</NavLink>
              </li>
              <li>
                <NavLink to="/staff/certificates">{t("nav.certificates")}</NavLink>
              </li>
              <li>
                <NavLink to="/staff/admin/branches">{t("nav.admin")}</NavLink>
              </li>
            </>
          ) : null}
          <li>
            <NavLink to="/staff/trainings">{t("nav.trainings")}</NavLink>
          </li>
          {user.role === "administrator" ? (
            <>
              <li>
                <NavLink to="/staff/deliveries">{t("nav.deliveries")}</NavLink>
              </li>
              <li>
                <NavLink to="/staff/mailbox">{t("nav.mailbox")}</NavLink>
              </li>
            </>
          ) : null}
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
