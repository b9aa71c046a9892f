import { ACTIVATE_PATH, PASSWORD_PATH, request } from './request.ts';
import type { SignIn, User, WechatAuthorization, WechatBinding } from './types.ts';

/** 登录. */
export const signIn = (username: string, password: string) => request<SignIn>('POST', '/v1/auth/login', { body: { username, password } });

/** The signed-in user (`GET /v1/me`). */
export const me = () => request<User>('GET', '/v1/me');

/**
 * 修改密码 (`POST /v1/auth/password`): one's own password, and the first one after a one-time
 * password. The answer is a new session: earlier tokens stop working within a minute.
 */
export const changePassword = (currentPassword: string, newPassword: string) =>
  request<SignIn | undefined>('POST', PASSWORD_PATH, { body: { currentPassword, newPassword } });

/** 退出登录 (`POST /v1/auth/logout`): every token of the account stops working within a minute. */
export const signOutEverywhere = () => request<unknown>('POST', '/v1/auth/logout');

/**
 * 短信获取激活码 (`POST /v1/auth/activation-code`): a pending deputy with a phone on file is texted a
 * code. The answer is the same for any username, so the screen cannot say whether a text went.
 */
export const requestActivationText = (username: string) => request<{ accepted: true }>('POST', '/v1/auth/activation-code', { body: { username } });

/** 激活账号 (`POST /v1/auth/activate`): the activation code and a first password; a session. */
export const activate = (username: string, activationCode: string, newPassword: string) =>
  request<SignIn>('POST', ACTIVATE_PATH, { body: { username, activationCode, newPassword } });

/** 绑定微信: whether the account's WeChat is bound (`GET /v1/me/wechat`). */
export const wechatBinding = () => request<WechatBinding>('GET', '/v1/me/wechat');

/** Starts binding: the official account's authorization page, to open inside WeChat. */
export const startWechatBinding = () => request<WechatAuthorization>('POST', '/v1/me/wechat/binding');

/** 解除绑定: nothing more reaches the account on WeChat. */
export const unbindWechat = () => request<undefined>('DELETE', '/v1/me/wechat');
