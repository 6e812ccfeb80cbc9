// Who counts as a minor on a shift: under 18 on the shift's local day (PIPL Art 31; volunteers
// under 18 serve only with an adult there). A volunteer with no birth date recorded counts as an
// adult. One rule for the check-in list and the board's list of shifts without an adult.
import { sql } from "kysely";

/** Under this age a volunteer needs an adult on the same shift. */
export const ADULT_AGE = 18;

/** SQL over a volunteer `v` and a shift `s`: is `v` a minor on the day of `s`? */
export const minorOnShiftSql = sql<boolean>`(v.birth_date IS NOT NULL AND age(s.local_date, v.birth_date) < make_interval(years => ${ADULT_AGE}))`;
