import { createHash } from 'node:crypto';

/**
 * Intake rules (elastic intake during congress sessions): who is answerable for a new message,
 * and when a source is flooding. Pure functions; counts come from storage.
 */

/** A deputy as the messaging service's read model knows them. */
export interface DeputyLoad {
  code: string;
  name: string;
  level: 'city' | 'township';
  townshipCode: string;
  stationCode: string;
  active: boolean;
  /** Messages assigned and not yet answered, escalated or closed. */
  openCount: number;
}

/**
 * A station code goes to the station's least-loaded active deputy (one deputy is always
 * answerable); ties go to the lower code, so the choice is reproducible.
 */
export function pickLeastLoaded(deputies: readonly DeputyLoad[]): DeputyLoad | undefined {
  return deputies.filter((d) => d.active).sort((a, b) => a.openCount - b.openCount || a.code.localeCompare(b.code))[0];
}

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

/**
 * The fingerprint of a text for flood detection: case, spacing, punctuation, symbols and digits
 * removed, so "路灯坏了！！" and "路灯 坏了 1" count as the same text.
 */
export function textFingerprint(content: string): string {
  const normalised = content
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\p{Z}\s\d]/gu, '');
  return createHash('sha256').update(normalised).digest('hex').slice(0, 32);
}

/** The stored identity of a source: a hash, never the address itself. */
export function sourceKey(clientIp: string, city: string): string {
  return createHash('sha256').update(`${city}|${clientIp}`).digest('hex').slice(0, 32);
}

/** Counts characters as people do (a Chinese character or an emoji is one). */
export function characterCount(text: string): number {
  return [...text].length;
}
