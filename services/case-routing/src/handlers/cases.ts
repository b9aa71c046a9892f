import { invalidBody, InvalidInputError, NotFoundError } from '../../../../shared/runtime/errors.ts';
import { AWAITING_REVIEW, FINISHED, WITH_UNIT, canHandle, canRead, canReview } from '../domain/access.ts';
import { accept, decline, forward, reportProgress, requestReassign, resolve, returnToDeputy, type Case } from '../domain/case.ts';
import { inPeriod, listedOnItsOwn, matches, newestFirst, page, periodBounds, showsFinished, type PeriodBounds } from '../domain/supervision.ts';
import { caseView, onList, supervisionCsv, type SupervisionList } from '../domain/views.ts';
import { cityDate } from '../../../../shared/time/city-dates.ts';
import { mergeCases, similarCases } from '../use-cases/merge-cases.ts';
import { actorOf, change, guarded } from './case-steps.ts';
import { cases, city, deps, http, rules, units } from './deps.ts';
import { acceptBody, caseParams, declineBody, forwardBody, mergeBody, progressBody, reasonBody, resolveBody, supervisionQuery } from './schemas.ts';

const REVIEWERS = ['township_reviewer', 'city_reviewer'] as const;

/** GET /v1/cases/{caseId}: the case and its ledger, for the reviewers in scope, its unit, its deputy. */
export const getCase = http(
  { roles: ['deputy', 'township_reviewer', 'city_reviewer', 'unit_handler', 'admin'], params: caseParams },
  async ({ caller, params }) => {
    const stored = await cases.get(params.caseId);
    if (!stored || !canRead(caller, stored.case)) throw new NotFoundError('No such case.');
    return { status: 200, body: caseView(stored.case, deps.now(), city.timeZone, await similarCases(cases, stored.case)) };
  },
);

/** GET /v1/reviews: cases waiting for the caller's review. */
export const reviews = http({ roles: REVIEWERS }, async ({ caller }) => {
  const now = deps.now();
  // A merged case follows its primary: only the primary waits for the reviewer.
  const waiting = (await cases.open()).filter((c) => AWAITING_REVIEW.has(c.status) && canReview(caller, c) && !c.mergedInto);
  return { status: 200, body: { items: waiting.map((c) => caseView(c, now, city.timeZone)), nextCursor: null } };
});

/** POST /v1/cases/{caseId}/forward: `{unitCode, dueDate?}` — to a unit, due no later than the category allows. */
export const forwardCase = http({ roles: REVIEWERS, params: caseParams, body: forwardBody }, async ({ caller, params, body, requestId }) => {
  const unit = await units.get(body.unitCode);
  if (!unit) throw invalidBody('unitCode', `unknown unit ${body.unitCode}`);
  return change(
    params.caseId,
    requestId,
    guarded(caller, canReview, (c) => forward(c, actorOf(caller), { unitCode: unit.code, unitName: unit.name, dueDate: body.dueDate }, deps.now(), rules)),
  );
});

/** POST /v1/cases/{caseId}/return: `{reason}` — back to the deputy. */
export const returnCase = http({ roles: REVIEWERS, params: caseParams, body: reasonBody }, async ({ caller, params, body, requestId }) =>
  change(
    params.caseId,
    requestId,
    guarded(caller, canReview, (c) => returnToDeputy(c, actorOf(caller), body.reason, deps.now(), rules)),
  ),
);

/** POST /v1/cases/{caseId}/decline: `{reason}`. */
export const declineCase = http({ roles: REVIEWERS, params: caseParams, body: declineBody }, async ({ caller, params, body, requestId }) =>
  change(
    params.caseId,
    requestId,
    guarded(caller, canReview, (c) => decline(c, actorOf(caller), body.reason, deps.now(), rules)),
  ),
);

/** POST /v1/cases/{caseId}/merge: `{intoCaseId}` — 合并办理 with another report of the same problem. */
export const mergeCase = http({ roles: REVIEWERS, params: caseParams, body: mergeBody }, async ({ caller, params, body, requestId }) => {
  const now = deps.now();
  const merged = await mergeCases(
    { cases, city: city.name },
    { caseId: params.caseId, intoCaseId: body.intoCaseId, actor: actorOf(caller), may: (c) => canReview(caller, c) },
    { now, cause: { correlationId: requestId, causationId: requestId } },
  );
  return { status: 200, body: caseView(merged, now, city.timeZone) };
});

