/**
 * Polls until `check` gives a value (a message delivered, a row written by a worker) and returns
 * it; fails after `timeoutMs`. For waiting on something that will happen, never for showing that
 * something did not.
 */
export async function until<T>(check: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("Timed out waiting");
    await new Promise((r) => setTimeout(r, 100));
  }
}
