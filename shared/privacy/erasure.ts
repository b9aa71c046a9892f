/**
 * 删除个人信息: what every service holding citizens' personal data shares about erasing it — the
 * audit entry's shape, where it is kept in the service's table, and the retention cutoff
 * (decision 40). Pure; the clock is passed in.
 */

/** What the platform keeps of a citizen beside a matter, and erases. */
export type ErasedField = 'name' | 'phone' | 'location' | 'source' | 'wechat';

/** Why personal data was erased: the city's retention period passed, or someone asked. */
export type ErasureReason = 'retention' | 'request';

/** An audit entry of an erasure: who, when, what, never the data itself. */
export interface ErasureRecord {
  erasureId: string;
  at: string;
  by: string;
  reason: ErasureReason;
  /** Messages erased (messaging); empty for an entry of another service. */
  messageIds: string[];
  /** Reception-day appointments erased (participation). */
  appointmentIds?: string[];
  fields: ErasedField[];
}

/** The audit of erasures in a service's own table. */
export interface ErasureLog {
  record(entry: ErasureRecord): Promise<void>;
  /** The latest entries, newest first. */
  latest(limit: number): Promise<ErasureRecord[]>;
}

/** An audit entry of an erasure: `erasures` / `<at>#<erasureId>` (one partition: they are few). */
export const erasureKey = (at: string, erasureId: string) => ({ pk: 'erasures', sk: `${at}#${erasureId}` });

/** The date before which closed matters lose their personal data: `months` before `now`. */
export function retentionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

/** Several services' audits as one, newest first. */
export function newestFirst(limit: number, ...logs: ErasureRecord[][]): ErasureRecord[] {
  return logs
    .flat()
    .sort((a, b) => b.at.localeCompare(a.at) || b.erasureId.localeCompare(a.erasureId))
    .slice(0, limit);
}
