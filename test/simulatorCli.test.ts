/**
 * `npm run simulator` stops when its npm process is stopped: by SIGTERM to
 * the npm process (the script execs node, so npm's forwarding reaches the
 * server), and when npm is killed outright (the server watches its parent).
 */
import { ChildProcess, spawn } from 'child_process';
import { readFileSync } from 'fs';
import * as net from 'net';
import { PROJECT_ROOT } from '../report/collections';

interface Started {
  npm: ChildProcess;
  port: number;
  /** The processes npm started (the server's node), for cleaning up. */
  children: number[];
}

const started: Started[] = [];

function startSimulatorThroughNpm(): Promise<Started> {
  const npm = spawn('npm', ['run', 'simulator', '--', '--port', '0'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(
      () => reject(new Error(`no URL in 30 s: ${stdout} ${stderr}`)),
      30_000,
    );
    npm.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    npm.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /^http:\/\/127\.0\.0\.1:(\d+)$/m.exec(stdout);
      if (!url) return;
      clearTimeout(timer);
      const run = {
        npm,
        port: Number(url[1]),
        children: childrenOf(npm.pid!),
      };
      started.push(run);
      resolve(run);
    });
    npm.on('error', reject);
  });
}

/** Child process ids (Linux). */
function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Milliseconds until the port refuses connections, or undefined after `withinMs`. */
async function closesWithin(
  port: number,
  withinMs: number,
): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < withinMs) {
    if (!(await accepts(port))) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  return undefined;
}

/** Alive, and not a zombie waiting for a parent to reap it (Linux). */
function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/s.test(stat);
  } catch {
    return false;
  }
}

afterAll(() => {
  // Whatever a failed test left running.
  for (const run of started)
    for (const pid of [run.npm.pid!, ...run.children])
      if (isRunning(pid)) process.kill(pid, 'SIGKILL');
});

test.each([['SIGTERM'], ['SIGKILL']] as const)(
  'npm run simulator -- --port 0: %s to the npm process closes the port within 10 seconds',
  async (signal) => {
    const run = await startSimulatorThroughNpm();
    expect(await accepts(run.port)).toBe(true);
    expect(run.children.length).toBeGreaterThan(0);

    process.kill(run.npm.pid!, signal);

    // The server notices a killed npm within 250 ms and closes at once; the
    // bound leaves room for a CI machine busy with the other test files.
    expect(await closesWithin(run.port, 10_000)).toBeDefined();
    await new Promise((r) => setTimeout(r, 300));
    for (const pid of run.children) expect(isRunning(pid)).toBe(false);
  },
  45_000,
);
