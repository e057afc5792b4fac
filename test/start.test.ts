/**
 * `npm start` as a new user meets it, each run in a folder of its own
 * (START_DIRECTORY) so that runs in parallel stay apart: a configuration it
 * refuses before anything starts, a key JumpCloud refuses, steps that fail,
 * and the demo tenant that moves a little between two runs of a day.
 */
import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ChangeReport, computeChanges } from '../report/changes';
import { PROJECT_ROOT } from '../report/collections';
import { CollectionNotes, readCollectionNotes } from '../report/notes';
import { RunningSimulator, startSimulator, generateTenant } from '../simulator';
import { folderState, runTool } from './offlineTools';
import { TEST_API_KEY } from './tenant';

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const AWS_NOTICE = 'end-of-support';
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

/** Variables of this process that would configure the run, left out. */
const CONFIGURING =
  /^(API_KEY|ORG_ID|REGION|API_BASE_URL|INSIGHTS_API_BASE_URL|SSO_EVENTS_DAYS|MAX_CONCURRENT_REQUESTS|LOG_COLLECT|START_DIRECTORY|AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE)$/;

/** `npm start` in the project, working in `directory`. */
function npmStart(
  directory: string,
  env: Record<string, string> = {},
): Promise<Run> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !CONFIGURING.test(name)),
  );
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start'], {
      cwd: PROJECT_ROOT,
      env: { ...base, START_DIRECTORY: directory, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        exitCode: code ?? 1,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
  });
}

const directories: string[] = [];
async function workDirectory(): Promise<string> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'jc-start-'));
  directories.push(directory);
  return directory;
}
afterAll(async () => {
  for (const directory of directories)
    await fs.rm(directory, { recursive: true, force: true });
});

/** The closing paragraph: from its first line to the end of stderr. */
function closingParagraph(run: Run, firstLine: RegExp): string[] {
  const lines = run.stderr.trimEnd().split('\n');
  const start = lines.findIndex((line) => firstLine.test(line));
  expect(start).toBeGreaterThanOrEqual(0);
  return lines.slice(start);
}

function expectPlainText(lines: string[]) {
  for (const line of lines) {
    expect(line).not.toMatch(ANSI);
    expect(line).not.toMatch(/^\s+at /);
    expect(line).not.toContain('metric');
    expect(line).not.toContain('errorId');
  }
}

describe('a configuration npm start refuses, with or without a key', () => {
  const cases: [string, Record<string, string>, string | undefined, string][] =
    [
      [
        'REGION without a key',
        { REGION: 'asia' },
        undefined,
        'Config region (REGION) "asia" is not a JumpCloud region; use one of: us, eu, in.',
      ],
      [
        'SSO_EVENTS_DAYS without a key',
        { SSO_EVENTS_DAYS: 'abc' },
        undefined,
        'Config ssoEventsDays (SSO_EVENTS_DAYS) "abc" must be a whole number from 1 to 90.',
      ],
      [
        'MAX_CONCURRENT_REQUESTS without a key',
        { MAX_CONCURRENT_REQUESTS: '0' },
        undefined,
        'Config maxConcurrentRequests (MAX_CONCURRENT_REQUESTS) "0" must be a whole number from 1 to 50.',
      ],
      [
        'an operator setting without a key',
        { JUMPCLOUD_MAX_ATTEMPTS: 'many' },
        undefined,
        'Operator setting JUMPCLOUD_MAX_ATTEMPTS "many" must be a whole number from 1 to 100.',
      ],
      [
        'ORG_ID with a key',
        { API_KEY: 'jca_some_key', ORG_ID: 'acme' },
        undefined,
        'Config orgId (ORG_ID) "acme" is not a JumpCloud organization id (24 hexadecimal characters) nor "all".',
      ],
      [
        'API_KEY set but empty',
        { API_KEY: '' },
        undefined,
        'Config apiKey (API_KEY) is set but empty; set it to the JumpCloud API key of an administrator, or remove it to collect the built-in demo tenant.',
      ],
      [
        'API_KEY of spaces',
        { API_KEY: '   ' },
        undefined,
        'Config apiKey (API_KEY) is set but empty; set it to the JumpCloud API key of an administrator, or remove it to collect the built-in demo tenant.',
      ],
      [
        'API_KEY empty in .env, and REGION bad in .env',
        {},
        'API_KEY=\nREGION=asia\n',
        'Config apiKey (API_KEY) is set but empty; set it to the JumpCloud API key of an administrator, or remove it to collect the built-in demo tenant.',
      ],
      [
        'SSO_EVENTS_DAYS bad in .env, without a key',
        {},
        'SSO_EVENTS_DAYS=100\n',
        'Config ssoEventsDays (SSO_EVENTS_DAYS) "100" must be a whole number from 1 to 90.',
      ],
    ];
  const runs = new Map<
    string,
    { run: Run; before?: string[]; after?: string[] }
  >();

  beforeAll(async () => {
    await Promise.all(
      cases.map(async ([name, env, dotEnv]) => {
        const directory = await workDirectory();
        if (dotEnv) await fs.writeFile(path.join(directory, '.env'), dotEnv);
        const before = await folderState(directory);
        const run = await npmStart(directory, env);
        runs.set(name, { run, before, after: await folderState(directory) });
      }),
    );
  }, 120_000);

  test.each(cases)(
    '%s: one sentence, exit code 2, nothing started or written',
    (name, _env, _dotEnv, sentence) => {
      const { run, before, after } = runs.get(name)!;
      expect(run.stderr.trim()).toBe(sentence);
      expect(run.exitCode).toBe(2);
      expect(run.stdout).not.toMatch(/collecting|simulator|Running the/i);
      expect(after).toEqual(before);
    },
  );
});

