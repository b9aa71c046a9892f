import { PASSWORD_PATH, request } from './request.ts';
import type { SignIn, User } from './types.ts';

/** 登录. */
export const signIn = (username: string, password: string) => request<SignIn>('POST', '/v1/auth/login', { body: { username, password } });

/** The signed-in user (`GET /v1/me`). */
export const me = () => request<User>('GET', '/v1/me');

/** 修改密码 (`POST /v1/auth/password`, from the accounts work: the first sign-in's new password). */
export const changePassword = (currentPassword: string, newPassword: string) =>
  request<unknown>('POST', PASSWORD_PATH, { body: { currentPassword, newPassword } });
