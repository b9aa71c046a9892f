import { z } from 'zod';
import { defineEvent } from '../envelope.ts';
import { officialAnswerField, publicNameField } from '../public-text.ts';

/**
 * Events of the case-routing service: an escalated matter (or a deputy's suggestion) from review
 * to the handling unit's result (审核 → 转办 → 承诺 → 办理 → 反馈), with supervision. Each carries
 * `sequence`, the case's step number, so followers apply steps in order and ignore replays. The
 * unit's `result` and a reviewer's `reason` are the official answers addressed to the citizen;
 * internal notes stay off the bus.
 */
const source = 'minqing.case-routing' as const;
const id = z.string().min(1).max(64);
const at = z.iso.datetime({ offset: true });
const date = z.iso.date();

const caseFacts = {
  caseId: id,
  messageId: id.optional(),
  kind: z.enum(['problem', 'suggestion']),
  sequence: z.number().int().min(1).describe('Step number of the case: apply steps in order, ignore one already seen.'),
};

const sample = { caseId: 'c-01JNQ5Y8R2W3', messageId: 'm-01JNQ5Y8R2W3', kind: 'problem' as const };

export const CaseOpened = defineEvent({
  source,
  detailType: 'CaseOpened',
  schemaVersion: '1.0',
  description: 'An escalated matter waits for review by the township or city committee (待审核).',
  data: z
    .object({
      ...caseFacts,
      deputyCode: id,
      reviewLevel: z.enum(['city', 'township']),
      townshipCode: id.optional(),
      category: z.string(),
      reviewDueAt: at,
      suggestedUnitCode: id.optional(),
    })
    .strict(),
  sample: {
    ...sample,
    sequence: 1,
    deputyCode: 'D0001',
    reviewLevel: 'township',
    townshipCode: 'lucheng',
    category: 'public_facilities',
    reviewDueAt: '2026-03-09T10:00:00+08:00',
    suggestedUnitCode: 'u-lucheng-jianshe',
  },
});

export const CaseForwarded = defineEvent({
  source,
  detailType: 'CaseForwarded',
  schemaVersion: '1.0',
  description: 'The reviewer forwarded the matter to a handling unit with a due date (转办).',
  data: z.object({ ...caseFacts, unitCode: id, unitName: publicNameField(), dueDate: date, acceptDueAt: at, forwardedAt: at }).strict(),
  sample: {
    ...sample,
    sequence: 2,
    unitCode: 'u-lucheng-jianshe',
    unitName: '鹿城镇村镇规划建设服务中心',
    dueDate: '2026-04-05',
    acceptDueAt: '2026-03-09T10:00:00+08:00',
    forwardedAt: '2026-03-07T10:00:00+08:00',
  },
});

export const CaseReturned = defineEvent({
  source,
  detailType: 'CaseReturned',
  schemaVersion: '1.0',
  description: 'The reviewer returned the matter to the deputy to answer themselves (退回).',
  data: z.object({ ...caseFacts, deputyCode: id, returnedAt: at }).strict(),
  sample: { ...sample, sequence: 2, deputyCode: 'D0001', returnedAt: '2026-03-07T10:00:00+08:00' },
});

export const CaseDeclined = defineEvent({
  source,
  detailType: 'CaseDeclined',
  schemaVersion: '1.0',
  description: 'The reviewer declined the matter with a reason addressed to the citizen (不予受理, e.g. already before a court).',
  data: z.object({ ...caseFacts, reason: officialAnswerField(1000), declinedAt: at }).strict(),
  sample: { ...sample, sequence: 2, reason: '该事项已进入司法程序，依法不予受理。', declinedAt: '2026-03-07T10:00:00+08:00' },
});

export const CaseAccepted = defineEvent({
  source,
  detailType: 'CaseAccepted',
  schemaVersion: '1.0',
  description: 'The unit accepted the matter and committed to a completion date (承诺制).',
  data: z.object({ ...caseFacts, unitCode: id, committedDate: date, acceptedAt: at }).strict(),
  sample: { ...sample, sequence: 3, unitCode: 'u-lucheng-jianshe', committedDate: '2026-03-30', acceptedAt: '2026-03-08T10:00:00+08:00' },
});

export const CaseProgressReported = defineEvent({
  source,
  detailType: 'CaseProgressReported',
  schemaVersion: '1.0',
  description: 'The unit reported progress (the note itself stays in the ledger).',
  data: z.object({ ...caseFacts, unitCode: id, reportedAt: at }).strict(),
  sample: { ...sample, sequence: 4, unitCode: 'u-lucheng-jianshe', reportedAt: '2026-03-15T10:00:00+08:00' },
});

