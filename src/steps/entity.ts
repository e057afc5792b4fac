import {
  createIntegrationEntity,
  Entity,
  IntegrationEntityData,
} from '@jupiterone/integration-sdk-core';

type EntityProperties = IntegrationEntityData['assign'] & {
  _class: string[];
};

/**
 * Builds an entity from exactly the properties given. The SDK's own copying of
 * "schema" properties from the raw record is bypassed on purpose: it would
 * carry an invalid e-mail or a 10,000-character description straight into the
 * entity. The raw record is still kept as `_rawData`.
 */
export function createEntity(
  rawData: object | undefined,
  properties: EntityProperties,
): Entity {
  return createIntegrationEntity({
    entityData: {
      source: {},
      assign: {
        ...withoutUndefined(properties),
        ...(rawData ? { _rawData: [{ name: 'default', rawData }] } : {}),
      },
    },
  });
}

function withoutUndefined<T extends object>(properties: T): T {
  const result = {} as T;
  // for…in over an object literal: its own properties, with no entry arrays.
  for (const name in properties) {
    const value = properties[name];
    if (value !== undefined) result[name] = value;
  }
  return result;
}
