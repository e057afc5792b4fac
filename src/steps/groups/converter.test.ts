import { consoleLinks } from '../../client';
import { createGroupEntity, groupKey } from './converter';

const links = consoleLinks('us');
const ID = '6026da081f24755306c2ee0d';

test('maps a group with its member count', () => {
  const entity = createGroupEntity(
    {
      attributes: null,
      id: ID,
      name: 'My Test Group',
      type: 'user_group',
      email: 'team@example.com',
      description: 'Testing!',
    },
    7,
    links,
  )!;
  expect(entity).toMatchObject({
    _key: groupKey(ID),
    _type: 'jumpcloud_group',
    _class: ['Group'],
    id: ID,
    name: 'My Test Group',
    displayName: 'My Test Group',
    description: 'Testing!',
    email: 'team@example.com',
    memberCount: 7,
    webLink: `https://console.jumpcloud.com/#/groups/user/${ID}/details`,
  });
});

test('empty strings and unreadable member lists leave properties out', () => {
  const entity = createGroupEntity(
    { id: ID, name: '', email: '', description: '' },
    undefined,
    links,
  )!;
  expect(entity.name).toBe(ID);
  expect(entity).not.toHaveProperty('email');
  expect(entity).not.toHaveProperty('description');
  expect(entity).not.toHaveProperty('memberCount');
});

test('an empty group counts zero members', () => {
  expect(
    createGroupEntity({ id: ID, name: 'Empty' }, 0, links)!.memberCount,
  ).toBe(0);
});
