import { createHmac } from 'node:crypto';
import { cityClock } from '../../domain/city-time.ts';
import type { SendOutcome } from '../../domain/delivery.ts';
import type { ChannelSender, OutboundMessage } from '../../ports.ts';

/** Counts texts per key and day, with a conditional write (the key never holds the phone in clear). */
export interface DailyCounter {
  /** Counts one more for `key` unless `limit` is reached; false when it was. */
  take(key: string, limit: number, expiresAt: Date): Promise<boolean>;
}

/** The counter's key for a phone on a city day: a keyed hash, so a table scan reveals no number. */
export function phoneDayKey(hashKey: string | Buffer, phone: string, cityDate: string): string {
  return `${createHmac('sha256', hashKey).update(phone, 'utf8').digest('base64url').slice(0, 32)}#${cityDate}`;
}

/**
 * At most `perPhonePerDay` texts to one phone per city day, whoever the recipient: a citizen cannot
 * make the platform text a stranger's phone again and again by typing it in. Every attempt counts,
 * before it is made; a text over the cap fails for good (`DAILY_CAP`) — deputies and staff still
 * have it in the app. Counting that fails is a refusal worth retrying: nothing was sent.
 */
export class DailyCappedChannel implements ChannelSender {
  constructor(
    private readonly inner: ChannelSender,
    private readonly counter: DailyCounter,
    private readonly options: { perPhonePerDay: number; timeZone: string; hashKey: string | Buffer; clock: () => Date },
  ) {}

  async send(message: OutboundMessage): Promise<SendOutcome> {
    const now = this.options.clock();
    const key = phoneDayKey(this.options.hashKey, message.to, cityClock(now, this.options.timeZone).date);
    let allowed: boolean;
    try {
      // Kept two days: the city day ends at most a day after `now`.
      allowed = await this.counter.take(key, this.options.perPhonePerDay, new Date(now.getTime() + 2 * 86_400_000));
    } catch {
      return { status: 'refused', retryable: true, code: 'DAILY_CAP_UNCOUNTED' };
    }
    if (!allowed) return { status: 'refused', retryable: false, code: 'DAILY_CAP' };
    return this.inner.send(message);
  }
}
