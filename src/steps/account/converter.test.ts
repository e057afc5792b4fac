import { IntegrationValidationError } from '@jupiterone/integration-sdk-core';
import { consoleLinks } from '../../client';
import {
  accountKey,
  createAccountEntity,
  selectOrganizations,
} from './converter';

const A = {
  _id: '60259a2ad81e1a474d4e7c83',
  id: '60259a2ad81e1a474d4e7c83',
  displayName: 'Acme',
  logoUrl: null,
  created: '2021-02-11T20:57:14.837Z',
};
const B = { _id: '60259a2ad81e1a474d4e7c84', displayName: null };

test('maps an organization, with a name even when JumpCloud has none', () => {
  expect(createAccountEntity(A, consoleLinks('in'))).toMatchObject({
    _key: accountKey(A._id),
    _type: 'jumpcloud_account',
    _class: ['Account', 'Organization'],
    id: A._id,
    name: 'Acme',
    displayName: 'Acme',
    createdOn: Date.parse(A.created),
    webLink: 'https://console.in.jumpcloud.com/#/home',
  });
  expect(createAccountEntity(B, consoleLinks('us')).name).toBe(
    `JumpCloud organization ${B._id}`,
  );
});

test('a single-tenant key needs no org id', () => {
  expect(selectOrganizations([A], {})).toEqual([A]);
});

test('ORG_ID picks the organization, case-insensitively', () => {
  expect(selectOrganizations([A, B], { orgId: B._id.toUpperCase() })).toEqual([
    B,
  ]);
});

test('ORG_ID=all takes every organization of a multi-tenant key', () => {
  expect(selectOrganizations([A, B], { allOrganizations: true })).toEqual([
    A,
    B,
  ]);
});

test('a multi-tenant key without ORG_ID is told to set it, with the choices', () => {
  expect(() => selectOrganizations([A, B], {})).toThrow(
    IntegrationValidationError,
  );
  expect(() => selectOrganizations([A, B], {})).toThrow(
    `set orgId (ORG_ID) to the one to collect, or to "all". Organizations it can read: ${A._id} (Acme), ${B._id}.`,
  );
});

test('an ORG_ID the key cannot read is named', () => {
  expect(() =>
    selectOrganizations([A], { orgId: '0123456789abcdef01234567' }),
  ).toThrow(
    'Config orgId (ORG_ID) 0123456789abcdef01234567 is not an organization this API key can read',
  );
});

test('a key that can read no organization says so', () => {
  expect(() => selectOrganizations([], { allOrganizations: true })).toThrow(
    'The API key can read no JumpCloud organization',
  );
});
