import type { MessageFacts } from './facts.ts';

/** The follow-up questionnaire's answers (回访) over a set of messages: counts, rates left to the reader. */
export interface FollowUpFigures {
  /** Messages whose citizen answered the questionnaire. */
  answered: number;
  solved: { yes: number; partly: number; no: number };
  replyUseful: number;
  wouldUseAgain: number;
}

/** Counts the questionnaire's answers among messages (those without answers count nowhere). */
export function followUpFigures(messages: readonly MessageFacts[]): FollowUpFigures {
  const figures: FollowUpFigures = { answered: 0, solved: { yes: 0, partly: 0, no: 0 }, replyUseful: 0, wouldUseAgain: 0 };
  for (const m of messages) {
    if (!m.followUpSolved) continue;
    figures.answered++;
    figures.solved[m.followUpSolved]++;
    if (m.followUpReplyUseful) figures.replyUseful++;
    if (m.followUpWouldUseAgain) figures.wouldUseAgain++;
  }
  return figures;
}
