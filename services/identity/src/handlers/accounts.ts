import { pageOf, pageQuery } from '../../../../shared/api/pages.ts';
import { toCsv } from '../../../../shared/runtime/csv.ts';
import { createStaffAccount, issueActivationCodes, listAccounts, resetPassword, updateAccount } from '../use-cases/accounts.ts';
import { accountPorts, accounts, deps, http } from './deps.ts';
import { accountPatch, accountsQuery, newStaffAccount, usernameParams } from './schemas.ts';

const admin = { roles: ['admin'] as const };
const noStore = { 'cache-control': 'no-store' };

/** GET /v1/accounts?role=&q=&limit=&cursor= (admin): accounts by username, a page at a time. */
export const list = http(
  {
    ...admin,
    query: accountsQuery,
  },
  async ({ query }) => ({ status: 200, body: await listAccounts(accounts, query) }),
);

/** POST /v1/accounts (admin): a staff account; its one-time password is in this answer only. */
export const create = http(
  {
    ...admin,
    body: newStaffAccount,
  },
  async ({ caller, body }) => ({
    status: 201,
    body: await createStaffAccount(accountPorts, caller.username, body, deps.now()),
    headers: noStore,
  }),
);

/** PATCH /v1/accounts/{username} (admin): disable or enable, change role or scope. */
export const update = http(
  {
    ...admin,
    params: usernameParams,
    body: accountPatch,
  },
  async ({ caller, params, body }) => ({
    status: 200,
    body: await updateAccount(accountPorts, caller.username, params.username, body, deps.now()),
  }),
);

/** POST /v1/accounts/{username}/password-reset (admin): a new one-time password, in this answer only. */
export const passwordReset = http({ ...admin, params: usernameParams }, async ({ caller, params }) => ({
  status: 200,
  body: await resetPassword(accountPorts, caller.username, params.username, deps.now()),
  headers: noStore,
}));

/** GET /v1/accounts/{username}/audit (admin): who changed the account, when, and how (newest first). */
export const audit = http({ ...admin, params: usernameParams, query: pageQuery }, async ({ params, query }) => ({
  status: 200,
  body: pageOf(await accounts.auditOf(params.username), (entry) => entry.eventId, query.limit, query.cursor),
}));

/**
 * POST /v1/accounts/activation-codes (admin): a CSV of new activation codes for every deputy who
 * has not activated their account yet, for printing and handing out. Earlier codes stop working.
 */
export const activationCodes = http({ ...admin }, async () => {
  const rows = await issueActivationCodes(accountPorts, deps.now());
  return {
    status: 200,
    contentType: 'text/csv; charset=utf-8',
    body: toCsv([['username', 'name', 'activationCode'], ...rows.map((r) => [r.username, r.name, r.activationCode])]),
    headers: { ...noStore, 'content-disposition': 'attachment; filename="activation-codes.csv"' },
  };
});
