// "Ask for help", with a preview first: whom it will email (the branch's trained, free volunteers
// who take calls for help) and what it will say, with an optional note; then sent and audited.
import { pageTitle } from "#app/components/page-title.ts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "#app/components/field.tsx";
import { MessagePreview } from "#app/components/message-preview.tsx";
import { formatInstant, formatTimeSpan } from "#app/lib/time.ts";
import { askForHelp, helpPreview } from "#app/modules/board/help.server.ts";
import { sendNoteSchema, SHIFT_NOTE_MAX } from "#app/modules/shifts/schemas.ts";
import { previewRequest, sendRequest } from "#app/web/shift-message-page.server.ts";
import { parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages } from "#app/lib/form.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "askForHelp");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { deps, shiftId, note, errors, status, lang, sent } = await previewRequest(request, params.id);
  const preview = await helpPreview(deps, shiftId, note, lang);
  if (!preview) throw new Response("Not Found", { status: 404 });
  const { shift, recipients, message, refused } = preview;
  return data(
    {
      shift: { id: shift.id, role_zh: shift.role_zh, role_en: shift.role_en, starts_at: shift.starts_at, ends_at: shift.ends_at, timezone: shift.timezone, booked: shift.booked, min_needed: shift.min_needed },
      recipients: recipients.map((r) => ({ id: r.id, name: r.name })),
      message,
      note,
      errors,
      sent,
      // After sending, the 12-hour rule refuses the next round: the page says it was sent instead.
      refused: sent === null && refused ? { reason: refused.reason, nextAt: refused.nextAt ?? null } : null,
    },
    status,
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sending = await sendRequest(request, params.id, context.requestId);
  const submission = await parseForm(request, sendNoteSchema);
  if (submission.status !== "success") return refuse(submission);
  const result = await askForHelp(sending.deps, sending.actor, sending.shiftId, new Date(), submission.value.note);
  if (!result.ok) return refuse(submission, { errors: { form: `board.help.${result.reason}` } });
  throw redirect(`/staff/shifts/${sending.shiftId}/help?sent=${result.recipients}`);
}

export default function AskForHelp() {
  const { shift, recipients, message, note, errors, sent, refused } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const text = useErrorText();
  return (
    <>
      <p>
        <Link to="/staff/board#alerts-title">← {t("board.title")}</Link> · <Link to={`/staff/shifts/${shift.id}`}>{t("shiftMessage.back")}</Link>
      </p>
      <h1>{t("shiftMessage.helpTitle", { role: i18n.language === "en" ? shift.role_en : shift.role_zh, when: formatTimeSpan(shift.starts_at, shift.ends_at, shift.timezone, i18n.language) })}</h1>
      <p className="lead">{t("shiftMessage.helpLead", { booked: shift.booked, min: shift.min_needed })}</p>
      {sent !== null ? (
        <p className="notice" role="status">
          {t("board.help.sent", { count: sent })}
        </p>
      ) : (
        <MessagePreview
          note={note}
          noteError={errors.note}
          sendError={result?.status === "error" ? Object.values(errorMessages(result)).map(text).join(" ") : undefined}
          recipients={recipients}
          message={message}
          blocked={refused ? (refused.reason === "too-soon" && refused.nextAt ? t("shiftMessage.errors.tooSoonUntil", { when: formatInstant(refused.nextAt, shift.timezone, i18n.language) }) : t(`board.help.${refused.reason}`)) : null}
          noteMax={SHIFT_NOTE_MAX}
        />
      )}
    </>
  );
}
