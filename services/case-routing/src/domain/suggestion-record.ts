/** What a case of kind `suggestion` carries besides the case (see suggestion.ts for its steps). */

/** 建议 or 议案. */
export type SuggestionKind = 'suggestion' | 'motion';
/** 已解决 / 正在解决 / 列入计划 / 说明解释. */
export type ResultClass = 'solved' | 'being_solved' | 'planned' | 'explained';
/** 满意 / 基本满意 / 不满意. */
export type Satisfaction = 'satisfied' | 'basically' | 'unsatisfied';

/** A unit named on a suggestion. */
export interface NamedUnit {
  code: string;
  name: string;
}

export interface Suggestion {
  suggestionId: string;
  kind: SuggestionKind;
  title: string;
  content: string;
  /** The problem seen and the solution proposed, when the deputy separates them from the content. */
  problem?: string;
  solution?: string;
  /** Deputies in office who co-signed (联名), the proposer not included. */
  coSignerCodes: string[];
  submittedAt: string;
  assistingUnits: NamedUnit[];
  /** 重点督办: on the supervision list until it is closed. */
  keySupervision: boolean;
  registeredAt?: string;
  /** Why it became an opinion for reference instead of being registered. */
  referredReason?: string;
  /** Assisting units' input to the lead unit (协办意见), one per unit and round. */
  assistInputs: { unitCode: string; unitName: string; note: string; at: string; round: number }[];
  /** Meetings with the deputy (代表约见). */
  meetings: { date: string; attendees: string[]; note?: string; at: string }[];
  /** The lead unit's latest written answer (书面答复). */
  answer?: { resultClass: ResultClass; text: string; at: string; round: number };
  evaluations: { satisfaction: Satisfaction; comment?: string; at: string; round: number }[];
  /** 1, or 2 once an unsatisfied evaluation sent it back for a second handling. */
  round: number;
}
