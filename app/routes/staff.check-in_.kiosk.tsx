// The desk's kiosk: a full-screen page for one branch with a QR code that changes every 30 seconds
// (volunteers scan it to check in and out) beside today's list, which follows as people scan
// (the page asks again every 5 seconds). No meta refresh: an unannounced reload fails WCAG 2.2.1.
import { pageTitle } from "#app/components/page-title.ts";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { renderSVG } from "uqr";
import { branchesWhere } from "#app/modules/branches/branches.server.ts";
import { checkInSheet } from "#app/modules/shifts/attendance.server.ts";
import { kioskUrl, kioskWindow, KIOSK_WINDOW_MS } from "#app/modules/shifts/kiosk.server.ts";
import { todayIn } from "#app/modules/shifts/queries.server.ts";
import { requireStaff } from "#app/web/guards.server.ts";
import { getServices } from "#app/services.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "qrCheckIn");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireStaff(request);
  const { db, config } = await getServices();
  const branches = await branchesWhere(db, user, "shift.checkIn");
  const wanted = new URL(request.url).searchParams.get("branch");
  const branch = branches.find((b) => b.code === wanted) ?? branches[0];
  if (!branch) throw new Response("Forbidden", { status: 403 });
  const now = new Date();
  const url = kioskUrl(config.publicUrl, config.sessionSecret, branch.code, now).href;
  const svg = renderSVG(url, { border: 2 });
  return {
    branch: { code: branch.code, name_zh: branch.name_zh, name_en: branch.name_en, timezone: branch.timezone },
    url,
    qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}`,
    changesAt: (kioskWindow(now) + 1) * KIOSK_WINDOW_MS,
    shifts: await checkInSheet(db, branch.code, todayIn(branch.timezone, now)),
  };
}

export default function Kiosk() {
  const { branch, url, qr, shifts } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const revalidator = useRevalidator();
  const root = useRef<HTMLDivElement>(null);
  const en = i18n.language === "en";
  useEffect(() => {
    const timer = setInterval(() => {
      if (revalidator.state === "idle") revalidator.revalidate();
    }, 5000);
    return () => clearInterval(timer);
  }, [revalidator]);
  const clock = (d: Date | string) => new Intl.DateTimeFormat(i18n.language, { hour: "2-digit", minute: "2-digit", hour12: false, timeZone: branch.timezone }).format(new Date(d));
  return (
    <div className="kiosk" ref={root}>
      <section className="kiosk__qr" aria-labelledby="kiosk-title">
        <h1 id="kiosk-title">{t("kiosk.title", { branch: en ? branch.name_en : branch.name_zh })}</h1>
        <p className="kiosk__lead">{t("kiosk.lead")}</p>
        <figure data-url={url} data-testid="kiosk-qr">
          <img src={qr} alt={t("kiosk.qrAlt")} width={360} height={360} />
        </figure>
        <button type="button" className="button button--quiet no-print" onClick={() => root.current?.requestFullscreen?.()}>
          {t("kiosk.fullScreen")}
        </button>
      </section>
      <section className="kiosk__list" aria-labelledby="kiosk-list" aria-live="polite">
        <h2 id="kiosk-list">{t("kiosk.today")}</h2>
        {shifts.length === 0 ? <p>{t("checkIn.noShifts")}</p> : null}
        {shifts.map((s) => (
          <div key={s.id}>
            <h3>
              {clock(s.startsAt)}–{clock(s.endsAt)} · {en ? s.roleEn : s.roleZh}
            </h3>
            <ul className="kiosk__people">
              {s.people.map((p) => (
                <li key={p.bookingId}>
                  <span>{p.name}</span>{" "}
                  <span className={`status ${p.checkedOutAt ? "status--sent" : p.checkedInAt ? "status--queued" : ""}`}>
                    {p.checkedOutAt ? t("kiosk.out", { time: clock(p.checkedOutAt) }) : p.checkedInAt ? t("kiosk.in", { time: clock(p.checkedInAt) }) : t("kiosk.waiting")}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </section>
    </div>
  );
}
