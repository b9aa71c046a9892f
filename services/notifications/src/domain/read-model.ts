/** What notifications keeps from other services' events to know whom a later event concerns. */

/** A message as MessageSubmitted told it (never its text, never the citizen's name or phone). */
export interface MessageFacts {
  messageId: string;
  trackingCode: string;
  category: string;
  deputyCode?: string;
  townshipCode?: string;
  /** The citizen gave a phone: they may be texted (the number itself stays with messaging). */
  citizenCanBeTexted: boolean;
  heldForReview: boolean;
  /** The citizen chose WeChat for this message's notices on its tracking page (MessageWeChatBound, until Unbound). */
  citizenWeChat?: boolean;
}

/** A deputy as identity's directory events told it. */
export interface DeputyFacts {
  code: string;
  name: string;
  level: 'city' | 'township';
  townshipCode: string;
  groupCode: string;
  active: boolean;
}
