// Where the kiosk's QR code leads: a signed-in volunteer is checked in to their shift at that
// branch (or out, the second time). The change is a POST from this page — sent at once when
// JavaScript runs, or by the button — so a link preview or prefetch never checks anyone in.
import { pageTitle } from "#app/components/page-title.ts";
import { type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSubmit } from "@remix-run/react";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { code, wholeNumber } from "#app/lib/input.ts";
import { done, parseForm, refuse } from "#app/lib/form.server.ts";
import { fieldErrors } from "#app/lib/form.ts";
import { formatClockRange } from "#app/lib/time.ts";
import { scanAtKiosk, verifyKioskCode } from "#app/modules/shifts/kiosk.server.ts";
import { requireVolunteer } from "#app/web/guards.server.ts";
import { getServices } from "#app/services.server.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "qrCheckIn");

const scanSchema = z.object({ b: code(), w: wholeNumber(0, Number.MAX_SAFE_INTEGER), s: z.string().regex(/^[A-Za-z0-9_-]{22}$/, "kiosk.errors.expired") });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireVolunteer(request);
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const parsed = scanSchema.safeParse(params);
  return { code: parsed.success ? { b: parsed.data.b, w: String(parsed.data.w), s: parsed.data.s } : null };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireVolunteer(request);
  const submission = await parseForm(request, scanSchema);
  const { db, config } = await getServices();
  const now = new Date();
  const expired = () => refuse(submission, { errors: { form: "kiosk.errors.expired" } });
  if (submission.status !== "success") return expired();
  const scanned = submission.value;
  if (!verifyKioskCode(config.sessionSecret, scanned.b, scanned.w, scanned.s, now)) return expired();
  const branch = await db.selectFrom("library.branches").select("timezone").where("code", "=", scanned.b).executeTakeFirst();
  if (!branch) return expired();
  const result = await scanAtKiosk(db, user.id, scanned.b, now);
  if (!result.ok) return refuse(submission, { errors: { form: `kiosk.errors.${result.reason}` }, status: 409 });
  return done({ message: `kiosk.done.${result.action}`, data: { roleZh: result.roleZh, roleEn: result.roleEn, span: formatClockRange(result.startsAt, result.endsAt, branch.timezone) } });
}

export default function Scan() {
  const { code: given } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const submit = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  const sent = useRef(false);
  useEffect(() => {
    if (given && !sent.current && form.current) {
      sent.current = true;
      submit(form.current);
    }
  }, [given, submit]);
  return (
    <div className="card scan">
      <h1>{t("kiosk.scanTitle")}</h1>
      {result?.status === "success" && result.data ? (
        <p className="notice scan__result" role="status">
          {t(result.message ?? "")}
          {`${i18n.language === "en" ? ` ${result.data.roleEn}` : result.data.roleZh} · ${result.data.span}`}
        </p>
      ) : result ? (
        <p className="form-error scan__result" role="alert">
          {t(fieldErrors(result, "")?.[0] ?? "kiosk.errors.expired")}
        </p>
      ) : null}
      {given ? (
        <Form method="post" ref={form}>
          <input type="hidden" name="b" value={given.b} />
          <input type="hidden" name="w" value={given.w} />
          <input type="hidden" name="s" value={given.s} />
          {!result ? (
            <button type="submit" className="button button--touch">
              {t("kiosk.confirm")}
            </button>
          ) : null}
        </Form>
      ) : (
        <p className="form-error" role="alert">
          {t("kiosk.errors.expired")}
        </p>
      )}
      <p>
        <Link to="/volunteer/schedule">{t("kiosk.mySchedule")}</Link>
      </p>
    </div>
  );
}
