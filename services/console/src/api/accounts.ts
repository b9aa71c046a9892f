import { request } from './request.ts';
import type { AccountItem, AccountPatch, AccountsQuery, CreatedAccount, NewAccount, OneTimePassword, Page } from './types.ts';

/** 账号列表 (`GET /v1/accounts`): by username, a page at a time; `role` filters, `q` searches usernames and names. */
export const listAccounts = (query: AccountsQuery = {}) => request<Page<AccountItem>>('GET', '/v1/accounts', { query: { ...query, limit: 50 } });

/** 新建账号 (`POST /v1/accounts`): a staff account; its one-time password is in this answer only. */
export const createAccount = (account: NewAccount) => request<CreatedAccount>('POST', '/v1/accounts', { body: account });

/** 停用、启用、改角色或范围 (`PATCH /v1/accounts/{username}`). */
export const updateAccount = (username: string, patch: AccountPatch) =>
  request<AccountItem>('PATCH', `/v1/accounts/${encodeURIComponent(username)}`, { body: patch });

/** 重置密码 (`POST /v1/accounts/{username}/password-reset`): a new one-time password, in this answer only. */
export const resetPassword = (username: string) => request<OneTimePassword>('POST', `/v1/accounts/${encodeURIComponent(username)}/password-reset`);

/** 导出激活码 (`POST /v1/accounts/activation-codes`): a CSV of new codes for every deputy not yet activated. */
export const exportActivationCodes = () => request<string>('POST', '/v1/accounts/activation-codes', { as: 'text' });
