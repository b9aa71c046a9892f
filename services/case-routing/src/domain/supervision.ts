import { InvalidInputError } from '../../../../shared/runtime/errors.ts';
import { addDaysToDate, endOfCityDay } from '../../../../shared/time/city-dates.ts';
import { FINISHED } from './access.ts';
import type { Case, CaseStatus } from './case.ts';

/**
 * The closed-loop lists with their history (问题清单、建议清单、督办清单): which cases of a period
 * a list shows, filtered and paged. Pure: the cases, the period and the clock come in.
 */

/** A status to filter by: one of a case's, or `open` (not finished) / `finished` (closed, declined, returned). */
export type StatusFilter = CaseStatus | 'open' | 'finished';

/** What a list asks for besides the list itself. */
export interface ListFilters {
  status?: StatusFilter;
  township?: string;
  unit?: string;
  category?: string;
}

/** A period of city dates, both ends included, as UTC instants. */
export interface PeriodBounds {
  fromAt: string;
  toAt: string;
}

/** The UTC bounds of a period of city dates. */
export function periodBounds(from: string, to: string, timeZone: string): PeriodBounds {
  const fromAt = new Date(Date.parse(endOfCityDay(addDaysToDate(from, -1), timeZone)) + 1).toISOString();
  return { fromAt, toAt: endOfCityDay(to, timeZone) };
}

/**
 * Whether a case belongs to a period's list: opened in the period, or opened before it and still
 * not finished (still on someone's desk). A case finished before the period opened in it is not.
 */
export function inPeriod(c: Case, period: PeriodBounds): boolean {
  if (c.openedAt > period.toAt) return false;
  return c.openedAt >= period.fromAt || !FINISHED.has(c.status);
}

/** Whether a case passes the filters asked for. */
export function matches(c: Case, filters: ListFilters): boolean {
  if (filters.township && c.townshipCode !== filters.township) return false;
  if (filters.unit && c.unitCode !== filters.unit) return false;
  if (filters.category && c.category !== filters.category) return false;
  if (filters.status === 'open') return !FINISHED.has(c.status);
  if (filters.status === 'finished') return FINISHED.has(c.status);
  return !filters.status || c.status === filters.status;
}

/**
 * Whether a case is a line of its own on a list: a case merged into another (合并办理) is one
 * matter with its primary, which carries the count of reporters, so it is listed once. A merged
 * case its own citizen reopened has parted from the primary and is listed as itself.
 */
export function listedOnItsOwn(c: Case): boolean {
  return !c.mergedInto || c.status === 'reopened';
}

/** Whether a case was ever supervised (督办): overdue once, reopened, sent by an unsatisfied citizen, or under key supervision. */
export function everSupervised(c: Case): boolean {
  return c.flaggedOverdue.length > 0 || c.reopenedOnce || !!c.supervisedAt || !!c.suggestion?.keySupervision;
}

/** When a finished case finished: closed, or the step that declined or returned it. */
export function finishedAt(c: Case): string | undefined {
  if (c.closedAt) return c.closedAt;
  if (!FINISHED.has(c.status)) return undefined;
  return c.ledger.findLast((e) => e.step === c.status)?.at;
}

/** The citizen's rating a closed case carries (满意度), from the case or its closing line. */
export function ratingOf(c: Case): 'satisfied' | 'basically_satisfied' | 'unsatisfied' | undefined {
  if (c.rating) return c.rating;
  const note = c.ledger.findLast((e) => e.step === 'closed')?.note;
  return note === 'satisfied' || note === 'basically_satisfied' || note === 'unsatisfied' ? note : undefined;
}

/** Newest first; ties by id, so a cursor can resume anywhere. */
export function newestFirst(a: Case, b: Case): number {
  return a.openedAt === b.openedAt ? b.caseId.localeCompare(a.caseId) : b.openedAt.localeCompare(a.openedAt);
}

const encodeCursor = (c: Case) => Buffer.from(JSON.stringify([c.openedAt, c.caseId])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length === 2 && key.every((k) => typeof k === 'string')) return key as [string, string];
  } catch {
    // falls through to the error below
  }
  throw new InvalidInputError('The query is not valid.', [{ path: 'cursor', message: '翻页标记无效，请从第一页重新查询' }]);
}

/**
 * One page of a list sorted by {@link newestFirst}: the `limit` cases after the cursor (the last
 * case of the previous page), and the cursor of the next page while there is one.
 */
export function page<T extends Case>(sorted: readonly T[], limit: number, cursor?: string): { items: T[]; nextCursor: string | null } {
  let start = 0;
  if (cursor) {
    const [openedAt, caseId] = decodeCursor(cursor);
    const after = sorted.findIndex((c) => c.openedAt < openedAt || (c.openedAt === openedAt && c.caseId < caseId));
    start = after < 0 ? sorted.length : after;
  }
  const items = sorted.slice(start, start + limit);
  const more = start + limit < sorted.length;
  return { items, nextCursor: more && items.length > 0 ? encodeCursor(items.at(-1)!) : null };
}

/**
 * Whether a list shows finished matters: the 问题清单 and 建议清单 always do (their history); the
 * 督办清单 is what is under supervision now, and shows the finished ones it supervised only when
 * asked for them by status.
 */
export function showsFinished(list: 'problems' | 'suggestions' | 'supervision', filters: ListFilters): boolean {
  if (list !== 'supervision') return true;
  return filters.status === 'finished' || (filters.status !== undefined && filters.status !== 'open' && FINISHED.has(filters.status));
}
