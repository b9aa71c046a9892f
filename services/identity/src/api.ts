import type { z } from 'zod';
import { ROLES } from '../../../shared/auth/caller.ts';
import { openApiRouteDoc } from '../../../shared/api/openapi.ts';
import { pageQuery } from '../../../shared/api/pages.ts';
import type { ServiceApi } from '../../../shared/api/route-doc.ts';
import {
  activationTextAcceptedSchema,
  accountsPageSchema,
  accountViewSchema,
  auditSchema,
  importJobSchema,
  newAccountSchema,
  oneTimePasswordSchema,
  jwksSchema,
  deputyProfileSchema,
  publicStationSchema,
  signInResultSchema,
  stationsSchema,
  townshipsSchema,
  unitsSchema,
  userSchema,
  wechatAuthorizationSchema,
  wechatBindingSchema,
} from './domain/public-views.ts';
import {
  accountPatch,
  accountsQuery,
  activation,
  activationTextRequest,
  codeParams,
  credentials,
  importFiles,
  importJobParams,
  newStaffAccount,
  passwordChange,
  usernameParams,
  wechatCallbackQuery,
} from './handlers/schemas.ts';

const REFRESH_COOKIE_NOTE =
  'The refresh token comes as an httpOnly, Secure, SameSite=Strict cookie on `/v1/auth` (never in the body), for `POST /v1/auth/refresh`.';

const csvImport = (what: string, file: z.ZodType) =>
  ({
    roles: ['admin'],
    summary: `Imports the city's ${what} from a CSV file (UTF-8, header row; at most 2 MiB) as a job.`,
    description:
      'The whole file is validated first: a file with any bad row is refused whole, the failing rows and fields named in `details`. A valid file answers 202 with its job at once; the rows are written outside the request (`GET /v1/directory/import-jobs/{jobId}` shows the progress). Importing the same file again changes nothing; a changed row updates the entity and tells the other services.',
    body: { schema: file, mediaType: 'text/csv' },
    response: { status: 202, description: 'The queued job.', schema: importJobSchema },
  }) as const;

/**
 * Identity's routes (`service.ts`), documented for `docs/api.md` and `GET /v1/openapi.json`. Only
 * schemas and views are imported: the reference is built without wiring any adapter.
 */
