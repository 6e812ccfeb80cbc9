// Ask before destroying, also without JavaScript: the button that destroys is a GET to the same
// page with ?confirm=<intent> and the fields the action needs; the page then shows ConfirmStep, a
// POST form carrying those fields. The other query parameters (the board's week, filters) stay.
import { Form, Link, useLocation, useMatches } from "@remix-run/react";
import { useEffect, useRef, type FormHTMLAttributes, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

const CONFIRM = "confirm";

/** The intent the page is asked to confirm, if any. */
export function useConfirming(): string | null {
  const { search } = useLocation();
  return new URLSearchParams(search).get(CONFIRM);
}

/** The address that asks to confirm `intent` with these fields. */
export function confirmHref(search: string, intent: string, fields: Record<string, string | number>): string {
  const params = new URLSearchParams(search);
  params.set(CONFIRM, intent);
  for (const [k, v] of Object.entries(fields)) params.set(k, String(v));
  return `?${params.toString()}`;
}

/** A destructive button that only asks: without fields to type, a link styled as the button. */
export function ConfirmLink({ intent, fields, className, label, children }: { intent: string; fields: Record<string, string | number>; className: string; label?: string; children: ReactNode }) {
  const { search } = useLocation();
  return (
    <Link to={confirmHref(search, intent, fields)} className={className} aria-label={label} preventScrollReset>
      {children}
    </Link>
  );
}

/**
 * A destructive form with fields to type (a reason): a GET form that keeps the page's other
 * parameters. Other form attributes (a form library's id, validation handler, labels) pass through.
 */
export function ConfirmForm({ intent, className, sends = [], children, ...rest }: { intent: string; className?: string; /** Names of the fields it sends: a value left in the address by an earlier, refused try is not sent twice. */ sends?: string[]; children: ReactNode } & Omit<FormHTMLAttributes<HTMLFormElement>, "method" | "action" | "encType" | "className" | "children">) {
  const { search } = useLocation();
  const keep = [...new URLSearchParams(search).entries()].filter(([k]) => k !== CONFIRM && !sends.includes(k));
  return (
    <Form method="get" className={className} preventScrollReset {...rest}>
      {keep.map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <input type="hidden" name={CONFIRM} value={intent} />
      {children}
    </Form>
  );
}

/**
 * The confirmation: what will happen, a button that does it (POST with `fields`) and a way back.
 * The action's address drops the confirmation's own parameters, so the page after shows the result.
 */
export function ConfirmStep({ title, children, confirmLabel, fields, headingLevel = 2 }: { title: string; children?: ReactNode; confirmLabel: string; fields: Record<string, string | number>; headingLevel?: 1 | 2 | 3 }) {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const rest = new URLSearchParams(search);
  rest.delete(CONFIRM);
  for (const k of Object.keys(fields)) rest.delete(k);
  const back = rest.toString() ? `${pathname}?${rest.toString()}` : pathname;
  // An index route's action is addressed with ?index (otherwise the POST goes to its parent).
  const isIndex = useMatches().at(-1)?.id.endsWith("_index") ?? false;
  const postTo = isIndex ? `${back}${back.includes("?") ? "&" : "?"}index` : back;
  const H = `h${headingLevel}` as "h1" | "h2" | "h3";
  return (
    <section className="panel confirm-step" aria-labelledby="confirm-title">
      <H id="confirm-title" ref={heading} tabIndex={-1}>
        {title}
      </H>
      {children}
      <Form method="post" action={postTo} className="confirm-step__actions" preventScrollReset>
        {Object.entries(fields).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <button type="submit" className="button button--danger button--touch">
          {confirmLabel}
        </button>
        <Link to={back} className="button button--quiet button--touch" preventScrollReset>
          {t("confirm.keep")}
        </Link>
      </Form>
    </section>
  );
}
