import type { Deputy, Station } from './directory.ts';

/** A deputy as anyone may see them (API.md): no phone, no account, nothing private. */
export interface PublicDeputy {
  code: string;
  name: string;
  level: Deputy['level'];
  townshipCode: string;
  stationCode: string;
  group: string;
  category: Deputy['category'];
  termStatus: Deputy['termStatus'];
}

export interface PublicStation {
  code: string;
  name: string;
  townshipCode: string;
  address: string;
  /** Active deputies of the station. */
  deputies: { code: string; name: string }[];
}

export function toPublicDeputy(deputy: Omit<Deputy, 'phone'>): PublicDeputy {
  return {
    code: deputy.code,
    name: deputy.name,
    level: deputy.level,
    townshipCode: deputy.townshipCode,
    stationCode: deputy.stationCode,
    group: deputy.groupCode,
    category: deputy.category,
    termStatus: deputy.termStatus,
  };
}

export function toPublicStation(station: Station, deputies: readonly Omit<Deputy, 'phone'>[]): PublicStation {
  return {
    code: station.code,
    name: station.name,
    townshipCode: station.townshipCode,
    address: station.address,
    deputies: deputies
      .filter((d) => d.stationCode === station.code && d.termStatus === 'active')
      .map((d) => ({ code: d.code, name: d.name })),
  };
}

/** The public message page a QR code opens (站码 `/s/<code>`, 代表码 `/d/<code>`). */
export function messagePageUrl(publicBaseUrl: string, target: { stationCode: string } | { deputyCode: string }): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return 'stationCode' in target
    ? `${base}/s/${encodeURIComponent(target.stationCode)}`
    : `${base}/d/${encodeURIComponent(target.deputyCode)}`;
}
