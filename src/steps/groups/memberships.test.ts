import {
  IntegrationStepExecutionContext,
  JobState,
  Relationship,
} from '@jupiterone/integration-sdk-core';
import { Recording } from '@jupiterone/integration-sdk-testing';
import {
  recordedEntries,
  recordedItems,
  recordingConfig,
  setupJumpCloudRecording,
} from '../../../test/recording';
import { invocationConfig, runStep } from '../../../test/runStep';
import {
  GraphConnection,
  JumpCloudUser,
  JumpCloudUserGroup,
} from '../../client';
import { IntegrationConfig } from '../../config';
import { DataKeys, Relationships, Steps } from '../constants';
import { userKey } from '../users/converter';
import { groupKey } from './converter';
import { buildGroupUserRelationships } from './index';
import { GroupMembership } from './membership';

let recording: Recording | undefined;
afterEach(async () => {
  await recording?.stop();
});

test('build-group-user-relationships: each group HAS every recorded direct member that is a collected user', async () => {
  recording = setupJumpCloudRecording(__dirname, 'group-memberships');
  const config = recordingConfig();
  const result = await runStep(Steps.GROUP_USER_RELATIONSHIPS, config);
  await recording.stop();
  recording = undefined;
  expect(result).toMatchStepMetadata({
    stepId: Steps.GROUP_USER_RELATIONSHIPS,
    invocationConfig,
    instanceConfig: config,
  });

  const entries = await recordedEntries(__dirname, 'group-memberships');
  const users = new Set(
    recordedItems<JumpCloudUser>(entries, /\/systemusers$/).map((u) =>
      userKey(u._id),
    ),
  );
  const groups = recordedItems<JumpCloudUserGroup>(
    entries,
    /\/v2\/usergroups$/,
  );
  expect(groups.length).toBeGreaterThan(0);

  const expectedEdges: string[] = [];
  for (const group of groups) {
    const members = recordedItems<GraphConnection>(
      entries,
      new RegExp(`/v2/usergroups/${group.id}/members$`),
    );
    for (const member of members.filter((m) => m.to.type === 'user')) {
      if (users.has(userKey(member.to.id))) {
        expectedEdges.push(`${groupKey(group.id)}|${userKey(member.to.id)}`);
      }
    }
  }
  expect(expectedEdges.length).toBeGreaterThan(0);
  expect(
    result.collectedRelationships
      .filter((r) => r._type === Relationships.GROUP_HAS_USER._type)
      .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`)
      .sort(),
  ).toEqual(expectedEdges.sort());
});

test('build-group-user-relationships: lets each member list go once its edges are built', async () => {
  const membership: GroupMembership = {
    members: { g1: ['u1', 'u2'], g2: ['u2', 'u4'], g3: ['u3'] },
    nonUserMembers: 0,
    groups: 3,
  };
  const collected = new Set(['u1', 'u2', 'u3'].map(userKey));
  const data = new Map<string, unknown>([
    [DataKeys.GROUP_MEMBERSHIP, membership],
  ]);
  // For each member looked up: the groups whose lists were still held.
  const heldAtLookup: Record<string, string[][]> = {};
  const built: Relationship[] = [];
  const jobState = {
    getData: (key: string) => Promise.resolve(data.get(key)),
    deleteData: (key: string) => Promise.resolve(void data.delete(key)),
    hasKey: (key: string) => {
      (heldAtLookup[key] ??= []).push(Object.keys(membership.members));
      return collected.has(key);
    },
    addRelationships: (relationships: Relationship[]) =>
      Promise.resolve(void built.push(...relationships)),
  } as unknown as JobState;
  const logger = { info: jest.fn(), warn: jest.fn() };

  await buildGroupUserRelationships({
    jobState,
    logger,
  } as unknown as IntegrationStepExecutionContext<IntegrationConfig>);

  expect(built.map((r) => `${r._fromEntityKey}|${r._toEntityKey}`)).toEqual([
    `${groupKey('g1')}|${userKey('u1')}`,
    `${groupKey('g1')}|${userKey('u2')}`,
    `${groupKey('g2')}|${userKey('u2')}`,
    `${groupKey('g3')}|${userKey('u3')}`,
  ]);
  expect(heldAtLookup[userKey('u1')]).toEqual([['g2', 'g3']]);
  expect(heldAtLookup[userKey('u2')]).toEqual([['g2', 'g3'], ['g3']]);
  expect(heldAtLookup[userKey('u4')]).toEqual([['g3']]);
  expect(heldAtLookup[userKey('u3')]).toEqual([[]]);
  expect(data.has(DataKeys.GROUP_MEMBERSHIP)).toBe(false);
});
