import type { MessageFacts, Rating, UnitCaseFacts } from './facts.ts';

/** Satisfaction counts: the latest rating of each message. */
export interface Satisfaction {
  satisfied: number;
  basically: number;
  unsatisfied: number;
}

/** The committee's figures for a set of messages (a period, a township, a category, a deputy…). */
export interface MessageTally {
  received: number;
  /** Held as a suspected flood and never released to a deputy. */
  held: number;
  answered: number;
  answeredOnTime: number;
  escalated: number;
  resolved: number;
  /** Resolved by the unit within its committed date. */
  resolvedOnTime: number;
  closed: number;
  overdueNow: number;
  /** Median hours from assignment (or submission) to the deputy's first reply; null with no reply. */
  medianReplyHours: number | null;
  satisfaction: Satisfaction;
}

/** The median of some numbers, or null when there are none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Hours (or days) between two UTC times, to one decimal. */
export const elapsed = (from: string, to: string, unitMs: number) => Math.round(((Date.parse(to) - Date.parse(from)) / unitMs) * 10) / 10;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Hours from the message reaching its deputy to the deputy's first reply. */
export function replyHours(m: MessageFacts): number | undefined {
  const start = m.assignedAt ?? m.submittedAt;
  return m.firstReplyAt && start ? elapsed(start, m.firstReplyAt, HOUR_MS) : undefined;
}

/** The deputy's reply is past due and there is still none (neither escalated nor closed). */
export function replyOverdue(m: MessageFacts, now: Date): boolean {
  return !!m.replyDueAt && !m.firstReplyAt && !m.escalatedAt && !m.closedAt && m.replyDueAt < now.toISOString();
}

/** The end of a city date as a UTC instant, given the city's `endOfCityDay`. */
export type EndOfDay = (date: string) => string;

/** A unit is late with a case it still holds: not accepted by its acceptance deadline, or not resolved by its date. */
export function unitOverdue(u: UnitCaseFacts, caseClosed: boolean, now: Date, endOfDay: EndOfDay): boolean {
  if (u.resolvedAt || u.reassignRequestedAt || caseClosed || !u.forwardedAt) return false;
  const at = now.toISOString();
  if (!u.acceptedAt && u.acceptDueAt && u.acceptDueAt < at) return true;
  const date = u.committedDate ?? u.dueDate;
  return !!date && endOfDay(date) < at;
}

/** Counts a rating into satisfaction figures. */
export function addRating(s: Satisfaction, rating: Rating | undefined): void {
  if (rating === 'satisfied') s.satisfied++;
  else if (rating === 'basically_satisfied') s.basically++;
  else if (rating === 'unsatisfied') s.unsatisfied++;
}

/**
 * Tallies messages. `overdue` says whether a message is overdue now (its reply, or its case at a
 * unit): the caller knows the units' facts and the clock.
 */
export function tallyMessages(messages: readonly MessageFacts[], overdue: (m: MessageFacts) => boolean): MessageTally {
  const t: MessageTally = {
    received: 0,
    held: 0,
    answered: 0,
    answeredOnTime: 0,
    escalated: 0,
    resolved: 0,
    resolvedOnTime: 0,
    closed: 0,
    overdueNow: 0,
    medianReplyHours: null,
    satisfaction: { satisfied: 0, basically: 0, unsatisfied: 0 },
  };
  const hours: number[] = [];
  for (const m of messages) {
    t.received++;
    if (m.heldForReview && !m.deputyCode) t.held++;
    if (m.firstReplyAt) t.answered++;
    if (m.firstReplyAt && m.firstReplyWithinSla) t.answeredOnTime++;
    if (m.escalatedAt) t.escalated++;
    if (m.resolvedAt) t.resolved++;
    if (m.resolvedAt && m.resolvedOnTime) t.resolvedOnTime++;
    if (m.closedAt) t.closed++;
    if (overdue(m)) t.overdueNow++;
    addRating(t.satisfaction, m.rating);
    const h = replyHours(m);
    if (h !== undefined) hours.push(h);
  }
  t.medianReplyHours = median(hours);
  return t;
}

/** Groups items by a key, keeping the keys sorted. */
export function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | undefined): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}
