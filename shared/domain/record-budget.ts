import { ConflictError } from '../runtime/errors.ts';

/**
 * A message or a case is one DynamoDB item (at most 400 KB) whose thread or ledger grows with each
 * step. What people write into it stops at a budget well below the limit, so the steps other
 * services add later (case lines on the message, the citizen's rating, overdue flags) always fit.
 */
export const RECORD_BUDGETS = {
  /** A message's own text: its content, the deputy's replies (thread and timeline) and the rest. */
  message: 150_000,
  /** A case with its ledger: every note staff wrote into it. */
  case: 250_000,
} as const;

const encoder = new TextEncoder();

/** A record's size as stored, near enough: its JSON in UTF-8 bytes. */
export function recordBytes(record: object): number {
  return encoder.encode(JSON.stringify(record)).length;
}

/** A step that finishes a record (a closing reply, a resolution) has this much more room, so a full record can still be finished. */
const FINISHING_ROOM = 1.2;

/**
 * Refuses a step that would take a record past its budget: a 409 `RECORD_FULL` naming the budget,
 * so the writer knows that retrying will not help. `finishing` steps get a fifth more room.
 */
export function ensureRoom<T extends object>(next: T, kind: keyof typeof RECORD_BUDGETS, finishing = false): T {
  const bytes = recordBytes(next);
  const budget = Math.round(RECORD_BUDGETS[kind] * (finishing ? FINISHING_ROOM : 1));
  if (bytes > budget) throw new ConflictError(`The ${kind} is full: it can hold no more text.`, 'RECORD_FULL', { bytes, budget });
  return next;
}
