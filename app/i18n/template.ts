// A translation with placeholders, looked up once and filled in many times. i18next's t() costs
// tens of microseconds a call (language fallbacks, plural rules, nesting); a page repeating one
// label for every cell of a grid pays that hundreds of times. Only for keys without plurals.
import type { TFunction } from "i18next";

const MARK = "\u0000";

export function translationTemplate<N extends string>(t: TFunction, key: string, names: readonly N[]): (values: Record<N, string | number>) => string {
  const marked = String(t(key, Object.fromEntries(names.map((n) => [n, `${MARK}${n}${MARK}`]))));
  // Text at even positions, placeholder names at odd ones.
  const parts = marked.split(MARK);
  return (values) => {
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) out += String(values[parts[i] as N]) + parts[i + 1];
    return out;
  };
}
