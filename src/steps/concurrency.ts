/**
 * Runs `task` over `items` with at most `concurrency` running at once. The
 * client's limiter already bounds requests; this bounds how many items are
 * held in memory half-done.
 *
 * Once a task fails no new item is started (the caller fails anyway, and a
 * refused key must not be tried on every remaining item), and the tasks under
 * way are waited for before the first failure is thrown: none of them may
 * write to the job state after its step has ended, and a second rejection of
 * `Promise.all` would show in the SDK's log as a "multipleResolves" error.
 */
export async function forEachConcurrently<T>(
  items: Iterable<T>,
  concurrency: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const iterator = items[Symbol.iterator]();
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure) {
      const next = iterator.next();
      if (next.done) return;
      try {
        await task(next.value);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (failure) throw failure.error;
}

/**
 * `Promise.all` that waits for every promise before throwing the first
 * failure: nothing is left running, and the later rejections never reach the
 * SDK's log as "multipleResolves" errors.
 */
export async function waitForAll<T>(promises: Promise<T>[]): Promise<T[]> {
  let failure: { error: unknown } | undefined;
  const values = await Promise.all(
    promises.map((promise) =>
      promise.catch((error) => {
        failure ??= { error };
        return undefined as T;
      }),
    ),
  );
  if (failure) throw failure.error;
  return values;
}
