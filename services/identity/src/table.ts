import { singleTable } from '../../../shared/store/table.ts';

// Indexes and key patterns of the service's single table: the manifest creates the table from
// them, the adapters read and write by them.

/** Index listing every entity of one type by code: `type` = `station`, `code` = `st-lucheng-01`. */
export const BY_TYPE_INDEX = { name: 'byType', partitionKey: 'type', sortKey: 'code' } as const;

export type EntityType = 'township' | 'station' | 'room' | 'group' | 'deputy' | 'unit' | 'account';

/** A directory entity or account: `<type>#<code>` / `<type>`. */
export const directoryKey = (type: EntityType, code: string) => ({ pk: `${type}#${code}`, sk: type });
/** An import job: `import#<jobId>` / `job`. */
export const importJobKey = (jobId: string) => ({ pk: `import#${jobId}`, sk: 'job' });
/** One chunk of an import job's rows: `import#<jobId>` / `chunk#00042`. */
export const importChunkKey = (jobId: string, index: number) => ({ pk: `import#${jobId}`, sk: `chunk#${String(index).padStart(5, '0')}` });
/** A sign-in failure counter: `throttle#<key>` / `window#<start>`, removed by the table's TTL. */
export const throttleKey = (key: string, windowStart: number) => ({ pk: `throttle#${key}`, sk: `window#${windowStart}` });

/** One entry of an account's audit trail: `audit#<username>` / `<at>#<eventId>`, newest last. */
export const auditKey = (username: string, at: string, eventId: string) => ({ pk: `audit#${username}`, sk: `${at}#${eventId}` });
/** A refresh token by the SHA-256 of its value: `refresh#<hash>` / `refresh`, removed by the table's TTL. */
export const refreshTokenKey = (hash: string) => ({ pk: `refresh#${hash}`, sk: 'refresh' });
/** A family of refresh tokens (one sign-in and its rotations), revoked as a whole. */
export const refreshFamilyKey = (familyId: string) => ({ pk: `refresh-family#${familyId}`, sk: 'family' });

/** A pending WeChat binding by the SHA-256 of its `state`: `wechat-state#<hash>` / `state`, removed by the table's TTL. */
export const wechatStateKey = (hash: string) => ({ pk: `wechat-state#${hash}`, sk: 'state' });

/** The identity table: the city directory, accounts and sign-in throttles. */
export const identityTable = singleTable(BY_TYPE_INDEX);
