// Who moves up when places free: the waiting ones in arrival order, each taking its places (one
// for a volunteer, a party's size for a registration) if they fit in what is free; one too large
// keeps its place in the queue while a smaller one behind it that fits moves up, so places do not
// stay empty. Pure, so the order is unit-tested apart from the locks and the SQL.

export interface Waiting {
  id: number;
  places: number;
}

/**
 * Offers each waiting entry that fits, in arrival order, to `take` (which may still say no: the
 * person meanwhile holds a clashing shift, or left the list); stops when nothing is free.
 * Returns the ids taken, in order.
 */
export async function fillInArrivalOrder<W extends Waiting>(free: number, waiting: readonly W[], take: (entry: W) => Promise<boolean>): Promise<number[]> {
  const taken: number[] = [];
  for (const entry of waiting) {
    if (free <= 0) break;
    if (entry.places > free) continue;
    if (!(await take(entry))) continue;
    free -= entry.places;
    taken.push(entry.id);
  }
  return taken;
}
