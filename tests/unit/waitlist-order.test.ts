import { describe, expect, it } from "vitest";
import { fillInArrivalOrder } from "#app/modules/waitlists/order.ts";

const yes = async () => true;

describe("fillInArrivalOrder", () => {
  it("fills in arrival order; a party too large keeps its place while a smaller one behind it moves up", async () => {
    const waiting = [
      { id: 1, places: 2 },
      { id: 2, places: 6 },
      { id: 3, places: 1 },
      { id: 4, places: 2 },
    ];
    expect(await fillInArrivalOrder(10, waiting, yes)).toEqual([1, 2, 3]);
    expect(await fillInArrivalOrder(4, waiting, yes)).toEqual([1, 3]);
    expect(await fillInArrivalOrder(0, waiting, yes)).toEqual([]);
  });

  it("passes over one that cannot be taken and offers the place to the next", async () => {
    const offered: number[] = [];
    const taken = await fillInArrivalOrder(2, [1, 2, 3, 4].map((id) => ({ id, places: 1 })), async (w) => {
      offered.push(w.id);
      return w.id !== 2;
    });
    expect(taken).toEqual([1, 3]);
    expect(offered).toEqual([1, 2, 3]);
  });
});