export const CaseResolved = defineEvent({
  source,
  detailType: 'CaseResolved',
  schemaVersion: '1.0',
  description: 'The unit resolved the matter; `result` is its official answer to the citizen (办结反馈).',
  data: z.object({ ...caseFacts, unitCode: id, result: officialAnswerField(2000), resolvedAt: at, onTime: z.boolean() }).strict(),
  sample: {
    ...sample,
    sequence: 5,
    unitCode: 'u-lucheng-jianshe',
    result: '已安装篮球场照明灯4盏，3月28日起启用。',
    resolvedAt: '2026-03-28T10:00:00+08:00',
    onTime: true,
  },
});

export const CaseReassignRequested = defineEvent({
  source,
  detailType: 'CaseReassignRequested',
  schemaVersion: '1.0',
  description: 'The unit is not the right one and asked for the matter to be reviewed again.',
  data: z.object({ ...caseFacts, unitCode: id, requestedAt: at }).strict(),
  sample: { ...sample, sequence: 3, unitCode: 'u-lucheng-jianshe', requestedAt: '2026-03-08T10:00:00+08:00' },
});

export const CaseReopened = defineEvent({
  source,
  detailType: 'CaseReopened',
  schemaVersion: '1.0',
  description: 'The citizen was unsatisfied with the result: the matter is reopened under supervision (督办), once.',
  data: z.object({ ...caseFacts, unitCode: id.optional(), reopenedAt: at }).strict(),
  sample: { ...sample, sequence: 6, unitCode: 'u-lucheng-jianshe', reopenedAt: '2026-04-01T10:00:00+08:00' },
});

export const CaseOverdue = defineEvent({
  source,
  detailType: 'CaseOverdue',
  schemaVersion: '1.0',
  description: 'A step of the case is past its deadline (review, acceptance or resolution): supervision (督办).',
  data: z
    .object({
      ...caseFacts,
      stage: z.enum(['review', 'acceptance', 'resolution']),
      dueAt: at,
      responsible: z.object({ role: z.enum(['township_reviewer', 'city_reviewer', 'unit_handler']), code: id.optional() }).strict(),
      deputyCode: id,
      townshipCode: id.optional(),
    })
    .strict(),
  sample: {
    ...sample,
    sequence: 4,
    stage: 'resolution',
    dueAt: '2026-03-30T23:59:59+08:00',
    responsible: { role: 'unit_handler', code: 'u-lucheng-jianshe' },
    deputyCode: 'D0001',
    townshipCode: 'lucheng',
  },
});

export const CaseClosed = defineEvent({
  source,
  detailType: 'CaseClosed',
  schemaVersion: '1.0',
  description: 'The case is closed: the citizen rated the result, or the rating window passed (闭环).',
  data: z.object({ ...caseFacts, closedAt: at, rating: z.enum(['satisfied', 'basically_satisfied', 'unsatisfied']).optional() }).strict(),
  sample: { ...sample, sequence: 6, closedAt: '2026-04-02T10:00:00+08:00', rating: 'satisfied' },
});

/**
 * A deputy's suggestion or motion (代表建议、议案) rides on a case of kind `suggestion`: these facts
 * add what the case events do not say (who signed, which units, the result class, the deputy's
 * evaluation). Titles, contents and answers stay in the case; codes and classes travel.
 */
const suggestionFacts = {
  suggestionId: id,
  caseId: id,
  deputyCode: id.describe('The proposing deputy (领衔代表).'),
  kind: z.enum(['suggestion', 'motion']).describe('建议 or 议案.'),
};
const suggestionSample = { suggestionId: 's-01jnq5y8r2w3', caseId: 'c-01jnq5y8r2w3', deputyCode: 'D0001', kind: 'suggestion' as const };

export const SuggestionSubmitted = defineEvent({
  source,
  detailType: 'SuggestionSubmitted',
  schemaVersion: '1.0',
  description: 'A deputy submitted a suggestion or a motion, alone or co-signed by deputies in office (提出建议、议案).',
  data: z.object({ ...suggestionFacts, category: z.string(), coSignerCodes: z.array(id), submittedAt: at }).strict(),
  sample: { ...suggestionSample, category: 'roads_transport', coSignerCodes: ['D0002', 'D0003'], submittedAt: '2026-03-05T10:00:00+08:00' },
});

