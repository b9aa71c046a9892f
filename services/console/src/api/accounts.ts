import { request } from './request.ts';
import type { AccountItem, Page } from './types.ts';

/** Staff accounts (`GET /v1/accounts`, from the accounts work); a 404 means the platform has no such routes yet. */
export const listAccounts = () => request<Page<AccountItem>>('GET', '/v1/accounts');
