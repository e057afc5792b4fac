/**
 * JumpCloud data-residency regions. A key only works against the hosts of the
 * region its organization lives in, so the region decides every URL we use.
 */
export const REGIONS = {
  us: {
    consoleUrl: 'https://console.jumpcloud.com',
    insightsApiBaseUrl: 'https://api.jumpcloud.com/insights/directory/v1',
  },
  eu: {
    consoleUrl: 'https://console.eu.jumpcloud.com',
    insightsApiBaseUrl: 'https://api.eu.jumpcloud.com/insights/directory/v1',
  },
  in: {
    consoleUrl: 'https://console.in.jumpcloud.com',
    insightsApiBaseUrl: 'https://api.in.jumpcloud.com/insights/directory/v1',
  },
} as const;

export type Region = keyof typeof REGIONS;

export const DEFAULT_REGION: Region = 'us';

export function isRegion(value: string): value is Region {
  return Object.prototype.hasOwnProperty.call(REGIONS, value);
}

/** Links into the administrator console of the configured region. */
export function consoleLinks(region: Region) {
  const base = `${REGIONS[region].consoleUrl}/#`;
  return {
    home: () => `${base}/home`,
    user: (id: string) => `${base}/users/${id}/details`,
    group: (id: string) => `${base}/groups/user/${id}/details`,
    application: (id: string) => `${base}/applications/${id}/details`,
    device: (id: string) => `${base}/systems/${id}/details`,
    deviceGroup: (id: string) => `${base}/groups/system/${id}/details`,
  };
}

export type ConsoleLinks = ReturnType<typeof consoleLinks>;
