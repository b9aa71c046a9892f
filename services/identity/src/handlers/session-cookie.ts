import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { Session } from '../use-cases/own-account.ts';

/** The refresh token's cookie: sent back only to the sign-in routes, never readable by scripts. */
export const REFRESH_COOKIE = 'minqing_refresh';

/** `Set-Cookie` for a session's refresh token, living as long as the token. */
export function refreshCookie(session: Session, now: Date): string {
  const maxAge = Math.max(0, session.refreshExpiresAt - Math.floor(now.getTime() / 1000));
  return `${REFRESH_COOKIE}=${session.refreshToken}; Max-Age=${maxAge}; Path=/v1/auth; HttpOnly; Secure; SameSite=Strict`;
}

/** `Set-Cookie` that removes the refresh cookie (signed out). */
export const CLEARED_REFRESH_COOKIE = `${REFRESH_COOKIE}=; Max-Age=0; Path=/v1/auth; HttpOnly; Secure; SameSite=Strict`;

/** The refresh token in the request's cookies (API Gateway's payload 2.0 puts them in `cookies`). */
export function refreshTokenOf(event: APIGatewayProxyEventV2): string | undefined {
  const all = [...(event.cookies ?? []), ...(event.headers?.cookie?.split(/;\s*/) ?? [])];
  const found = all.find((c) => c.startsWith(`${REFRESH_COOKIE}=`));
  const value = found?.slice(REFRESH_COOKIE.length + 1);
  return value || undefined;
}

/** The session as the response body carries it: the refresh token stays in its cookie. */
export function sessionBody({ refreshToken: _token, refreshExpiresAt: _until, ...body }: Session) {
  return body;
}
