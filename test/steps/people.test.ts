import { runStep } from '../runStep';
import { startTestTenant, TestTenant } from '../tenant';
import { MappedRelationships, Steps } from '../../src/steps/constants';
import { userKey } from '../../src/steps/users/converter';
import { createUserPersonRelationship } from '../../src/steps/people';

// toMatchStepMetadata refuses steps that declare mapped relationships, so
// this step is checked on its own terms.
describe('map-users-to-people', () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant({ users: 120 });
  });
  afterAll(() => t.simulator.close());

  test('each user with a valid e-mail maps to the person with that e-mail', async () => {
    const users = (await runStep(Steps.USERS, t.config)).collectedEntities;
    const withEmail = users.filter((u) => typeof u.email === 'string');
    expect(withEmail.length).toBeLessThan(users.length); // the tenant has invalid e-mails

    const { collectedRelationships } = await runStep(
      Steps.USER_PEOPLE,
      t.config,
    );
    expect(collectedRelationships).toHaveLength(withEmail.length);
    const bySource = new Map(
      collectedRelationships.map((r) => [
        (r as any)._mapping.sourceEntityKey,
        r as any,
      ]),
    );
    for (const user of withEmail) {
      const relationship = bySource.get(userKey(user.id as string));
      expect(relationship).toMatchObject({
        _type: MappedRelationships.USER_IS_PERSON._type,
        _class: 'IS',
        _mapping: {
          relationshipDirection: 'FORWARD',
          targetFilterKeys: [['_class', 'email']],
          targetEntity: {
            _class: 'Person',
            _type: 'employee',
            email: user.email,
          },
          skipTargetCreation: false,
        },
      });
    }
  });

  test('the relationship key is stable for a user and an e-mail', () => {
    const a = createUserPersonRelationship(
      '6026bec6b8207255280d5981',
      'a@example.com',
    );
    const b = createUserPersonRelationship(
      '6026bec6b8207255280d5981',
      'a@example.com',
    );
    expect(a._key).toBe(b._key);
    expect(a._key).not.toBe(
      createUserPersonRelationship('6026bec6b8207255280d5981', 'b@example.com')
        ._key,
    );
  });
});
