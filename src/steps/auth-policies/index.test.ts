import { Recording } from '@jupiterone/integration-sdk-testing';
import {
  recordedEntries,
  recordedItems,
  recordingConfig,
  setupJumpCloudRecording,
} from '../../../test/recording';
import { invocationConfig, runStep } from '../../../test/runStep';
import { JumpCloudAuthnPolicy } from '../../client';
import { Entities, Relationships, Steps } from '../constants';
import { groupKey } from '../groups/converter';
import { authPolicyKey, policyTargets } from './converter';

let recording: Recording | undefined;
afterEach(async () => {
  await recording?.stop();
});

test('fetch-auth-policies: every recorded policy, ASSIGNED its included groups, OVERRIDDEN by its excluded ones', async () => {
  recording = setupJumpCloudRecording(__dirname, 'fetch-auth-policies');
  const config = recordingConfig();
  const result = await runStep(Steps.AUTH_POLICIES, config);
  await recording.stop();
  recording = undefined;
  expect(result).toMatchStepMetadata({
    stepId: Steps.AUTH_POLICIES,
    invocationConfig,
    instanceConfig: config,
  });

  const entries = await recordedEntries(__dirname, 'fetch-auth-policies');
  const groups = new Set(
    recordedItems<{ id: string }>(entries, /\/v2\/usergroups$/).map((g) =>
      groupKey(g.id),
    ),
  );
  const policies = recordedItems<JumpCloudAuthnPolicy>(
    entries,
    /\/v2\/authn\/policies$/,
  );
  expect(policies.length).toBeGreaterThan(0);
  expect(
    result.collectedEntities
      .filter((e) => e._type === Entities.AUTH_POLICY._type)
      .map((e) => [e._key, e.enforced, e.mfaRequired])
      .sort(),
  ).toEqual(
    policies
      .map((p) => [
        authPolicyKey(p.id),
        !p.disabled && !p.monitorOnly,
        p.effect?.action === 'allow' &&
          p.effect?.obligations?.mfa?.required === true,
      ])
      .sort(),
  );

  const edges = (type: string) =>
    result.collectedRelationships
      .filter((r) => r._type === type)
      .map((r) => `${r._fromEntityKey}|${r._toEntityKey}`)
      .sort();
  const included = policies.flatMap((p) =>
    policyTargets(p)
      .includedGroupIds.map(groupKey)
      .filter((key) => groups.has(key))
      .map((key) => `${authPolicyKey(p.id)}|${key}`),
  );
  const excluded = policies.flatMap((p) =>
    policyTargets(p)
      .excludedGroupIds.map(groupKey)
      .filter((key) => groups.has(key))
      .map((key) => `${key}|${authPolicyKey(p.id)}`),
  );
  expect(included.length).toBeGreaterThan(0);
  expect(edges(Relationships.AUTH_POLICY_ASSIGNED_GROUP._type)).toEqual(
    included.sort(),
  );
  expect(edges(Relationships.GROUP_OVERRIDES_AUTH_POLICY._type)).toEqual(
    excluded.sort(),
  );
});
