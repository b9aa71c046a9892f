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

export { admission, INTAKE_LIMITS, type SourceCounts } from '../../../../shared/abuse/source-limits.ts';

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

/** Counts characters as people do (a Chinese character or an emoji is one). */
export function characterCount(text: string): number {
  return [...text].length;
}
