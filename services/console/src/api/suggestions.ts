import { request } from './request.ts';
import type {
  AnswerBody,
  AssistBody,
  CaseList,
  CaseView,
  EvaluationBody,
  MeetingBody,
  ReasonBody,
  RegisterSuggestionBody,
  SubmitSuggestionBody,
} from './types.ts';

const at = (suggestionId: string, step: string) => `/v1/suggestions/${encodeURIComponent(suggestionId)}/${step}`;

/** 提出建议、议案 (the proposing deputy). */
export const submitSuggestion = (body: SubmitSuggestionBody) => request<{ suggestionId: string; caseId: string }>('POST', '/v1/suggestions', { body });
/** The suggestions the caller works on: a deputy's own and co-signed, a unit's, all for the committee. */
export const listSuggestions = () => request<CaseList>('GET', '/v1/suggestions');

export const registerSuggestion = (suggestionId: string, body: RegisterSuggestionBody) => request<CaseView>('POST', at(suggestionId, 'register'), { body });
export const referSuggestion = (suggestionId: string, body: ReasonBody) => request<CaseView>('POST', at(suggestionId, 'refer'), { body });
export const assistSuggestion = (suggestionId: string, body: AssistBody) => request<CaseView>('POST', at(suggestionId, 'assist'), { body });
export const recordMeeting = (suggestionId: string, body: MeetingBody) => request<CaseView>('POST', at(suggestionId, 'meetings'), { body });
export const answerSuggestion = (suggestionId: string, body: AnswerBody) => request<CaseView>('POST', at(suggestionId, 'answer'), { body });
export const evaluateSuggestion = (suggestionId: string, body: EvaluationBody) => request<CaseView>('POST', at(suggestionId, 'evaluation'), { body });
