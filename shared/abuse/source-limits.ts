/*
 * Per-source limits for what the public may send without signing in (a citizen's message, an
 * answer to a consultation): counted per source under a keyed hash of its address
 * (`source-keys.ts`), refused attempts included.
 */

/** Per-source limits: a person writes a few messages; a script writes hundreds. */
export const INTAKE_LIMITS = {
  perMinute: 20,
  perHour: 200,
  /** The same text (after normalising) from one source more often than this in an hour is held for review. */
  sameTextPerHour: 2,
} as const;

/** A source's submissions counted so far, this one included (refused ones count too). */
export interface SourceCounts {
  thisMinute: number;
  thisHour: number;
  sameTextThisHour: number;
}

/**
 * Whether a source's submission is admitted: refused past the per-minute or the per-hour limit,
 * with the seconds until the window that refused it ends. Refused attempts are counted before
 * this is asked, so a source that keeps hammering stays refused: that is what a limit is for.
 */
export function admission(counts: SourceCounts, now: Date): { admitted: true; sameTextThisHour: number } | { admitted: false; retryAfterSeconds: number } {
  if (counts.thisHour > INTAKE_LIMITS.perHour)
    return { admitted: false, retryAfterSeconds: Math.max(1, 3600 - Math.floor((now.getTime() % 3_600_000) / 1000)) };
  if (counts.thisMinute > INTAKE_LIMITS.perMinute) return { admitted: false, retryAfterSeconds: Math.max(1, 60 - Math.floor((now.getTime() % 60_000) / 1000)) };
  return { admitted: true, sameTextThisHour: counts.sameTextThisHour };
}

/** What the counters answer: admitted (with how often this text came this hour), or refused until a time. */
export type SourceVerdict = { admitted: true; sameTextThisHour: number } | { admitted: false; retryAfterSeconds: number };

/** Per-source counters for rate limits and flood detection. */
export interface SourceCounters {
  /**
   * Counts one submission of a text (by fingerprint) from a source, refused or not, and decides
   * with {@link admission}: refused past the per-minute or per-hour limit; otherwise says how
   * often this source sent this text this hour.
   */
  admit(sourceKey: string, fingerprint: string, now: Date): Promise<SourceVerdict>;
}
