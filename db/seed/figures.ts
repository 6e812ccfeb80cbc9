// Demo figures from the library's other systems for the twelve months before the seeding month:
// cards issued, visits, loans and donated books per branch, sized by branch (the main library
// is the busiest; street branches see a few thousand visits a month).
import type { Transaction } from "kysely";
import { DateTime } from "luxon";
import type { Database } from "../schema.ts";
import type { Random } from "./random.ts";

export async function seedDemoFigures(trx: Transaction<Database>, random: Random, now: Date): Promise<void> {
  const branches = await trx.selectFrom("library.branches").select(["code", "kind"]).orderBy("sort_order").execute();
  const first = DateTime.fromJSDate(now, { zone: "Asia/Shanghai" }).startOf("month");
  const rows = [];
  for (let i = 1; i <= 12; i++) {
    const month = first.minus({ months: i }).toISODate()!;
    for (const b of branches) {
      const scale = b.kind === "main" ? 10 : b.kind === "children" ? 4 : 1;
      const visits = scale * random.int(1800, 2600);
      rows.push({
        branch_code: b.code,
        month,
        cards_issued: scale * random.int(20, 45),
        visits,
        loans: Math.round(visits * (0.6 + random.next() * 0.3)),
        donated_books: scale * random.int(0, 30),
      });
    }
  }
  await trx.insertInto("shuxiang.branch_figures").values(rows).onConflict((oc) => oc.columns(["branch_code", "month"]).doNothing()).execute();
}
