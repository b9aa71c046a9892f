import type { Channel, ExternalChannel } from './channels.ts';

/** An account's choice of external channels; the in-app inbox is always on. */
export type Preferences = Readonly<Record<ExternalChannel, boolean>>;

/**
 * Without a choice, an account gets SMS (what deputies expect of a new message) and neither WeChat
 * nor e-mail, which each need an address the account has to give first.
 */
export const DEFAULT_PREFERENCES: Preferences = { sms: true, wechat: false, email: false };

/**
 * The channels a notification goes on: those the trigger offers that the recipient has not turned
 * off. In-app is never filtered: it is the record of what the platform told the account. Citizens
 * have no preferences: giving a phone with a message is their choice of SMS.
 */
export function channelsWanted(offered: readonly Channel[], preferences: Preferences | undefined): Channel[] {
  const chosen = preferences ?? DEFAULT_PREFERENCES;
  return offered.filter((channel) => channel === 'inapp' || chosen[channel]);
}
