import { forEachConcurrently, waitForAll } from './concurrency';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('forEachConcurrently', () => {
  test('runs every item, at most `concurrency` at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await forEachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
      done.push(n);
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  test('after a failure starts no new item, lets the running ones finish, then throws the first failure', async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const error = await forEachConcurrently(
      [1, 2, 3, 4, 5, 6, 7, 8],
      3,
      async (n) => {
        started.push(n);
        if (n === 2) throw new Error('first');
        await tick();
        if (n === 3) throw new Error('second');
        finished.push(n);
      },
    ).catch((err) => err);
    expect(error.message).toBe('first');
    // 1 and 3 were under way when 2 failed; nothing after them began.
    expect(started).toEqual([1, 2, 3]);
    expect(finished).toEqual([1]);
  });
});

describe('waitForAll', () => {
  test('resolves to every value in order', async () => {
    expect(
      await waitForAll([Promise.resolve(1), tick().then(() => 2)]),
    ).toEqual([1, 2]);
  });

  test('waits for every promise before throwing the first failure', async () => {
    let slowDone = false;
    const error = await waitForAll([
      Promise.reject(new Error('first')),
      tick().then(() => {
        slowDone = true;
      }),
      tick().then(() => {
        throw new Error('second');
      }),
    ]).catch((err) => err);
    expect(error.message).toBe('first');
    expect(slowDone).toBe(true);
  });
});
