import { toCsv } from '../../../../shared/runtime/csv.ts';
import { currentDeadline, urgency, type Case } from './case.ts';

/** A case as staff see it: its facts, where it stands, its deadline and urgency, and its ledger. */
export function caseView(c: Case, now: Date, timeZone: string) {
  const deadline = currentDeadline(c, timeZone);
  return {
    caseId: c.caseId,
    messageId: c.messageId ?? null,
    kind: c.kind,
    status: c.status,
    deputyCode: c.deputyCode,
    reviewLevel: c.reviewLevel,
    townshipCode: c.townshipCode ?? null,
    category: c.category,
    suggestedUnitCode: c.suggestedUnitCode ?? null,
    unitCode: c.unitCode ?? null,
    unitName: c.unitName ?? null,
    dueDate: c.dueDate ?? null,
    committedDate: c.committedDate ?? null,
    result: c.result ?? null,
    openedAt: c.openedAt,
    closedAt: c.closedAt ?? null,
    deadline: deadline ?? null,
    overdue: deadline ? deadline.dueAt < now.toISOString() : false,
    urgency: urgency(c, now, timeZone) ?? null,
    ledger: c.ledger,
  };
}

/** The closed-loop lists (问题清单、建议清单、督办清单). */
export type SupervisionList = 'problems' | 'suggestions' | 'supervision';

/** Whether a case belongs on a list: problems and suggestions by kind; supervision = overdue or reopened. */
export function onList(c: Case, list: SupervisionList, now: Date, timeZone: string): boolean {
  if (list === 'problems') return c.kind === 'problem';
  if (list === 'suggestions') return c.kind === 'suggestion';
  return c.status === 'reopened' || urgency(c, now, timeZone) === 'red' || c.flaggedOverdue.length > 0;
}

/** The supervision list as CSV, one line per case. */
export function supervisionCsv(rows: ReturnType<typeof caseView>[]): string {
  const header = ['caseId', 'kind', 'status', 'urgency', 'deputyCode', 'townshipCode', 'category', 'unitCode', 'unitName', 'dueDate', 'committedDate', 'openedAt', 'deadline'];
  return toCsv([
    header,
    ...rows.map((r) => [r.caseId, r.kind, r.status, r.urgency, r.deputyCode, r.townshipCode, r.category, r.unitCode, r.unitName, r.dueDate, r.committedDate, r.openedAt, r.deadline?.dueAt]),
  ]);
}
