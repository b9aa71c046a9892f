/**
 * Brute-force protection for sign-in: failures are counted per username and per client in fixed
 * windows; past the limit, sign-in is refused (429) until the window ends — even with the right
 * password, so guessing cannot continue. Pure rules; the counts come from storage.
 */
export interface ThrottleLimits {
  perUsername: number;
  perClient: number;
  windowSeconds: number;
}

export const DEFAULT_LOGIN_LIMITS: ThrottleLimits = { perUsername: 5, perClient: 30, windowSeconds: 15 * 60 };

/**
 * Activation codes asked for by SMS: a few per username and hour (a deputy whose text is late asks
 * again), a few more per client (a reception desk helping several deputies). Every request counts,
 * whether or not the username exists.
 */
export const ACTIVATION_TEXT_LIMITS: ThrottleLimits = { perUsername: 3, perClient: 10, windowSeconds: 3600 };

/** Start (epoch seconds) of the window `now` falls in. */
export function windowStart(now: Date, limits: ThrottleLimits = DEFAULT_LOGIN_LIMITS): number {
  const seconds = Math.floor(now.getTime() / 1000);
  return seconds - (seconds % limits.windowSeconds);
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Whether another attempt may be made, given this window's failures. */
export function throttleVerdict(failures: { username: number; client: number }, now: Date, limits: ThrottleLimits = DEFAULT_LOGIN_LIMITS): ThrottleVerdict {
  if (failures.username < limits.perUsername && failures.client < limits.perClient) return { allowed: true };
  const end = windowStart(now, limits) + limits.windowSeconds;
  return { allowed: false, retryAfterSeconds: Math.max(1, end - Math.floor(now.getTime() / 1000)) };
}

/** Counter keys: usernames are case-folded so `Admin` and `admin` share a budget. */
export function throttleKeys(username: string, clientIp: string): { username: string; client: string } {
  return { username: `user#${username.trim().toLowerCase()}`, client: `client#${clientIp}` };
}
