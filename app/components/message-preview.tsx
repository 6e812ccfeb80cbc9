// The preview step of a message to several people about a shift: the note (GET, so the preview
// works without JavaScript), whom it reaches, what they read, and the send button (POST).
import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { FieldError, invalidProps } from "./field.tsx";

export function MessagePreview({
  note,
  noteError,
  sendError,
  recipients,
  message,
  blocked,
  noteMax,
}: {
  note: string;
  noteError?: string;
  sendError?: string;
  recipients: Array<{ id: number; name: string }>;
  message: { subject: string; text: string };
  /** Why it cannot be sent now (a translated sentence), or null. */
  blocked: string | null;
  noteMax: number;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Form method="get" className="panel" aria-labelledby="note-title">
        <h2 id="note-title">{t("shiftMessage.noteTitle")}</h2>
        <div className="form-field">
          <label htmlFor="m-note">{t("shiftMessage.note", { max: noteMax })}</label>
          <textarea id="m-note" name="note" rows={3} maxLength={noteMax} defaultValue={note} {...invalidProps("m-note", noteError)} />
          <FieldError id="m-note-error" errors={noteError ? [noteError] : undefined} />
        </div>
        <button type="submit" className="button button--quiet">
          {t("shiftMessage.updatePreview")}
        </button>
      </Form>
      <section aria-labelledby="who-title">
        <h2 id="who-title">{t("shiftMessage.who", { count: recipients.length })}</h2>
        {recipients.length ? (
          <ul className="recipient-list">
            {recipients.map((r) => (
              <li key={r.id}>{r.name}</li>
            ))}
          </ul>
        ) : null}
      </section>
      <section aria-labelledby="what-title">
        <h2 id="what-title">{t("shiftMessage.what")}</h2>
        <p>
          <strong>{t("shiftMessage.subject")}</strong> {message.subject}
        </p>
        <div className="message-preview">
          {message.text}
        </div>
      </section>
      {blocked ? (
        <p className="form-error" role="alert">
          {blocked}
        </p>
      ) : (
        <Form method="post">
          <input type="hidden" name="note" value={note} data-free-text />
          {sendError ? (
            <p className="form-error" role="alert">
              {sendError}
            </p>
          ) : null}
          <button type="submit" className="button">
            {t("shiftMessage.send", { count: recipients.length })}
          </button>
        </Form>
      )}
    </>
  );
}
