import { getInputProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import type { InputHTMLAttributes } from "react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";

/**
 * Translates a validation message key such as "validation.tooLong:254"; a second value is the
 * English form of a name given first in Chinese ("plan.noDeskEmail:鼓楼图书馆:Gulou Library").
 */
export function errorText(t: TFunction, language: string, message: string): string {
  const [key, value, en] = message.split(":");
  return t(key, { max: language === "en" && en ? en : value, defaultValue: message });
}

export function useErrorText() {
  const { t, i18n } = useTranslation();
  return (message: string) => errorText(t, i18n.language, message);
}

export function FieldError({ id, errors }: { id: string; errors?: string[] }) {
  const text = useErrorText();
  if (!errors?.length) return null;
  return (
    <p id={id} className="field-error" role="alert">
      {errors.map(text).join(" ")}
    </p>
  );
}

export function FormError({ id, errors }: { id: string; errors?: string[] }) {
  const text = useErrorText();
  if (!errors?.length) return null;
  return (
    <div id={id} className="form-error" role="alert">
      {errors.map(text).join(" ")}
    </div>
  );
}

/**
 * The "*" after a required field's label (the forms say "* marks required fields"). Seen, not
 * read: it follows the <label> instead of sitting inside it, so the field's name (and a test's
 * label) stays the words alone, and the input's own `required` tells a screen reader instead.
 */
export function RequiredMark({ when = true }: { when?: boolean }) {
  return when ? (
    <span className="required-mark" aria-hidden="true">
      *
    </span>
  ) : null;
}

/** A labelled conform text input with its messages: one markup for every form built on a schema. */
export function TextField({
  meta,
  label,
  type = "text",
  ...rest
}: {
  // Any field of any form (conform types each form's fields by its schema).
  meta: FieldMetadata<any, any, any>;
  label: string;
  type?: "text" | "email" | "tel" | "date";
} & Omit<InputHTMLAttributes<HTMLInputElement>, "type" | "name" | "id" | "form">) {
  return (
    <div className="form-field">
      <label htmlFor={meta.id}>{label}</label>
      <RequiredMark when={Boolean(meta.required || rest.required)} />
      <input {...getInputProps(meta, { type })} {...rest} />
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

export function TextAreaField({ meta, label, rows = 3 }: { // Any field of any form (conform types each form's fields by its schema).
  meta: FieldMetadata<any, any, any>; label: string; rows?: number }) {
  return (
    <div className="form-field">
      <label htmlFor={meta.id}>{label}</label>
      <RequiredMark when={Boolean(meta.required)} />
      <textarea {...getTextareaProps(meta)} rows={rows} />
      <FieldError id={meta.errorId} errors={meta.errors} />
    </div>
  );
}

/** The attributes of a filter whose value was refused; its message is `<FilterError>` with the same id. */
export const invalidProps = (id: string, error: string | undefined) => (error ? { "aria-invalid": true as const, "aria-describedby": `${id}-error` } : {});

/** The message of a refused filter value, beside the filter. */
export function FilterError({ id, error }: { id: string; error: string | undefined }) {
  return <FieldError id={`${id}-error`} errors={error ? [error] : undefined} />;
}

/**
 * A labelled input outside conform's `useForm` with the messages a refused answer gave it (a result's
 * `fieldErrors`), beside it and named by it: one markup for such fields and for filters.
 */
export function InputField({ id, label, errors, ...rest }: { id: string; label: string; errors?: string[] } & Omit<InputHTMLAttributes<HTMLInputElement>, "id">) {
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <RequiredMark when={Boolean(rest.required)} />
      <input id={id} {...rest} {...invalidProps(id, errors?.[0])} />
      <FieldError id={`${id}-error`} errors={errors} />
    </div>
  );
}

/** A GET filter's own input (a date, a search) with the message of a refused value beside it. */
export function FilterInput({ error, ...rest }: { id: string; label: string; error?: string } & Omit<InputHTMLAttributes<HTMLInputElement>, "id">) {
  return <InputField {...rest} errors={error ? [error] : undefined} />;
}