/** GET /v1/tasks: cases with the caller's unit. */
export const tasks = http({ roles: ['unit_handler'] }, async ({ caller }) => {
  const now = deps.now();
  // One task per problem: the cases merged into it are counted on it (`reporters`), not listed.
  const mine = (await cases.forUnit(caller.scope.unitCode ?? '-')).filter((c) => WITH_UNIT.has(c.status) && !c.mergedInto);
  return { status: 200, body: { items: mine.map((c) => caseView(c, now, city.timeZone)), nextCursor: null } };
});

/** POST /v1/cases/{caseId}/accept: `{committedDate, measures?}` on or before the due date (承诺制). */
export const acceptCase = http({ roles: ['unit_handler'], params: caseParams, body: acceptBody }, async ({ caller, params, body, requestId }) =>
  change(
    params.caseId,
    requestId,
    guarded(caller, canHandle, (c) => accept(c, actorOf(caller), body.committedDate, deps.now(), rules, body.measures)),
  ),
);

/** POST /v1/cases/{caseId}/progress: `{note}`. */
export const progressCase = http({ roles: ['unit_handler'], params: caseParams, body: progressBody }, async ({ caller, params, body, requestId }) =>
  change(
    params.caseId,
    requestId,
    guarded(caller, canHandle, (c) => reportProgress(c, actorOf(caller), body.note, deps.now(), rules)),
  ),
);

/** POST /v1/cases/{caseId}/resolve: `{result}` — the answer the citizen will read. */
export const resolveCase = http({ roles: ['unit_handler'], params: caseParams, body: resolveBody }, async ({ caller, params, body, requestId }) =>
  change(
    params.caseId,
    requestId,
    guarded(caller, canHandle, (c) => resolve(c, actorOf(caller), body.result, deps.now(), rules)),
  ),
);

/** POST /v1/cases/{caseId}/reassign: `{reason}` — not ours; back to review. */
export const reassignCase = http({ roles: ['unit_handler'], params: caseParams, body: reasonBody }, async ({ caller, params, body, requestId }) =>
  change(
    params.caseId,
    requestId,
    guarded(caller, canHandle, (c) => requestReassign(c, actorOf(caller), body.reason, deps.now(), rules)),
  ),
);

/**
 * The cases a list draws from for a period: every unfinished problem and the finished ones opened
 * in it; every suggestion; or both for the supervision list.
 */
async function listed(list: SupervisionList, period: PeriodBounds): Promise<Case[]> {
  const problems = async () => {
    const [open, finished] = await Promise.all([cases.open(), cases.finishedBetween(period.fromAt, period.toAt)]);
    return [...open, ...finished];
  };
  if (list === 'problems') return problems();
  if (list === 'suggestions') return cases.suggestions();
  const [p, s] = await Promise.all([problems(), cases.suggestions()]);
  return [...p, ...s];
}

/**
 * GET /v1/supervision?list=problems|suggestions|supervision&from=&to=&status=&township=&unit=&category=&limit=&cursor=[&format=csv]:
 * the closed-loop lists in scope, open and finished matters of a period, newest first, paged; the
 * CSV carries the whole filtered list.
 */
export const supervision = http(
  {
    roles: ['city_reviewer', 'township_reviewer', 'admin'],
    query: supervisionQuery,
  },
  async ({ caller, query }) => {
    const now = deps.now();
    const today = cityDate(now, city.timeZone);
    const from = query.from ?? `${today.slice(0, 4)}-01-01`;
    const to = query.to ?? today;
    if (from > to) throw invalidQuery('from', '开始日期晚于结束日期');
    const period = periodBounds(from, to, city.timeZone);
    const filters = { status: query.status, township: query.township, unit: query.unit, category: query.category };
    const rows = (await listed(query.list, period))
      .filter((c) => canRead(caller, c) && listedOnItsOwn(c) && inPeriod(c, period) && onList(c, query.list, now, city.timeZone) && matches(c, filters))
      .filter((c) => !FINISHED.has(c.status) || showsFinished(query.list, filters))
      .sort(newestFirst);
    if (query.format === 'csv') {
      return {
        status: 200,
        body: supervisionCsv(rows.map((c) => caseView(c, now, city.timeZone))),
        contentType: 'text/csv; charset=utf-8',
        headers: { 'content-disposition': `attachment; filename="${query.list}-${today}.csv"` },
      };
    }
    const { items, nextCursor } = page(rows, query.limit, query.cursor);
    return { status: 200, body: { items: items.map((c) => caseView(c, now, city.timeZone)), nextCursor } };
  },
);

const invalidQuery = (path: string, message: string) => new InvalidInputError('The query is not valid.', [{ path, message }]);
