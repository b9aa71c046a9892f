import { createHash } from 'node:crypto';
import { emit, type Transition } from '../../../../shared/domain/transition.ts';
import { ConsultationClosed, ConsultationOpened } from '../../../../shared/events/participation/index.ts';
import { ConflictError, InvalidInputError } from '../../../../shared/runtime/errors.ts';

/**
 * 意见征集: a consultation the committee opens to citizens — options to choose and rank (e.g. the
 * year's candidate supervision topics) and a free comment — and its results. Pure rules; the clock
 * is passed in.
 */
export interface Consultation {
  consultationId: string;
  title: string;
  description: string;
  options: string[];
  /** Only this township's people are asked (the page says so); absent: the whole city. */
  townshipCode?: string;
  openedAt: string;
  closesAt: string;
  openedBy: string;
  /** Set when it closed: by the committee before its time, or by the schedule at it. */
  closedAt?: string;
  closedBy?: 'committee' | 'schedule';
  /** The committee's words on the outcome, shown on the summary page (采纳情况). */
  conclusion?: string;
}

/** One respondent's answer: the options chosen in order of preference, and a comment. */
export interface ConsultationResponse {
  responseId: string;
  choices: number[];
  comment?: string;
  respondedAt: string;
  /** Hidden by the committee's moderation: kept and counted, never shown on public pages. */
  hidden: boolean;
}

export type ConsultationStatus = 'open' | 'closed';

/** Open until closed by the committee or until its closing time, whichever comes first. */
export function statusOf(consultation: Consultation, now: Date): ConsultationStatus {
  return consultation.closedAt || now.getTime() >= Date.parse(consultation.closesAt) ? 'closed' : 'open';
}

/** What the committee gives to open a consultation. */
export interface OpeningRequest {
  title: string;
  description: string;
  options: string[];
  closesAt: string;
  townshipCode?: string;
}

/** Opens a consultation; it must close in the future and name each option once. */
export function openConsultation(consultationId: string, request: OpeningRequest, openedBy: string, now: Date): Transition<Consultation> {
  if (Date.parse(request.closesAt) <= now.getTime())
    throw new InvalidInputError('The body is not valid.', [{ path: 'closesAt', message: 'must be in the future' }]);
  if (new Set(request.options).size !== request.options.length)
    throw new InvalidInputError('The body is not valid.', [{ path: 'options', message: 'options repeat' }]);
  const next: Consultation = { consultationId, ...request, openedAt: now.toISOString(), openedBy };
  return {
    next,
    emitted: [
      emit(ConsultationOpened, {
        consultationId,
        title: next.title,
        options: next.options.length,
        closesAt: new Date(next.closesAt).toISOString(),
        ...(next.townshipCode ? { townshipCode: next.townshipCode } : {}),
      }),
    ],
  };
}

/**
 * A respondent's answer, checked against the consultation: it must be open, the choices must be
 * distinct options, and an answer with neither choices nor a comment says nothing.
 */
export function checkResponse(consultation: Consultation, answer: { choices: number[]; comment?: string }, now: Date): void {
  if (statusOf(consultation, now) === 'closed') throw new ConflictError('The consultation is closed.', 'CONSULTATION_CLOSED');
  const invalid = (message: string) => new InvalidInputError('提交的内容有误，请检查后重试。', [{ path: 'choices', message }]);
  if (answer.choices.some((c) => c >= consultation.options.length)) throw invalid('请选择列出的选项');
  if (new Set(answer.choices).size !== answer.choices.length) throw invalid('同一选项只能选一次');
  if (answer.choices.length === 0 && !answer.comment) throw invalid(consultation.options.length ? '请至少选择一项或填写意见' : '请填写意见');
}

/**
 * Who answered, as stored: a hash of the consultation and the respondent's device id, so one
 * device answers once and nothing stored leads back to it.
 */
export function respondentId(city: string, consultationId: string, deviceId: string): string {
  return createHash('sha256').update(`${city}|${consultationId}|${deviceId}`).digest('hex').slice(0, 24);
}

/** Closes an open consultation, with the counts its event carries. */
export function closeConsultation(
  consultation: Consultation,
  responses: readonly ConsultationResponse[],
  by: 'committee' | 'schedule',
  now: Date,
  conclusion?: string,
): Transition<Consultation> | undefined {
  if (consultation.closedAt) return undefined;
  const next: Consultation = { ...consultation, closedAt: now.toISOString(), closedBy: by, ...(conclusion ? { conclusion } : {}) };
  const { counts } = tally(consultation, responses);
  return {
    next,
    emitted: [emit(ConsultationClosed, { consultationId: consultation.consultationId, responses: responses.length, counts: counts.map((c) => c.chosen), by })],
  };
}

/** How one option fared: chosen at all, chosen first, and its place. */
export interface OptionCount {
  index: number;
  option: string;
  chosen: number;
  first: number;
  /** 1 for the most chosen; options chosen as often (and as often first) share a rank. */
  rank: number;
}

/**
 * The counts and ranking: by how many respondents chose an option, then by how many chose it
 * first. Hidden comments are moderated, not the choices: every response counts.
 */
export function tally(consultation: Consultation, responses: readonly ConsultationResponse[]): { responses: number; comments: number; counts: OptionCount[] } {
  const counts = consultation.options.map((option, index) => ({ index, option, chosen: 0, first: 0, rank: 0 }));
  for (const response of responses) {
    response.choices.forEach((choice, position) => {
      const count = counts[choice];
      if (!count) return;
      count.chosen += 1;
      if (position === 0) count.first += 1;
    });
  }
  const order = [...counts].sort((a, b) => b.chosen - a.chosen || b.first - a.first || a.index - b.index);
  order.forEach((count, position) => {
    const before = order[position - 1];
    count.rank = before && before.chosen === count.chosen && before.first === count.first ? before.rank : position + 1;
  });
  return { responses: responses.length, comments: responses.filter((r) => r.comment).length, counts };
}