export const SuggestionRegistered = defineEvent({
  source,
  detailType: 'SuggestionRegistered',
  schemaVersion: '1.0',
  description: 'The committee registered the suggestion (立案) with a lead unit (主办), assisting units (协办) and a due date.',
  data: z
    .object({
      ...suggestionFacts,
      coSignerCodes: z.array(id),
      leadUnitCode: id,
      leadUnitName: publicNameField(),
      assistingUnitCodes: z.array(id),
      dueDate: date,
      keySupervision: z.boolean().describe('重点督办.'),
      registeredAt: at,
    })
    .strict(),
  sample: {
    ...suggestionSample,
    coSignerCodes: ['D0002', 'D0003'],
    leadUnitCode: 'u-jiaotong',
    leadUnitName: '楚雄市交通运输局',
    assistingUnitCodes: ['u-zhujian'],
    dueDate: '2026-06-05',
    keySupervision: true,
    registeredAt: '2026-03-07T10:00:00+08:00',
  },
});

export const SuggestionReferred = defineEvent({
  source,
  detailType: 'SuggestionReferred',
  schemaVersion: '1.0',
  description: 'The committee did not register the suggestion and turned it into an opinion for reference (转为参考意见), with a reason.',
  data: z.object({ ...suggestionFacts, referredAt: at }).strict(),
  sample: { ...suggestionSample, referredAt: '2026-03-07T10:00:00+08:00' },
});

export const SuggestionAnswered = defineEvent({
  source,
  detailType: 'SuggestionAnswered',
  schemaVersion: '1.0',
  description: 'The lead unit answered in writing with a result class (书面答复: 已解决、正在解决、列入计划、说明解释); round 2 is the second handling.',
  data: z
    .object({
      ...suggestionFacts,
      leadUnitCode: id,
      resultClass: z.enum(['solved', 'being_solved', 'planned', 'explained']),
      round: z.number().int().min(1).max(2),
      onTime: z.boolean(),
      answeredAt: at,
    })
    .strict(),
  sample: { ...suggestionSample, leadUnitCode: 'u-jiaotong', resultClass: 'being_solved', round: 1, onTime: true, answeredAt: '2026-05-20T10:00:00+08:00' },
});

export const SuggestionEvaluated = defineEvent({
  source,
  detailType: 'SuggestionEvaluated',
  schemaVersion: '1.0',
  description: "The proposing deputy evaluated the answer (满意、基本满意、不满意); a first 'unsatisfied' sends it to a second handling under supervision.",
  data: z
    .object({
      ...suggestionFacts,
      satisfaction: z.enum(['satisfied', 'basically', 'unsatisfied']),
      round: z.number().int().min(1).max(2),
      secondHandling: z.boolean().describe('The evaluation sent the suggestion back for a second handling.'),
      evaluatedAt: at,
    })
    .strict(),
  sample: { ...suggestionSample, satisfaction: 'unsatisfied', round: 1, secondHandling: true, evaluatedAt: '2026-05-25T10:00:00+08:00' },
});

export const CaseMerged = defineEvent({
  source,
  detailType: 'CaseMerged',
  schemaVersion: '1.0',
  description:
    'A reviewer merged two reports of the same problem (合并办理): the merged case (`role` merged) follows its primary from now on; the primary (`role` primary) counts its reporters. One event for each of the two cases.',
  data: z
    .object({
      ...caseFacts,
      role: z.enum(['merged', 'primary']).describe('Which of the two cases this event is about.'),
      primaryCaseId: id,
      mergedCaseId: id,
      reporters: z.number().int().min(2).describe('Citizens who reported the matter, the primary’s own included.'),
      mergedAt: at,
    })
    .strict(),
  sample: {
    ...sample,
    caseId: 'c-01JNQ6B3M4X9',
    messageId: 'm-01JNQ6B3M4X9',
    sequence: 2,
    role: 'merged',
    primaryCaseId: 'c-01JNQ5Y8R2W3',
    mergedCaseId: 'c-01JNQ6B3M4X9',
    reporters: 2,
    mergedAt: '2026-03-07T10:00:00+08:00',
  },
});

/** Every contract the case-routing service publishes. */
export const caseRoutingEvents = [
  CaseOpened,
  CaseForwarded,
  CaseReturned,
  CaseDeclined,
  CaseAccepted,
  CaseProgressReported,
  CaseResolved,
  CaseReassignRequested,
  CaseReopened,
  CaseOverdue,
  CaseClosed,
  CaseMerged,
  SuggestionSubmitted,
  SuggestionRegistered,
  SuggestionReferred,
  SuggestionAnswered,
  SuggestionEvaluated,
] as const;
