import { fileURLToPath } from 'node:url';
import { DeputyRegistered, DeputyTermEnded, identityEvents } from '../../../shared/events/identity/index.ts';
import { defineService } from '../../../shared/runtime/define-service.ts';
import { handlersAt, patternFor, type ServiceManifest } from '../../../shared/runtime/manifest.ts';
import { IMPORT_KINDS } from './domain/directory-csv.ts';
import { IMPORT_CHUNK_ATTEMPTS, IMPORT_QUEUE } from './domain/import-job.ts';
import { identityTable } from './table.ts';

const at = handlersAt(import.meta.url);

/**
 * The identity service: the city directory (townships, stations, rooms, groups, deputies, units),
 * accounts and their lifecycle, sign-in, access and refresh tokens, and the QR codes citizens scan.
 */
export const identityService: ServiceManifest = defineService(import.meta.url, {
  name: 'identity',
  description: 'City directory, sign-in, roles and scopes, QR codes.',
  table: identityTable,
  routes: [
    { method: 'POST', path: '/v1/auth/login', handler: at('./handlers/auth.ts', 'login', { memoryMb: 1024 }) },
    { method: 'POST', path: '/v1/auth/password', handler: at('./handlers/auth.ts', 'changePassword', { memoryMb: 1024 }) },
    { method: 'POST', path: '/v1/auth/activate', handler: at('./handlers/auth.ts', 'activate', { memoryMb: 1024 }) },
    { method: 'POST', path: '/v1/auth/activation-code', handler: at('./handlers/auth.ts', 'activationCode') },
    { method: 'POST', path: '/v1/auth/refresh', handler: at('./handlers/auth.ts', 'refresh') },
    { method: 'POST', path: '/v1/auth/logout', handler: at('./handlers/auth.ts', 'logout') },
    { method: 'GET', path: '/v1/me', handler: at('./handlers/auth.ts', 'me') },
    { method: 'GET', path: '/v1/me/wechat', handler: at('./handlers/wechat.ts', 'own') },
    { method: 'POST', path: '/v1/me/wechat/binding', handler: at('./handlers/wechat.ts', 'own') },
    { method: 'DELETE', path: '/v1/me/wechat', handler: at('./handlers/wechat.ts', 'own') },
    // WeChat sends the browser back here after its authorization page (网页授权).
    { method: 'GET', path: '/v1/wechat/oauth/callback', handler: at('./handlers/wechat.ts', 'callback') },
    { method: 'GET', path: '/v1/accounts', handler: at('./handlers/accounts.ts', 'list') },
    { method: 'POST', path: '/v1/accounts', handler: at('./handlers/accounts.ts', 'create', { memoryMb: 1024 }) },
    { method: 'POST', path: '/v1/accounts/activation-codes', handler: at('./handlers/accounts.ts', 'activationCodes', { timeoutSeconds: 60 }) },
    { method: 'PATCH', path: '/v1/accounts/{username}', handler: at('./handlers/accounts.ts', 'update') },
    { method: 'POST', path: '/v1/accounts/{username}/password-reset', handler: at('./handlers/accounts.ts', 'passwordReset', { memoryMb: 1024 }) },
    { method: 'GET', path: '/v1/accounts/{username}/audit', handler: at('./handlers/accounts.ts', 'audit') },
    { method: 'GET', path: '/.well-known/jwks.json', handler: at('./handlers/auth.ts', 'jwks') },
    { method: 'GET', path: '/v1/townships', handler: at('./handlers/directory.ts', 'listTownships') },
    { method: 'GET', path: '/v1/stations', handler: at('./handlers/directory.ts', 'listStations') },
    { method: 'GET', path: '/v1/stations/{code}', handler: at('./handlers/directory.ts', 'getStation') },
    // Public images and posters run without the city's keys (a role of their own in AWS).
    { method: 'GET', path: '/v1/stations/{code}/qr.svg', handler: at('./handlers/qr.ts', 'stationQr', { withoutKeys: true }) },
    { method: 'GET', path: '/v1/stations/{code}/poster', handler: at('./handlers/poster.ts', 'stationPoster', { withoutKeys: true }) },
    { method: 'GET', path: '/v1/deputies/{code}', handler: at('./handlers/directory.ts', 'getDeputy') },
    { method: 'GET', path: '/v1/deputies/{code}/qr.svg', handler: at('./handlers/qr.ts', 'deputyQr', { withoutKeys: true }) },
    { method: 'GET', path: '/v1/units', handler: at('./handlers/directory.ts', 'listUnits') },
    // API Gateway answers within 30 s: the route validates and queues, the worker writes.
    ...IMPORT_KINDS.map((kind) => ({
      method: 'POST' as const,
      path: `/v1/directory/${kind}/import`,
      handler: at('./handlers/import.ts', kind, { timeoutSeconds: 29, memoryMb: 1024 }),
    })),
    { method: 'GET', path: '/v1/directory/import-jobs/{jobId}', handler: at('./handlers/import.ts', 'job') },
    // The whole platform's API reference; its handler reads every service's api.ts, nothing else.
    { method: 'GET', path: '/v1/openapi.json', handler: at('../../openapi-handler.ts', 'handler') },
  ],
  workQueues: [
    {
      name: IMPORT_QUEUE,
      handler: at('./handlers/import-worker.ts', 'handler', { timeoutSeconds: 60, memoryMb: 1024 }),
      batchSize: 1,
      maxReceiveCount: IMPORT_CHUNK_ATTEMPTS,
    },
  ],
  subscriptions: [{ name: 'deputy-accounts', pattern: patternFor(DeputyRegistered, DeputyTermEnded), handler: at('./handlers/deputy-accounts.ts') }],
  publishes: identityEvents,
  // The config's townships and the first admin, whose one-time password Secrets Manager generates.
  firstStart: { handler: at('./handlers/first-start.ts', 'handler', { timeoutSeconds: 120, memoryMb: 1024 }), secret: 'first-admin' },
  keys: { tokens: 'sign', personalData: true },
  // The official account's AppSecret, for exchanging WeChat's authorization codes (绑定微信), once the city opens binding.
  externalAccess: ({ notifications: { channels } }) => ({
    secrets: channels.wechat?.webAuthorization && channels.wechat.secretName ? [channels.wechat.secretName] : [],
  }),
  // The demo city's directory and accounts, on the local platform only.
  localSeed: { file: fileURLToPath(new URL('./first-start-local.ts', import.meta.url)), exportName: 'startLocal' },
  internalFunctions: [
    // Deputies' and staff's own phone and e-mail, for notifications to reach them: asked for, never broadcast.
    { name: 'contact', handler: at('./handlers/contacts.ts', 'contact'), callers: ['notifications'] },
    // Whether a deputy unknown to messaging's view is in office here: just imported, not yet arrived there.
    { name: 'deputy-in-office', handler: at('./handlers/deputy-in-office.ts', 'deputyInOffice'), callers: ['messaging'] },
    // A citizen's WeChat for their message's notices (微信通知): messaging starts it and redeems the openid; identity never calls messaging.
    { name: 'citizen-wechat', handler: at('./handlers/wechat.ts', 'citizenWechat'), callers: ['messaging'] },
  ],
});
