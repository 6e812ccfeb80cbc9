// When a volunteer may give up a booked place: the one rule, used by the cancellation itself and
// by the pages that decide whether to offer the button (and what to say instead).

/** open: cancel freely; late: allowed but recorded as late; closed: refused (call the desk); started: too late for anything. */
export type CancelWindow = "open" | "late" | "closed" | "started";

export function cancelWindow(startsAt: Date, now: Date, cutoffHours: number, allowLate: boolean): CancelWindow {
  if (startsAt <= now) return "started";
  if (startsAt.getTime() - now.getTime() >= cutoffHours * 3600_000) return "open";
  return allowLate ? "late" : "closed";
}
