import { IntegrationProviderAuthorizationError } from '@jupiterone/integration-sdk-core';
import {
  expectedAssignments,
  expectedSsoUsage,
  expectedUnconfiguredApps,
  Tenant,
} from '../../simulator';
import { invocationConfig, runStep } from '../runStep';
import { startTestTenant, TestTenant } from '../tenant';
import { DataKeys, Relationships, Steps } from '../../src/steps/constants';
import { userKey } from '../../src/steps/users/converter';
import { SsoWindow } from '../../src/steps/sso-apps';
import { applicationKey } from '../../src/steps/sso-apps/converter';

const pairKey = (userId: string, appId: string) =>
  `${userKey(userId)}|${applicationKey(appId)}`;

function usesEdges(
  relationships: {
    _type: string;
    _fromEntityKey?: unknown;
    _toEntityKey?: unknown;
  }[],
) {
  return new Map(
    relationships
      .filter((r) => r._type === Relationships.USER_USES_APPLICATION._type)
      .map((r) => [
        `${r._fromEntityKey}|${r._toEntityKey}`,
        r as Record<string, unknown>,
      ]),
  );
}

describe('a tenant with three pages of sign-ins', () => {
  let t: TestTenant;
  let result: Awaited<ReturnType<typeof runStep>>;
  /** build-sso-usage, after fetch-sso-apps again. */
  let uses: Awaited<ReturnType<typeof runStep>>;
  let window: SsoWindow;
  let eventRequests: number;

  beforeAll(async () => {
    t = await startTestTenant({
      users: 200,
      groups: 10,
      applications: 12,
      ssoEvents: 26_000,
    });
    const before = t.simulator.requests.length;
    result = await runStep(Steps.SSO_APPS, t.config);
    eventRequests = t.simulator.requests
      .slice(before)
      .filter((r) => r.path.endsWith('/events')).length;
    window = result.collectedData[DataKeys.SSO_WINDOW];
    uses = await runStep(Steps.SSO_USAGE, t.config);
  });
  afterAll(() => t.simulator.close());

  const truth = (tenant: Tenant) =>
    expectedSsoUsage(tenant, { now: window.endMs, days: 30 });

  test('fetch-sso-apps and build-sso-usage match their metadata', () => {
    expect(result).toMatchStepMetadata({
      stepId: Steps.SSO_APPS,
      invocationConfig,
      instanceConfig: t.config,
    });
    expect(uses).toMatchStepMetadata({
      stepId: Steps.SSO_USAGE,
      invocationConfig,
      instanceConfig: t.config,
    });
  });

  test('every sign-in of every page is counted: one edge per pair, with exact times', () => {
    expect(eventRequests).toBeGreaterThanOrEqual(3);
    const expected = truth(t.tenant);
    const edges = usesEdges(uses.collectedRelationships);
    expect(edges.size).toBe(expected.length);
    const total = expected.reduce((sum, p) => sum + p.ssoEventCount, 0);
    expect(total).toBeGreaterThan(20_000);
    for (const pair of expected) {
      expect(edges.get(pairKey(pair.userId, pair.appId))).toMatchObject({
        firstSsoOn: pair.firstSsoOn,
        lastSsoOn: pair.lastSsoOn,
        ssoEventCount: pair.ssoEventCount,
        failedSsoCount: pair.failedSsoCount,
      });
    }
  });

  test('a pair signed in to many times is one edge carrying the latest time', () => {
    const busiest = truth(t.tenant).sort(
      (a, b) => b.ssoEventCount - a.ssoEventCount,
    )[0];
    expect(busiest.ssoEventCount).toBeGreaterThan(10);
    const edges = uses.collectedRelationships.filter(
      (r) =>
        r._fromEntityKey === userKey(busiest.userId) &&
        r._toEntityKey === applicationKey(busiest.appId),
    );
    expect(edges).toHaveLength(1);
    expect(edges[0].lastSsoOn).toBe(busiest.lastSsoOn);
  });

  test('a failed attempt after the last success does not move lastSsoOn', () => {
    const log = t.tenant.events;
    const latestFailure = new Map<string, number>();
    log.forEachInRange('sso', window.startMs, window.endMs, (i) => {
      const app = log.application(i);
      if (log.succeeded(i) || !app?.id) return;
      const key = pairKey(log.initiator(i).id, app.id);
      latestFailure.set(
        key,
        Math.max(latestFailure.get(key) ?? 0, log.timestampMs(i)),
      );
    });
    const edges = usesEdges(uses.collectedRelationships);
    const failedLater = [...edges].filter(
      ([key, edge]) =>
        (latestFailure.get(key) ?? 0) > (edge.lastSsoOn as number),
    );
    expect(failedLater.length).toBeGreaterThan(0);
    for (const [key, edge] of failedLater) {
      const pair = truth(t.tenant).find(
        (p) => pairKey(p.userId, p.appId) === key,
      )!;
      expect(edge.lastSsoOn).toBe(pair.lastSsoOn);
      expect(edge.failedSsoCount).toBeGreaterThan(0);
    }
  });

  test('configured applications carry their usage; secrets never reach the entity', () => {
    const apps = result.collectedEntities.filter(
      (e) => e.source === 'configuration',
    );
    expect(apps.map((a) => a.id).sort()).toEqual(
      t.tenant.applications.map((a) => a.id).sort(),
    );
    const raw = t.tenant.applications[0];
    const app = apps.find((a) => a.id === raw.id)!;
    expect(app).toMatchObject({
      name: raw.name,
      displayName: raw.displayLabel,
      ssoUrl: raw.ssoUrl,
      active: raw.active,
      confidence: 1,
      webLink: `https://console.jumpcloud.com/#/applications/${raw.id}/details`,
    });
    const pairs = truth(t.tenant).filter((p) => p.appId === raw.id);
    expect(app.ssoUserCount).toBe(pairs.length);
    expect(app.ssoEventCount).toBe(
      pairs.reduce((s, p) => s + p.ssoEventCount, 0),
    );
    expect(JSON.stringify(result.collectedEntities)).not.toMatch(
      /PRIVATE KEY|idpPrivateKey|idpCertificate/,
    );
  });

  test('applications known only from sign-ins appear with source sso_events', () => {
    const expected = expectedUnconfiguredApps(t.tenant, {
      now: window.endMs,
      days: 30,
    });
    expect(expected.length).toBeGreaterThan(0);
    // Written by build-sso-usage, with the usage they come from.
    const observed = uses.collectedEntities.filter(
      (e) => e.source === 'sso_events',
    );
    expect(
      result.collectedEntities.filter((e) => e.source === 'sso_events'),
    ).toEqual([]);
    expect(observed.map((e) => e.id).sort()).toEqual(
      expected.map((a) => a.appId).sort(),
    );
    for (const app of expected) {
      expect(observed.find((e) => e.id === app.appId)).toMatchObject({
        _key: applicationKey(app.appId),
        name: app.name,
        displayName: app.displayLabel,
        confidence: 0.75,
      });
    }
  });

  test('build-application-assignment-relationships links exactly the direct assignments', async () => {
    const assignments = await runStep(Steps.APPLICATION_ASSIGNMENTS, t.config);
    // Its edges point at applications fetch-sso-apps emits from the same list.
    assignments.encounteredEntityKeys = new Set([
      ...assignments.encounteredEntityKeys,
      ...result.collectedEntities.map((e) => e._key),
    ]);
    expect(assignments).toMatchStepMetadata({
      stepId: Steps.APPLICATION_ASSIGNMENTS,
      invocationConfig,
      instanceConfig: t.config,
    });
    const edges = (type: string) =>
      assignments.collectedRelationships
        .filter((r) => r._type === type)
        .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`)
        .sort();
    const expected = expectedAssignments(t.tenant);
    expect(edges(Relationships.USER_ASSIGNED_APPLICATION._type)).toEqual(
      expected.userAssignments.map((a) => pairKey(a.userId, a.appId)).sort(),
    );
    expect(edges(Relationships.GROUP_ASSIGNED_APPLICATION._type)).toEqual(
      expected.groupAssignments
        .map((a) => `jumpcloud_group:${a.groupId}|${applicationKey(a.appId)}`)
        .sort(),
    );
  });
});

describe('when Directory Insights is not enabled (402)', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant({ faults: { insightsStatus: 402 } });
  });
  afterAll(() => t.simulator.close());

  // test/collect.test.ts checks, on a full collection, that the configured
  // applications and assignments are written and only usage goes partial.
  test('the step fails alone, non-fatally, and says why usage is missing', async () => {
    const error = await runStep(Steps.SSO_USAGE, t.config).catch((e) => e);
    expect(error).toBeInstanceOf(IntegrationProviderAuthorizationError);
    expect(error.fatal).toBeFalsy();
    expect(error.message).toContain(
      'Directory Insights is not enabled for this JumpCloud organization (402)',
    );
    expect(error.message).toContain(
      'configured applications and their assignments were',
    );
  });
});
