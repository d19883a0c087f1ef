/**
 * Waits until `check` returns something truthy, polling every `everyMs`; throws with `what` (and
 * the last error `check` threw, if any) after `timeoutMs`.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what = "condition",
  timeoutMs = 5_000,
  everyMs = 5,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`);
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
