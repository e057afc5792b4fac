import { EventKind, EventLog } from './events';
import { hash32, hex8 } from './random';

/**
 * Builds the JSON row of one event, field order and shapes as in real
 * Directory Insights responses. Details that need no storage (device,
 * browser, location, IP) are derived from hashes of the event and its actor.
 */

const GEO = [
  {
    country_code: 'US',
    timezone: 'America/New_York',
    latitude: 42.3364,
    continent_code: 'NA',
    region_name: 'Massachusetts',
    region_code: 'MA',
    longitude: -71.0326,
  },
  {
    country_code: 'US',
    timezone: 'America/Chicago',
    latitude: 30.2672,
    continent_code: 'NA',
    region_name: 'Texas',
    region_code: 'TX',
    longitude: -97.7431,
  },
  {
    country_code: 'FR',
    timezone: 'Europe/Paris',
    latitude: 48.8138,
    continent_code: 'EU',
    region_name: 'Val-de-Marne',
    region_code: '94',
    longitude: 2.3873,
  },
  {
    country_code: 'DE',
    timezone: 'Europe/Berlin',
    latitude: 52.52,
    continent_code: 'EU',
    region_name: 'Land Berlin',
    region_code: 'BE',
    longitude: 13.405,
  },
  {
    country_code: 'BR',
    timezone: 'America/Sao_Paulo',
    latitude: -23.5505,
    continent_code: 'SA',
    region_name: 'São Paulo',
    region_code: 'SP',
    longitude: -46.6333,
  },
  {
    country_code: 'JP',
    timezone: 'Asia/Tokyo',
    latitude: 35.6762,
    continent_code: 'AS',
    region_name: 'Tokyo',
    region_code: '13',
    longitude: 139.6503,
  },
  {
    country_code: 'IN',
    timezone: 'Asia/Kolkata',
    latitude: 12.9716,
    continent_code: 'AS',
    region_name: 'Karnataka',
    region_code: 'KA',
    longitude: 77.5946,
  },
];

const USER_AGENTS = [
  {
    os_full: 'Mac OS X 10.15',
    minor: '0',
    os: 'Mac OS X',
    major: '114',
    os_minor: '15',
    os_major: '10',
    os_version: '10.15',
    name: 'Firefox',
    os_name: 'Mac OS X',
    device: 'Mac',
    version: '114.0',
  },
  {
    minor: '0',
    os: 'Mac OS X',
    os_minor: '15',
    os_major: '10',
    os_version: '10.15.7',
    version: '114.0.0.0',
    os_patch: '7',
    patch: '0',
    os_full: 'Mac OS X 10.15.7',
    major: '114',
    name: 'Chrome',
    os_name: 'Mac OS X',
    device: 'Mac',
  },
  {
    minor: '0',
    os: 'Windows',
    os_major: '10',
    os_version: '10',
    version: '120.0.0.0',
    patch: '0',
    os_full: 'Windows 10',
    major: '120',
    name: 'Edge',
    os_name: 'Windows',
    device: 'Other',
  },
  {
    minor: '1',
    os: 'iOS',
    os_minor: '1',
    os_major: '17',
    os_version: '17.1',
    version: '17.1',
    os_full: 'iOS 17.1',
    major: '17',
    name: 'Mobile Safari',
    os_name: 'iOS',
    device: 'iPhone',
  },
  {
    minor: '0',
    os: 'Linux',
    version: '121.0',
    os_full: 'Linux',
    major: '121',
    name: 'Firefox',
    os_name: 'Linux',
    device: 'Other',
  },
];

const SYSTEMS = [
  { os: 'Mac OS X', version: '13.4', suffix: 'MBP' },
  { os: 'Windows', version: '10.0.19045', suffix: 'WIN' },
  { os: 'Ubuntu', version: '22.04', suffix: 'LNX' },
];

const CHANGED_FIELDS = [
  ['department', 'Sales', 'Marketing'],
  ['jobTitle', 'Engineer', 'Senior Engineer'],
  ['state', 'STAGED', 'ACTIVATED'],
  ['location', 'Remote', 'Zürich'],
];

export function eventRow(log: EventLog, i: number): Record<string, unknown> {
  switch (log.kind(i)) {
    case EventKind.SsoAuth:
      return ssoAuthRow(log, i);
    case EventKind.UserUpdate:
      return userUpdateRow(log, i);
    default:
      return loginAttemptRow(log, i);
  }
}

