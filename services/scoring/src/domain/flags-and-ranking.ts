import { DeputyFlagged } from '../../../../shared/events/scoring/index.ts';
import { emit, type Emitted } from '../../../../shared/domain/transition.ts';
import type { ScoringRules } from './rules.ts';

export type FlagReason = 'absences_without_leave' | 'no_voter_report' | 'mute' | 'term_ended';

/** What the flags look at in a deputy's year. */
export interface YearFacts {
  absencesWithoutLeave: number;
  voterReports: number;
  suggestions: number;
  answered: number;
  termEnded: boolean;
}

/**
 * Flags for the committee (定标退出的提示) — recommendations, never automatic removals: two
 * absences without approval (as soon as they happen); no report to voters, and neither a
 * suggestion nor an answered message ("mute"), once the year is over; a term that ended.
 */
export function flagsFor(facts: YearFacts, rules: ScoringRules, yearOver: boolean): FlagReason[] {
  const flags: FlagReason[] = [];
  if (facts.absencesWithoutLeave >= rules.absencesToFlag) flags.push('absences_without_leave');
  if (yearOver && facts.voterReports === 0) flags.push('no_voter_report');
  if (yearOver && facts.suggestions === 0 && facts.answered === 0) flags.push('mute');
  if (facts.termEnded) flags.push('term_ended');
  return flags;
}

/** A flag raised for a deputy's year: what the committee is told (DeputyFlagged). */
export interface Flag {
  deputyCode: string;
  year: number;
  reason: FlagReason;
  townshipCode?: string;
}

/** The fact a raised flag publishes. */
export function flagEmitted(flag: Flag): Emitted {
  return emit(DeputyFlagged, flag);
}

export const FLAG_TEXT: Record<FlagReason, string> = {
  absences_without_leave: '未经批准两次以上不参加活动',
  no_voter_report: '年内未向选民述职',
  mute: '年内未提出建议、未答复群众留言（"哑巴代表"）',
  term_ended: '代表资格已终止',
};

export interface Ranked {
  rank: number;
  deputyCode: string;
  name: string;
  total: number;
  grade: 'excellent' | 'qualified';
}

/**
 * Ranks by total (ties share a rank) and grades the top share excellent (优秀等次). Everyone tied
 * with the last deputy inside the share is excellent too: a tie is never split by luck. Only a
 * total above `above` (the base points) can be excellent, so a year nobody has scored in yet
 * grades nobody.
 */
export function rank(scores: readonly { deputyCode: string; name: string; total: number }[], excellentShare: number, above: number): Ranked[] {
  const sorted = [...scores].sort((a, b) => b.total - a.total || a.deputyCode.localeCompare(b.deputyCode));
  // The epsilon keeps 100 × 0.29 from flooring to 28 through floating-point error.
  const quota = Math.floor(sorted.length * excellentShare + 1e-9);
  const cut = quota > 0 ? sorted[quota - 1]!.total : Number.POSITIVE_INFINITY;
  let rankNumber = 0;
  return sorted.map((s, i) => {
    if (i === 0 || s.total !== sorted[i - 1]!.total) rankNumber = i + 1;
    return { rank: rankNumber, deputyCode: s.deputyCode, name: s.name, total: s.total, grade: s.total >= cut && s.total > above ? 'excellent' : 'qualified' };
  });
}
