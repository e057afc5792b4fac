/**
 * What `npm start` says was skipped, and why, read from a real collector log:
 * a tenant whose key may not read group members (403) and whose organization
 * has no Directory Insights (402).
 */
import { promises as fs } from 'fs';
import { parseCollectorLog, skippedAndWhy } from '../runner/collectorLog';
import { generateTenant } from '../simulator';
import { collectTenant, CollectedTenant } from './collectTenant';

describe('the collector log of a collection with two failed steps', () => {
  let collected: CollectedTenant;
  let lines: string[];
  beforeAll(async () => {
    collected = await collectTenant(
      generateTenant({ seed: 61, users: 50, groups: 5, applications: 5 }),
      { faults: { forbiddenMembers: true, insightsStatus: 402 } },
    );
    lines = skippedAndWhy(collected.result.output);
  }, 120_000);
  afterAll(() =>
    fs.rm(collected.workDirectory, { recursive: true, force: true }),
  );

  test('each failed step is named with its reason and the endpoint, without boilerplate', () => {
    const memberships = lines.filter((l) =>
      l.startsWith('Build User Group Memberships: '),
    );
    expect(memberships).toHaveLength(1);
    expect(memberships[0]).toMatch(
      /^Build User Group Memberships: 403 Forbidden: the API key cannot read user group members \(403\), so group memberships were not collected .*read access to User Groups.* \(GET http:\/\/127\.0\.0\.1:\d+\/api\/v2\/usergroups\/[0-9a-f]{24}\/members\)$/,
    );
    const signIns = lines.filter((l) =>
      l.startsWith('Build SSO Sign-in Usage: '),
    );
    expect(signIns).toHaveLength(1);
    expect(signIns[0]).toContain(
      '402 Directory Insights is not enabled for this JumpCloud organization (402)',
    );
    for (const line of lines) {
      expect(line).not.toContain('errorId');
      expect(line).not.toContain('Failed to access provider resource');
      // eslint-disable-next-line no-control-regex
      expect(line).not.toMatch(/\u001b\[/);
    }
  });

  test('every other line is one of the steps\' own "Skipped …" notes, once each', () => {
    const infoSkipped = parseCollectorLog(collected.result.output)
      .filter((e) => e.level === 'INFO' && e.message.startsWith('Skipped'))
      .map((e) => e.message);
    expect(infoSkipped.length).toBeGreaterThan(0);
    const others = lines.filter(
      (l) =>
        !l.startsWith('Build User Group Memberships: ') &&
        !l.startsWith('Build SSO Sign-in Usage: '),
    );
    expect(others.sort()).toEqual([...new Set(infoSkipped)].sort());
  });

  test('the log is parsed whole: every step start is seen', () => {
    const starts = parseCollectorLog(collected.result.output).filter((e) =>
      /^Starting step "/.test(e.message),
    );
    expect(starts.length).toBeGreaterThanOrEqual(6);
    expect(starts.every((e) => e.level === 'INFO')).toBe(true);
  });
});