function ssoAuthRow(log: EventLog, i: number): Record<string, unknown> {
  const actor = log.initiator(i);
  const actorHash = hash32(log.refs.salt, log.columns.principal[i]);
  const eventHash = hash32(log.refs.salt, i, 0x550);
  const success = log.succeeded(i);
  const system = deviceOf(actor.username, actor.id, actorHash);
  const authContext: Record<string, unknown> = {};
  if (eventHash % 10 < 7) authContext.system = system;
  authContext.auth_methods = {};
  if (success && eventHash % 9 !== 0) {
    authContext.policies_applied = [
      {
        metadata: { resource_type: 'APPLICATION', action: 'ALLOW' },
        name: 'Global Policy',
        id: '',
      },
    ];
  }
  return {
    initiated_by: { ...actor },
    error_message: log.errorMessage(i),
    geoip: { ...GEO[actorHash % GEO.length] },
    sso_token_success: success,
    auth_context: authContext,
    useragent: { ...USER_AGENTS[(actorHash >>> 8) % USER_AGENTS.length] },
    mfa: success && mfaConfigured(log, i) && eventHash % 4 !== 0,
    event_type: 'sso_auth',
    application: log.application(i),
    provider: '',
    service: 'sso',
    organization: log.refs.orgId,
    '@version': '1',
    client_ip: clientIp(actorHash, eventHash),
    id: log.id(i),
    idp_initiated: (eventHash >>> 4) % 10 < 3,
    timestamp: log.timestamp(i),
  };
}

function userUpdateRow(log: EventLog, i: number): Record<string, unknown> {
  const target = log.initiator(i);
  const admin = log.principal(
    log.refs.users.length + log.refs.deletedUserIds.length + log.columns.app[i],
  );
  const adminHash = hash32(log.refs.salt, log.columns.app[i], 0xad);
  const eventHash = hash32(log.refs.salt, i, 0x551);
  const [field, from, to] = CHANGED_FIELDS[eventHash % CHANGED_FIELDS.length];
  return {
    initiated_by: { ...admin },
    geoip: { ...GEO[adminHash % GEO.length] },
    useragent: { ...USER_AGENTS[(adminHash >>> 8) % USER_AGENTS.length] },
    resource: { id: target.id, type: 'user', username: target.username },
    changes: [{ field, from, to }],
    event_type: 'user_update',
    provider: '',
    service: 'directory',
    organization: log.refs.orgId,
    '@version': '1',
    client_ip: clientIp(adminHash, eventHash),
    id: log.id(i),
    success: true,
    timestamp: log.timestamp(i),
  };
}

function loginAttemptRow(log: EventLog, i: number): Record<string, unknown> {
  const actor = log.initiator(i);
  const actorHash = hash32(log.refs.salt, log.columns.principal[i]);
  const eventHash = hash32(log.refs.salt, i, 0x552);
  const success = log.succeeded(i);
  const row: Record<string, unknown> = {
    initiated_by: { ...actor },
    system: deviceOf(actor.username, actor.id, actorHash),
    username: actor.username,
    event_type: 'login_attempt',
    provider: '',
    service: 'systems',
    organization: log.refs.orgId,
    '@version': '1',
    client_ip: clientIp(actorHash, eventHash),
    id: log.id(i),
    success,
    timestamp: log.timestamp(i),
  };
  if (!success) row.message = 'authentication failure';
  return row;
}

function mfaConfigured(log: EventLog, i: number): boolean {
  const p = log.columns.principal[i];
  return (
    p < log.refs.users.length && log.refs.users[p].mfa?.configured === true
  );
}

function deviceOf(username: string, actorId: string, actorHash: number) {
  const base = SYSTEMS[actorHash % SYSTEMS.length];
  const hostname = `${username.split(/[.@]/)[0].toUpperCase()}-${base.suffix}`;
  return {
    hostname,
    os: base.os,
    displayName: hostname,
    id: actorId.slice(0, 8) + hex8(actorHash) + hex8(actorHash ^ 0x5a5a5a5a),
    version: base.version,
  };
}

function clientIp(actorHash: number, eventHash: number): string {
  // Mostly the actor's usual address, sometimes a roaming one.
  const h = eventHash % 5 === 0 ? eventHash : actorHash;
  return `${((h >>> 24) % 223) + 1}.${(h >>> 16) & 255}.${(h >>> 8) & 255}.${
    h & 255 || 1
  }`;
}