describe('a key JumpCloud refuses', () => {
  const wrongKey = 'jca_wrong_wrong_wrong_0123456789';
  let simulator: RunningSimulator;
  let run: Run;
  let echoed: Run;
  let directory: string;

  beforeAll(async () => {
    simulator = await startSimulator({
      tenants: [generateTenant({ seed: 71, users: 10, groups: 2 })],
      apiKey: TEST_API_KEY,
      port: 0,
    });
    const env = {
      API_KEY: wrongKey,
      API_BASE_URL: simulator.apiBaseUrl,
      INSIGHTS_API_BASE_URL: simulator.insightsApiBaseUrl,
    };
    directory = await workDirectory();
    [run, echoed] = await Promise.all([
      npmStart(directory, env),
      workDirectory().then((other) =>
        npmStart(other, { ...env, LOG_COLLECT: 'true' }),
      ),
    ]);
  }, 120_000);
  afterAll(() => simulator?.close());

  test('the run ends with a short paragraph: the error naming API_KEY and the host, what to do, where the log is', () => {
    expect(run.exitCode).toBe(1);
    const api = simulator.apiBaseUrl;
    const paragraph = closingParagraph(run, /^The collection failed/);
    expect(paragraph).toEqual([
      'The collection failed: j1-integration collect stopped with exit code 1 before it finished.',
      `  Checking the configuration and the API key: 401 Unauthorized: api key user not found. Check the API key (API_KEY): it must be a current key of an administrator, and a key works only in its own region; this request went to ${api} (set REGION to us, eu or in to match the organization) (GET ${api}/organizations)`,
      'What to do: JumpCloud refused the API key. Put a current API key of an administrator in API_KEY (in the environment or .env), and set REGION (us, eu or in) to the region of the organization, or API_BASE_URL to its host; then run npm start again.',
      `Full log: ${path.join(
        directory,
        '.j1-integration-log.txt',
      )} (LOG_COLLECT=true npm start also prints it as it runs).`,
    ]);
    // Nothing else of the collector's log is printed.
    expect(run.stderr.trim().split('\n')).toEqual(paragraph);
    expect(run.stdout).not.toContain('Starting execution');
    expectPlainText([...run.stdout.split('\n'), ...paragraph]);
    expect(`${run.stdout}${run.stderr}`).not.toContain(wrongKey);
    expect(`${run.stdout}${run.stderr}`).not.toContain(AWS_NOTICE);
  });

  test('the whole log is saved, without colours', async () => {
    const log = await fs.readFile(
      path.join(directory, '.j1-integration-log.txt'),
      'utf8',
    );
    expect(log).toContain('Starting execution');
    expect(log).toContain('401 Unauthorized');
    expect(log).not.toMatch(ANSI);
    expect(log).not.toContain(wrongKey);
    expect(log).not.toContain(AWS_NOTICE);
  });

  test('LOG_COLLECT=true prints the whole log as well, and ends the same way', () => {
    expect(echoed.exitCode).toBe(1);
    expect(echoed.stdout).toContain('Starting execution');
    expect(echoed.stdout).not.toContain(AWS_NOTICE);
    expect(closingParagraph(echoed, /^The collection failed/)[0]).toBe(
      'The collection failed: j1-integration collect stopped with exit code 1 before it finished.',
    );
  });
});

