import type { SelectHTMLAttributes } from "react";
import { FilterError, invalidProps, RequiredMark } from "#app/components/field.tsx";

/** A labelled select in a form field: one markup for the filters and forms that pick from a list. */
export function SelectField({
  id,
  label,
  options,
  empty,
  error,
  children,
  ...rest
}: {
  id: string;
  label: string;
  options: Array<{ value: string | number; label: string }>;
  /** A first option with no value ("any", "all branches"). */
  empty?: string;
  /** The message of a refused value (a filter's), shown beside the list. */
  error?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, "id">) {
  return (
    <div className="form-field">
      <label htmlFor={id}>{label}</label>
      <RequiredMark when={Boolean(rest.required)} />
      <select id={id} {...rest} {...invalidProps(id, error)}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <FilterError id={id} error={error} />
      {children}
    </div>
  );
}
