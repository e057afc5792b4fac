import { ChildProcess, spawn } from 'child_process';
import { accessSync, constants, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Headless Chromium for the end-to-end report test: Debian's `chromium`
 * package (CI installs it), or whatever CHROMIUM_PATH names, driven through
 * the DevTools protocol (see openPage).
 */

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
];

/** CHROMIUM_PATH, when set, is the only candidate. */
export function findChromium(): string | undefined {
  const candidates = process.env.CHROMIUM_PATH
    ? [process.env.CHROMIUM_PATH]
    : CANDIDATES;
  for (const candidate of candidates) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/** What a test does with a page open in headless Chromium. */
export interface BrowserPage {
  /** The value of an expression (JSON-able) in the page; awaits promises. */
  evaluate<T>(expression: string): Promise<T>;
  /** The viewport, as a window of this size would have it. */
  setViewport(width: number, height: number): Promise<void>;
  /** A real mouse click in the middle of the first element that matches. */
  click(selector: string): Promise<void>;
  /** The viewport as it is, as a PNG file. */
  screenshot(file: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens a local file in headless Chromium, driven through the DevTools
 * protocol over a pipe (--remote-debugging-pipe: JSON messages ending in a
 * NUL byte, written to fd 3 and read from fd 4), so that a test can measure
 * the laid-out page, click and take screenshots. Nothing else is needed: no
 * WebSocket, no driver package. Resolves when the page's script has run
 * (data-ready on <body>).
 */
export async function openPage(
  chromium: string,
  file: string,
  viewport = { width: 1280, height: 800 },
): Promise<BrowserPage> {
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-chromium-'));
  const child: ChildProcess = spawn(
    chromium,
    [
      ...QUIET_FLAGS,
      `--user-data-dir=${profile}`,
      `--window-size=${viewport.width},${viewport.height}`,
      '--remote-debugging-pipe',
      'about:blank',
    ],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] },
  );
  const toBrowser = child.stdio[3] as NodeJS.WritableStream;
  const fromBrowser = child.stdio[4] as NodeJS.ReadableStream;
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (err: Error) => void }
  >();
  let exited: Error | undefined;
  child.on('exit', (code) => {
    exited = new Error(`Chromium exited (${code}):\n${stderr}`);
    for (const { reject } of pending.values()) reject(exited);
    pending.clear();
  });
  let buffered = '';
  fromBrowser.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    for (let end = buffered.indexOf('\0'); end >= 0; ) {
      const message = JSON.parse(buffered.slice(0, end)) as {
        id?: number;
        result?: unknown;
        error?: { message: string };
      };
      buffered = buffered.slice(end + 1);
      end = buffered.indexOf('\0');
      const waiting = message.id ? pending.get(message.id) : undefined;
      if (!waiting) continue; // an event
      pending.delete(message.id!);
      if (message.error) waiting.reject(new Error(message.error.message));
      else waiting.resolve(message.result);
    }
  });
  let lastId = 0;
  const send = <T>(
    method: string,
    params: Record<string, unknown> = {},
    sessionId?: string,
  ): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(exited);
      const id = ++lastId;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`Chromium did not answer ${method}`));
      }, 30_000);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      });
      toBrowser.write(`${JSON.stringify({ id, method, params, sessionId })}\0`);
    });

  const close = async () => {
    if (!exited) {
      await send('Browser.close').catch(() => undefined);
      if (!exited)
        await new Promise((resolve) => {
          const timer = setTimeout(() => {
            child.kill();
            resolve(undefined);
          }, 5_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve(undefined);
          });
        });
    }
    await fs.rm(profile, { recursive: true, force: true });
  };

  try {
    const { targetInfos } = await send<{
      targetInfos: { targetId: string; type: string }[];
    }>('Target.getTargets');
    const target = targetInfos.find((t) => t.type === 'page');
    if (!target) throw new Error('Chromium opened no page');
    const { sessionId } = await send<{ sessionId: string }>(
      'Target.attachToTarget',
      { targetId: target.targetId, flatten: true },
    );
    const evaluate = async <T>(expression: string): Promise<T> => {
      const answer = await send<{
        result: { value?: unknown };
        exceptionDetails?: { exception?: { description?: string } };
      }>(
        'Runtime.evaluate',
        { expression, returnByValue: true, awaitPromise: true },
        sessionId,
      );
      if (answer.exceptionDetails)
        throw new Error(
          `In the page: ${
            answer.exceptionDetails.exception?.description ?? expression
          }`,
        );
      return answer.result.value as T;
    };
    const setViewport = async (width: number, height: number) => {
      await send(
        'Emulation.setDeviceMetricsOverride',
        { width, height, deviceScaleFactor: 1, mobile: false },
        sessionId,
      );
    };
    await setViewport(viewport.width, viewport.height);
    await send('Page.navigate', { url: `file://${file}` }, sessionId);
    const deadline = Date.now() + 30_000;
    while (
      !(await evaluate<boolean>(
        `document.readyState === 'complete' && document.body !== null && document.body.getAttribute('data-ready') === 'true'`,
      ))
    ) {
      if (Date.now() > deadline)
        throw new Error(`The page did not get ready: ${file}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return {
      evaluate,
      setViewport,
      click: async (selector) => {
        const point = await evaluate<{ x: number; y: number } | null>(
          `(() => {
            const element = document.querySelector(${JSON.stringify(selector)});
            if (!element) return null;
            element.scrollIntoView({ block: 'center' });
            const box = element.getBoundingClientRect();
            return { x: box.left + box.width / 2, y: box.top + box.height / 2 };
          })()`,
        );
        if (!point) throw new Error(`Nothing to click: ${selector}`);
        for (const type of ['mousePressed', 'mouseReleased'])
          await send(
            'Input.dispatchMouseEvent',
            { type, x: point.x, y: point.y, button: 'left', clickCount: 1 },
            sessionId,
          );
      },
      screenshot: async (out) => {
        const { data } = await send<{ data: string }>(
          'Page.captureScreenshot',
          { format: 'png' },
          sessionId,
        );
        await fs.writeFile(out, Buffer.from(data, 'base64'));
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Everything that could reach the network in the background, off. */
const QUIET_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
];
