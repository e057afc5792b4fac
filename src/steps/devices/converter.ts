import { Entity } from '@jupiterone/integration-sdk-core';
import { ConsoleLinks, JumpCloudSystem } from '../../client';
import { cleanString, cleanTime, firstString, isTrue } from '../clean';
import { Entities } from '../constants';
import { createEntity } from '../entity';

export function deviceKey(systemId: string): string {
  return `${Entities.DEVICE._type}:${systemId}`;
}

/** JumpCloud's OS family as the data model's platform names it. */
const PLATFORMS: Record<string, string> = {
  darwin: 'darwin',
  macos: 'darwin',
  'mac os x': 'darwin',
  windows: 'windows',
  linux: 'linux',
  ios: 'ios',
  ipados: 'ios',
  android: 'android',
};

/**
 * A JumpCloud system (a managed laptop, desktop, server or mobile device) as a
 * `jumpcloud_device` entity. The data model's Device requires category, make,
 * model, serial and deviceId: they are always present, null when unknown.
 */
export function createDeviceEntity(
  system: JumpCloudSystem,
  links: ConsoleLinks,
): Entity | undefined {
  const id = cleanString(system._id ?? system.id);
  if (!id) return undefined;
  const hostname = cleanString(system.hostname);
  const name = firstString(system.displayName, hostname) ?? id;
  const os = firstString(system.os, system.osVersionDetail?.osName);
  const family = cleanString(system.osFamily ?? system.os)?.toLowerCase();
  const fdeActive = system.fde ? isTrue(system.fde.active) : undefined;
  return createEntity(system, {
    _key: deviceKey(id),
    _type: Entities.DEVICE._type,
    _class: Entities.DEVICE._class,
    id,
    name,
    displayName: name,
    hostname,
    category: 'endpoint',
    make: cleanString(system.hwVendor) ?? null,
    model: cleanString(system.hwModel) ?? null,
    serial: cleanString(system.serialNumber) ?? null,
    deviceId: id,
    os,
    osName: os,
    osVersion: firstString(system.version, system.osVersionDetail?.version),
    platform: (family && PLATFORMS[family]) ?? family,
    arch: cleanString(system.arch),
    agentVersion: cleanString(system.agentVersion),
    active: isTrue(system.active),
    lastSeenOn: cleanTime(system.lastContact),
    fdeActive,
    encrypted: fdeActive,
    createdOn: cleanTime(system.created),
    webLink: links.device(id),
  });
}

/** A binding's sudo rights (`attributes.sudo`); false when absent or null. */
export type SudoRights = {
  sudo: boolean;
  sudoWithoutPassword: boolean;
};

/**
 * Sudo rights from a binding's `attributes` or a traversal row's
 * `compiledAttributes` (which merges every path's): `sudo.enabled`, and
 * `sudo.withoutPassword`, which counts only with sudo enabled.
 */
export function sudoRights(attributes: unknown): SudoRights {
  const sudo =
    attributes && typeof attributes === 'object'
      ? (attributes as { sudo?: unknown }).sudo
      : undefined;
  const fields =
    sudo && typeof sudo === 'object'
      ? (sudo as { enabled?: unknown; withoutPassword?: unknown })
      : {};
  const enabled = isTrue(fields.enabled);
  return {
    sudo: enabled,
    sudoWithoutPassword: enabled && isTrue(fields.withoutPassword),
  };
}

/**
 * user USES device from a traversal row (`GET /v2/systems/{id}/users` or
 * `/v2/users/{id}/systems`): every path through groups is in it. `direct`
 * when one path is the direct binding itself (a path of one edge).
 */
export function usesDeviceProperties(row: {
  compiledAttributes?: unknown;
  paths?: unknown;
}): {
  sudo: boolean;
  sudoWithoutPassword: boolean;
  direct: boolean;
  pathCount: number;
} {
  const paths = Array.isArray(row.paths) ? row.paths : [];
  return {
    ...sudoRights(row.compiledAttributes),
    direct: paths.some((path) => Array.isArray(path) && path.length === 1),
    pathCount: paths.length,
  };
}
