// "Message the people booked": a note to everyone booked on a shift, with its details; a preview
// (who, what) first, then sent through the outbox and audited.
import { pageTitle } from "#app/components/page-title.ts";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useErrorText } from "#app/components/field.tsx";
import { MessagePreview } from "#app/components/message-preview.tsx";
import { formatTimeSpan } from "#app/lib/time.ts";
import { messageBooked, previewBookedMessage } from "#app/modules/shifts/messages.server.ts";
import { sendNoteSchema, SHIFT_NOTE_MAX } from "#app/modules/shifts/schemas.ts";
import { previewRequest, sendRequest } from "#app/web/shift-message-page.server.ts";
import { parseForm, refuse } from "#app/lib/form.server.ts";
import { errorMessages } from "#app/lib/form.ts";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "messageBooked");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { deps, shiftId, note, errors, status, lang, sent } = await previewRequest(request, params.id);
  const preview = await previewBookedMessage(deps, shiftId, note, lang);
  if (!preview) throw new Response("Not Found", { status: 404 });
  const { shift, recipients, message } = preview;
  const ended = new Date(shift.ends_at) <= new Date() || shift.status !== "scheduled";
  return data(
    {
      shift: { id: shift.id, role_zh: shift.role_zh, role_en: shift.role_en, starts_at: shift.starts_at, ends_at: shift.ends_at, timezone: shift.timezone },
      recipients: recipients.map((r) => ({ id: r.id, name: r.name })),
      message,
      note,
      errors,
      sent,
      blocked: ended ? "shiftMessage.errors.ended" : recipients.length === 0 ? "shiftMessage.errors.nobody" : null,
    },
    status,
  );
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const sending = await sendRequest(request, params.id, context.requestId);
  const submission = await parseForm(request, sendNoteSchema);
  if (submission.status !== "success") return refuse(submission);
  const result = await messageBooked(sending.deps, sending.actor, sending.shiftId, submission.value.note);
  if (!result.ok) return refuse(submission, { errors: { form: `shiftMessage.errors.${result.reason}` } });
  throw redirect(`/staff/shifts/${sending.shiftId}/message?sent=${result.recipients}`);
}

export default function MessageBooked() {
  const { shift, recipients, message, note, errors, sent, blocked } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const text = useErrorText();
  return (
    <>
      <p>
        <Link to={`/staff/shifts/${shift.id}`}>← {t("shiftMessage.back")}</Link>
      </p>
      <h1>{t("shiftMessage.title", { role: i18n.language === "en" ? shift.role_en : shift.role_zh, when: formatTimeSpan(shift.starts_at, shift.ends_at, shift.timezone, i18n.language) })}</h1>
      {sent !== null ? (
        <p className="notice" role="status">
          {t("shiftMessage.sent", { count: sent })}
        </p>
      ) : null}
      <MessagePreview
        note={note}
        noteError={errors.note}
        sendError={result?.status === "error" ? Object.values(errorMessages(result)).map(text).join(" ") : undefined}
        recipients={recipients}
        message={message}
        blocked={blocked ? t(blocked) : null}
        noteMax={SHIFT_NOTE_MAX}
      />
    </>
  );
}