describe('steps that fail', () => {
  let simulator: RunningSimulator;
  let run: Run;
  let directory: string;

  beforeAll(async () => {
    simulator = await startSimulator({
      tenants: [
        generateTenant({ seed: 72, users: 40, groups: 4, applications: 4 }),
      ],
      apiKey: TEST_API_KEY,
      port: 0,
      faults: { forbiddenMembers: true, insightsStatus: 402 },
    });
    directory = await workDirectory();
    run = await npmStart(directory, {
      API_KEY: TEST_API_KEY,
      API_BASE_URL: simulator.apiBaseUrl,
      INSIGHTS_API_BASE_URL: simulator.insightsApiBaseUrl,
    });
  }, 120_000);
  afterAll(() => simulator?.close());

  test('the run ends with the failed steps, one line each with its reason, and where the log is', () => {
    expect(run.exitCode).toBe(1);
    const paragraph = closingParagraph(run, /^\d+ of \d+ steps failed/);
    const steps = paragraph.filter((line) => line.startsWith('  - '));
    expect(paragraph).toHaveLength(steps.length + 3);
    expect(paragraph[0]).toMatch(
      new RegExp(
        `^${steps.length} of \\d+ steps failed; what they collect is missing or partial in this collection \\(the rest is complete\\):$`,
      ),
    );
    const memberships = steps.filter((line) =>
      line.startsWith('  - Build User Group Memberships: '),
    );
    expect(memberships).toHaveLength(1);
    expect(memberships[0]).toMatch(
      /^ {2}- Build User Group Memberships: 403 Forbidden: the API key cannot read user group members \(403\), .*read access to User Groups.* \(GET http:\/\/127\.0\.0\.1:\d+\/api\/v2\/usergroups\/[0-9a-f]{24}\/members\)$/,
    );
    expect(steps).toContain(
      '  - Build SSO Sign-in Usage: 402 Directory Insights is not enabled for this JumpCloud organization (402), so SSO usage (user USES application, last sign-in times) was not collected; configured applications and their assignments were (POST ' +
        `${simulator.insightsApiBaseUrl}/events/count)`,
    );
    const [what, log] = paragraph.slice(-2);
    expect(what).toMatch(/^What to do: /);
    expect(log).toBe(
      `Full log: ${path.join(
        directory,
        '.j1-integration-log.txt',
      )} (LOG_COLLECT=true npm start also prints it as it runs).`,
    );
    expectPlainText(paragraph);
  });

  test('the summary is printed before it, and the failures are not repeated among what was skipped', () => {
    expect(run.stdout).toContain('Steps:');
    expect(run.stdout).toContain('Report: ');
    const skipped = run.stdout.split('Skipped, and why:')[1] ?? '';
    expect(skipped).not.toContain('Build User Group Memberships:');
    expect(`${run.stdout}${run.stderr}`).not.toContain(AWS_NOTICE);
  });
});

describe('the demo tenant, collected twice in a day', () => {
  let runs: Run[];
  let directory: string;
  let notes: (CollectionNotes | undefined)[];
  let changes: ChangeReport;

  beforeAll(async () => {
    directory = await workDirectory();
    runs = [await npmStart(directory), await npmStart(directory)];
    const previous = path.join(directory, '.j1-integration-previous');
    const latest = path.join(directory, '.j1-integration');
    notes = (await Promise.all(
      [previous, latest].map(readCollectionNotes),
    )) as (CollectionNotes | undefined)[];
    changes = await computeChanges(previous, latest);
  }, 180_000);

  test('both runs succeed, without the AWS SDK notice', () => {
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0]);
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.stdout).not.toContain(AWS_NOTICE);
    }
  });

  test('the first run says the demo moves; the second is revision 1 of the same day, and says what moved', () => {
    expect(runs[0].stdout).toContain(
      'The demo tenant changes a little with each run of the day: run npm start again, then npm run changes to see what changed.',
    );
    expect(runs[1].stdout).toContain(
      'Demo run 2 of the day: since the previous collection a user was suspended, a user was added to a group, an application was assigned to a user, a user signed in to an application for the first time, SaaS Management discovered a new shadow-IT application and an orphaned account appeared (npm run changes lists them).',
    );
    expect(notes.map((n) => n?.demo?.revision)).toEqual([0, 1]);
    expect(notes[0]?.demo?.day).toBe(notes[1]?.demo?.day);
  });

  test('the second run shows one user suspended, one membership and one assignment added', () => {
    for (const line of [
      'Users: 0 added, 0 removed, 1 suspended, 0 reactivated, 0 locked, 0 unlocked.',
      'Group memberships: 1 added, 0 removed.',
      'Application assignments: 1 added, 0 removed.',
    ])
      expect(runs[1].stdout).toContain(`\n  ${line}\n`);
  });

  test('npm run changes names them', async () => {
    const text = await runTool('changes', [
      path.join(directory, '.j1-integration-previous'),
      path.join(directory, '.j1-integration'),
    ]);
    expect(text.exitCode).toBe(0);
    const [suspended] = changes.users.suspended;
    const [membership] = changes.memberships.added;
    const [assignment] = changes.assignments.added;
    expect(text.stdout).toContain(`Users suspended (1):\n  ${suspended.name}`);
    expect(text.stdout).toContain(membership.group.name);
    expect(text.stdout).toContain(membership.user.name);
    expect(text.stdout).toContain(assignment.application.name);
    expect(text.stdout).toContain(assignment.assignee.name);
  }, 30_000);
});