export const identityApi: ServiceApi = {
  service: 'identity',
  description:
    'The city directory (townships, stations, deputies, units), accounts and their lifecycle, sign-in, access and refresh tokens, and the QR codes citizens scan.',
  routes: [
    {
      method: 'POST',
      path: '/v1/auth/login',
      summary: 'Signs in with a username and password.',
      description:
        'An unknown username, a wrong password and a pending or disabled account get the same 401. Repeated failures per username or per client are refused with 429 (and `Retry-After`) until their window ends, whatever the password. ' +
        'After a one-time password the answer has `mustChangePassword: true` and the token opens nothing but `POST /v1/auth/password`, `POST /v1/auth/logout` and `GET /v1/me` (elsewhere 403 `PASSWORD_CHANGE_REQUIRED`). ' +
        REFRESH_COOKIE_NOTE,
      body: { schema: credentials },
      response: { status: 200, description: 'An access token and the account.', schema: signInResultSchema },
      errors: [401, 429],
    },
    {
      method: 'POST',
      path: '/v1/auth/password',
      roles: ROLES,
      summary: 'Sets a new password (the current one first): at least 10 characters, not the username, not a common password.',
      description: `Every earlier token of the account stops working within a minute; the answer carries a new one. ${REFRESH_COOKIE_NOTE}`,
      body: { schema: passwordChange },
      response: { status: 200, description: 'A new access token.', schema: signInResultSchema },
    },
    {
      method: 'POST',
      path: '/v1/auth/activate',
      summary: 'A deputy activates their account: their code, the activation code handed out, and a password.',
      description: `Wrong codes are throttled like wrong passwords. ${REFRESH_COOKIE_NOTE}`,
      body: { schema: activation },
      response: { status: 200, description: 'An access token.', schema: signInResultSchema },
      errors: [401, 429],
    },
    {
      method: 'POST',
      path: '/v1/auth/activation-code',
      summary: 'A deputy asks for an activation code by SMS, to the phone the directory has for them.',
      description:
        'Always 202 with the same body, whether or not the username is a pending deputy with a phone: only such a deputy is texted, and a text replaces the code handed out before. ' +
        "At most 3 requests per username and 10 per client an hour (then 429 with `Retry-After`), counted before anything is looked up; the phone's daily text cap applies too. The code is never published, logged or stored in clear.",
      body: { schema: activationTextRequest },
      response: { status: 202, description: 'Taken; a text follows if the username is a pending deputy with a phone.', schema: activationTextAcceptedSchema },
      errors: [429],
    },
    {
      method: 'POST',
      path: '/v1/auth/refresh',
      summary: 'A new access token for the refresh cookie, which is replaced (rotated); a sign-in lasts a working day (12 h).',
      description: 'A rotated refresh token presented again revokes every token of its sign-in.',
      response: { status: 200, description: 'A new access token.', schema: signInResultSchema },
      errors: [401],
    },
    {
      method: 'POST',
      path: '/v1/auth/logout',
      roles: ROLES,
      summary: 'Signs out: every token of the account stops working within a minute, and the refresh cookie is cleared.',
      response: { status: 204, description: 'Signed out.' },
    },
    {
      method: 'GET',
      path: '/v1/accounts',
      roles: ['admin'],
      summary: 'Accounts by username, a page at a time; `role` filters, `q` searches usernames and names.',
      query: accountsQuery,
      response: { status: 200, description: 'A page of accounts.', schema: accountsPageSchema },
    },
    {
      method: 'POST',
      path: '/v1/accounts',
      roles: ['admin'],
      summary: 'Creates a staff account; its one-time password is in this answer only, to be changed at the first sign-in.',
      body: { schema: newStaffAccount },
      response: { status: 201, description: 'The username and its one-time password.', schema: newAccountSchema },
      errors: [409],
    },
    {
      method: 'PATCH',
      path: '/v1/accounts/{username}',
      roles: ['admin'],
      summary: "Disables or enables an account, or changes its role or scope; the account's tokens stop working within a minute.",
      params: usernameParams,
      body: { schema: accountPatch },
      response: { status: 200, description: 'The account.', schema: accountViewSchema },
      errors: [404],
    },
    {
      method: 'POST',
      path: '/v1/accounts/{username}/password-reset',
      roles: ['admin'],
      summary: 'A new one-time password for an account (in this answer only); the old password and every token stop working.',
      params: usernameParams,
      response: { status: 200, description: 'The one-time password.', schema: oneTimePasswordSchema },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/accounts/{username}/audit',
      roles: ['admin'],
      summary: 'Who changed an account, when, and how (newest first).',
      params: usernameParams,
      query: pageQuery,
      response: { status: 200, description: 'The audit trail, a page of it.', schema: auditSchema },
    },
    {
      method: 'POST',
      path: '/v1/accounts/activation-codes',
      roles: ['admin'],
      summary: 'A CSV of new activation codes for every deputy who has not activated their account, for printing and handing out.',
      description: 'Each export replaces the codes handed out before.',
      response: { status: 200, description: 'CSV: username, name, activationCode.', mediaType: 'text/csv' },
    },
    {
      method: 'GET',
      path: '/v1/me',
      roles: ROLES,
      summary: "The caller's account.",
      response: { status: 200, description: 'The signed-in account.', schema: userSchema },
    },
    {
      method: 'GET',
      path: '/v1/me/wechat',
      roles: ROLES,
      summary: "Whether the caller's account has bound its WeChat (绑定微信), and since when; never the openid.",
      response: { status: 200, description: 'The binding.', schema: wechatBindingSchema },
    },
    {
      method: 'POST',
      path: '/v1/me/wechat/binding',
      roles: ROLES,
      summary: "Starts binding the caller's WeChat: the official account's authorization page (网页授权, snsapi_base) to open inside WeChat.",
      description:
        'Its `state` stands for this account for ten minutes and works once. WeChat returns the browser to `GET /v1/wechat/oauth/callback`, which stores the openid (encrypted) on the account; notifications then reach the account by WeChat template message when its settings choose WeChat. 409 `WECHAT_NOT_CONFIGURED` when the city has no official account.',
      response: { status: 201, description: 'The page to open.', schema: wechatAuthorizationSchema },
      errors: [409],
    },
    {
      method: 'DELETE',
      path: '/v1/me/wechat',
      roles: ROLES,
      summary: "Removes the caller's WeChat binding: nothing more reaches the account on WeChat.",
      response: { status: 204, description: 'Unbound (also when nothing was bound).' },
    },
    {
      method: 'GET',
      path: '/v1/wechat/oauth/callback',
      summary: "WeChat's return from its authorization page: the code is exchanged for the openid, which is stored where the binding's state says.",
      description:
        "Redirects (302) to where the binding started with its outcome, `wechat=bound|refused|not_configured`: the console's settings (`/console/#/preferences`), or a citizen's tracking page (`/t/{trackingCode}`) with, when bound, a one-time `ticket` (ten minutes) that the page hands to `PUT /v1/track/{trackingCode}/wechat`, where messaging redeems it for the openid. A state unknown, already used or expired binds nothing and answers 400: a page saying so to a browser, the API's error to anything else.",
      query: wechatCallbackQuery,
      response: { status: 302, description: 'Back to the page the binding started from.' },
    },
    {
      method: 'GET',
      path: '/.well-known/jwks.json',
      summary: 'The public key that verifies access tokens, for services and agencies.',
      response: { status: 200, description: 'A JSON Web Key Set.', schema: jwksSchema },
    },
    {
      method: 'GET',
      path: '/v1/townships',
      summary: "The city's townships.",
      response: { status: 200, description: 'Every township.', schema: townshipsSchema },
    },
    {
      method: 'GET',
      path: '/v1/stations',
      summary: 'Every liaison station with its active deputies.',
      response: { status: 200, description: 'Every station, whole.', schema: stationsSchema },
    },
    {
      method: 'GET',
      path: '/v1/stations/{code}',
      summary: 'One liaison station.',
      params: codeParams,
      response: { status: 200, description: 'The station and its active deputies.', schema: publicStationSchema },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/stations/{code}/qr.svg',
      summary: "The station's QR code (站码), opening its public message page `/s/{code}`.",
      params: codeParams,
      response: { status: 200, description: 'An SVG image.', mediaType: 'image/svg+xml' },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/stations/{code}/poster',
      summary: "A printable A4 poster for the station's wall: its deputies with their codes and QR codes.",
      params: codeParams,
      response: { status: 200, description: 'An HTML page.', mediaType: 'text/html' },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/deputies/{code}',
      summary: "A deputy's public facts (no phone, no private data) and their responsiveness over the last 12 months.",
      params: codeParams,
      response: { status: 200, description: 'The deputy.', schema: deputyProfileSchema },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/deputies/{code}/qr.svg',
      summary: "The deputy's QR code (代表码), opening their public message page `/d/{code}`; only for deputies in office.",
      params: codeParams,
      response: { status: 200, description: 'An SVG image.', mediaType: 'image/svg+xml' },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/units',
      roles: ROLES,
      summary: 'The handling units (承办单位) reviewers forward cases to.',
      response: { status: 200, description: 'Every unit, whole.', schema: unitsSchema },
    },
    { method: 'POST', path: '/v1/directory/townships/import', ...csvImport('townships', importFiles.townships) },
    { method: 'POST', path: '/v1/directory/rooms/import', ...csvImport('online liaison rooms and their grids', importFiles.rooms) },
    { method: 'POST', path: '/v1/directory/groups/import', ...csvImport('deputy groups (townships first)', importFiles.groups) },
    { method: 'POST', path: '/v1/directory/stations/import', ...csvImport('liaison stations (townships first)', importFiles.stations) },
    { method: 'POST', path: '/v1/directory/units/import', ...csvImport('handling units', importFiles.units) },
    { method: 'POST', path: '/v1/directory/deputies/import', ...csvImport('deputies (stations and units first)', importFiles.deputies) },
    {
      method: 'GET',
      path: '/v1/directory/import-jobs/{jobId}',
      roles: ['admin'],
      summary: 'An import job: its status, rows done of total, the outcome and the rows that failed.',
      params: importJobParams,
      response: { status: 200, description: 'The job.', schema: importJobSchema },
      errors: [404],
    },
    openApiRouteDoc,
  ],
};
