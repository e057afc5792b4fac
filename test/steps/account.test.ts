import { invocationConfig, runStep } from '../runStep';
import { startTestTenant, TestTenant } from '../tenant';
import { Steps } from '../../src/steps/constants';
import { accountKey } from '../../src/steps/account/converter';

let t: TestTenant;
beforeAll(async () => {
  t = await startTestTenant();
});
afterAll(() => t.simulator.close());

test('fetch-account collects the organization', async () => {
  const result = await runStep(Steps.ACCOUNT, t.config);
  expect(result).toMatchStepMetadata({
    stepId: Steps.ACCOUNT,
    invocationConfig,
    instanceConfig: t.config,
  });
  const org = t.tenant.organization;
  expect(result.collectedEntities).toEqual([
    expect.objectContaining({
      _key: accountKey(org._id),
      id: org._id,
      name: org.displayName,
      createdOn: Date.parse(org.created as string),
      webLink: 'https://console.jumpcloud.com/#/home',
    }),
  ]);
});
