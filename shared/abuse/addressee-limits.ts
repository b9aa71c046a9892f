/*
 * Per-addressee limits: a flood from many addresses at one deputy or one station, which no
 * per-source limit sees. Counted over every source, refused and held submissions included.
 */

/**
 * Submissions to one addressee in one hour past which the next are held for the township's
 * reviewers instead of reaching the deputy. Above any honest peak: the intake burst of a congress
 * session (200 messages to one deputy within minutes, `intake-burst.http.test.ts`) stays under it.
 */
export const ADDRESSEE_LIMITS = {
  perDeputyPerHour: 300,
  perStationPerHour: 600,
} as const;

/** Who a submission is addressed to: the deputy whose code it names, else the station it came from. */
export function addresseeOf(input: { deputyCode?: string; stationCode?: string }): { key: string; perHour: number } {
  if (input.deputyCode) return { key: `deputy#${input.deputyCode}`, perHour: ADDRESSEE_LIMITS.perDeputyPerHour };
  return { key: `station#${input.stationCode ?? '-'}`, perHour: ADDRESSEE_LIMITS.perStationPerHour };
}

/** Counts submissions per addressee and hour. */
export interface AddresseeCounters {
  /** Counts one submission to `addressee` (refused or not) and answers how many this hour, this one included. */
  countTo(addressee: string, now: Date): Promise<number>;
}
