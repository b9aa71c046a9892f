import { TooManyRequestsError } from '../../../../shared/runtime/errors.ts';
import { ACTIVATION_TEXT_LIMITS, throttleKeys, windowStart, type ThrottleLimits } from '../domain/login-throttle.ts';
import type { FailureCounter } from '../ports.ts';
import { issueActivationCode, type AccountPorts } from './accounts.ts';

/** What a deputy's request for an activation code by SMS needs. */
export interface ActivationTextPorts extends Pick<AccountPorts, 'accounts' | 'random'> {
  /** Counts requests per username and per client (the sign-in throttle's counter). */
  requests: FailureCounter;
  limits?: ThrottleLimits;
  /** Whether the deputy has a phone the directory can text (in office, with a phone on file). */
  hasPhone: (username: string) => Promise<boolean>;
  /** Texts the code to the deputy's phone (notifications asks identity for the phone itself). */
  text: (username: string, activationCode: string) => Promise<void>;
}

/**
 * 短信获取激活码: a deputy whose account is pending and who has a phone on file gets a fresh
 * activation code by SMS (the printed one stops working). The caller learns nothing: the answer is
 * the same whether the username exists, is a pending deputy, or has a phone. Requests are counted
 * per username and per client before anything is looked up, so the limit says nothing either.
 */
export async function requestActivationText(ports: ActivationTextPorts, request: { username: string; clientIp: string }, now: Date): Promise<void> {
  const limits = ports.limits ?? ACTIVATION_TEXT_LIMITS;
  const username = request.username.trim();
  const keys = throttleKeys(`activation-text#${username}`, `activation-text#${request.clientIp}`);
  const window = windowStart(now, limits);
  const expiresAt = window + limits.windowSeconds * 2;
  const allowed =
    (await ports.requests.reserve(keys.username, window, limits.perUsername, expiresAt)) &&
    (await ports.requests.reserve(keys.client, window, limits.perClient, expiresAt));
  if (!allowed) throw new TooManyRequestsError(window + limits.windowSeconds - Math.floor(now.getTime() / 1000));

  const account = await ports.accounts.get(username);
  if (account?.role !== 'deputy' || account.status !== 'pending' || !(await ports.hasPhone(username))) return;
  const activationCode = await issueActivationCode(ports, username, now);
  if (activationCode) await ports.text(username, activationCode);
}
