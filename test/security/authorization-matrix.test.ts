import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../services/manifests.ts';
import { signingKeyFromEnv } from '../../shared/auth/signing-key.ts';
import { accessClaimsSchema } from '../../shared/auth/caller.ts';
import { issueAccessToken } from '../../shared/auth/tokens.ts';
import { sampleOf, validValue } from '../support/schema-arbitrary.ts';
import { type Probe, probeFor, refusedBody, send } from './probe.ts';
import { CALLER_ROLES, documentedOperations, type Operation, type SecurityWorld, signOutLast, startSecurityWorld, type Target } from './world.ts';

/** The roles that have an "out of scope": a deputy (themself), a township's reviewer, a unit's handler. City reviewers and the admin see the city. */
const SCOPED_ROLES = ['deputy', 'township_reviewer', 'unit_handler'] as const;

/**
 * A row: [anonymous, in scope, out of scope?].
 * - anonymous: no token; an expired and a tampered token must get the same answer.
 * - in scope: deputy, township_reviewer, city_reviewer, unit_handler, admin on 鹿城镇's records. A
 *   write is sent a body its schema refuses, so an admitted caller meets 400 and nothing changes.
 * - out of scope: deputy, township_reviewer, unit_handler on 东瓜镇's records with a valid body;
 *   only for routes whose path, scope query or body names a record that has a scope. A township
 *   reviewer who asks for another township's figures or lists (`?township=`, `?scope=`) is answered
 *   with their own township's (200).
 */
type Row = [anonymous: number, inScope: Statuses5, outOfScope?: Statuses3];
type Statuses5 = [deputy: number, township: number, city: number, unit: number, admin: number];
type Statuses3 = [deputy: number, township: number, unit: number];

// biome-ignore format: the table is read by column
const MATRIX: Record<string, Row> = {
  // route                                                            no token  in scope: deputy, township, city, unit, admin   out of scope: deputy, township, unit
  'POST /v1/auth/login':                                            [400, [400, 400, 400, 400, 400]],
  'POST /v1/auth/password':                                         [401, [400, 400, 400, 400, 400]],
  'POST /v1/auth/activate':                                         [400, [400, 400, 400, 400, 400]],
  'POST /v1/auth/refresh':                                          [401, [401, 401, 401, 401, 401]],
  'POST /v1/auth/activation-code':                                  [400, [400, 400, 400, 400, 400]],
  'GET /v1/accounts':                                               [401, [403, 403, 403, 403, 200]],
  'POST /v1/accounts':                                              [401, [403, 403, 403, 403, 400]],
  'PATCH /v1/accounts/{username}':                                  [401, [403, 403, 403, 403, 400]],
  'POST /v1/accounts/{username}/password-reset':                    [401, [403, 403, 403, 403, 200]],
  'GET /v1/accounts/{username}/audit':                              [401, [403, 403, 403, 403, 200]],
  'POST /v1/accounts/activation-codes':                             [401, [403, 403, 403, 403, 200]],
  'GET /v1/me':                                                     [401, [200, 200, 200, 200, 200]],
  'GET /v1/me/wechat':                                              [401, [200, 200, 200, 200, 200]],
  'POST /v1/me/wechat/binding':                                     [401, [409, 409, 409, 409, 409]],
  'DELETE /v1/me/wechat':                                           [401, [204, 204, 204, 204, 204]],
  'GET /v1/wechat/oauth/callback':                                  [400, [400, 400, 400, 400, 400]],
  'GET /.well-known/jwks.json':                                     [200, [200, 200, 200, 200, 200]],
  'GET /v1/townships':                                              [200, [200, 200, 200, 200, 200]],
  'GET /v1/stations':                                               [200, [200, 200, 200, 200, 200]],
  'GET /v1/stations/{code}':                                        [200, [200, 200, 200, 200, 200]],
  'GET /v1/stations/{code}/qr.svg':                                 [200, [200, 200, 200, 200, 200]],
  'GET /v1/stations/{code}/poster':                                 [200, [200, 200, 200, 200, 200]],
  'GET /v1/deputies/{code}':                                        [200, [200, 200, 200, 200, 200]],
  'GET /v1/deputies/{code}/qr.svg':                                 [200, [200, 200, 200, 200, 200]],
  'GET /v1/units':                                                  [401, [200, 200, 200, 200, 200]],
  'POST /v1/directory/townships/import':                            [401, [403, 403, 403, 403, 400]],
  'POST /v1/directory/rooms/import':                                [401, [403, 403, 403, 403, 400]],
  'POST /v1/directory/groups/import':                               [401, [403, 403, 403, 403, 400]],
  'POST /v1/directory/stations/import':                             [401, [403, 403, 403, 403, 400]],
  'POST /v1/directory/units/import':                                [401, [403, 403, 403, 403, 400]],
  'POST /v1/directory/deputies/import':                             [401, [403, 403, 403, 403, 400]],
  'GET /v1/directory/import-jobs/{jobId}':                          [401, [403, 403, 403, 403, 200]],
  'GET /v1/openapi.json':                                           [200, [200, 200, 200, 200, 200]],
  'GET /v1/categories':                                             [200, [200, 200, 200, 200, 200]],
  'POST /v1/messages':                                              [400, [400, 400, 400, 400, 400]],
  'GET /v1/inbox':                                                  [401, [200, 403, 403, 403, 403]],
  'GET /v1/messages/{messageId}':                                   [401, [200, 200, 200, 200, 200], [404, 404, 404]],
  'POST /v1/messages/{messageId}/reply':                            [401, [400, 403, 403, 403, 403], [404, 403, 403]],
  'POST /v1/messages/{messageId}/escalate':                         [401, [400, 403, 403, 403, 403], [404, 403, 403]],
  'GET /v1/moderation/held':                                        [401, [403, 200, 200, 403, 403], [403, 200, 403]],
  'POST /v1/privacy/erasure':                                       [401, [403, 403, 403, 403, 400]],
  'GET /v1/privacy/erasures':                                       [401, [403, 403, 403, 403, 200]],
  'GET /v1/moderation/overdue-replies':                             [401, [403, 200, 200, 403, 403], [403, 200, 403]],
  'POST /v1/messages/{messageId}/release':                          [401, [403, 400, 400, 403, 403], [403, 404, 403]],
  'POST /v1/messages/{messageId}/reject':                           [401, [403, 400, 400, 403, 403], [403, 404, 403]],
  'GET /v1/track/{trackingCode}':                                   [200, [200, 200, 200, 200, 200]],
  'POST /v1/track/{trackingCode}/rating':                           [400, [400, 400, 400, 400, 400]],
  'POST /v1/track/{trackingCode}/follow-up':                        [400, [400, 400, 400, 400, 400]],
  // With the tracking token in every column: the demo city has not opened WeChat binding (409); taking off what is not on changes nothing (200).
  'POST /v1/track/{trackingCode}/wechat/binding':                   [409, [409, 409, 409, 409, 409]],
  'PUT /v1/track/{trackingCode}/wechat':                            [400, [400, 400, 400, 400, 400]],
  'DELETE /v1/track/{trackingCode}/wechat':                         [200, [200, 200, 200, 200, 200]],
  'GET /s/{code}':                                                  [200, [200, 200, 200, 200, 200]],
  'GET /d/{code}':                                                  [200, [200, 200, 200, 200, 200]],
  'GET /t/{code}':                                                  [200, [200, 200, 200, 200, 200]],
  'GET /assets/{code}':                                             [200, [200, 200, 200, 200, 200]],
  'GET /console':                                                   [200, [200, 200, 200, 200, 200]],
  'GET /console/{path+}':                                           [200, [200, 200, 200, 200, 200]],
  'GET /v1/reviews':                                                [401, [403, 200, 200, 403, 403]],
  'GET /v1/cases/{caseId}':                                         [401, [200, 200, 200, 200, 200], [404, 404, 404]],
  'POST /v1/cases/{caseId}/forward':                                [401, [403, 400, 400, 403, 403], [403, 404, 403]],
  'POST /v1/cases/{caseId}/return':                                 [401, [403, 400, 400, 403, 403], [403, 404, 403]],
  'POST /v1/cases/{caseId}/decline':                                [401, [403, 400, 400, 403, 403], [403, 404, 403]],
  'POST /v1/cases/{caseId}/merge':                                  [401, [403, 400, 400, 403, 403], [403, 404, 403]],
  'GET /v1/tasks':                                                  [401, [403, 403, 403, 200, 403]],
  'POST /v1/cases/{caseId}/accept':                                 [401, [403, 403, 403, 400, 403], [403, 403, 404]],
  'POST /v1/cases/{caseId}/progress':                               [401, [403, 403, 403, 400, 403], [403, 403, 404]],
  'POST /v1/cases/{caseId}/resolve':                                [401, [403, 403, 403, 400, 403], [403, 403, 404]],
  'POST /v1/cases/{caseId}/reassign':                               [401, [403, 403, 403, 400, 403], [403, 403, 404]],
  'GET /v1/supervision':                                            [401, [403, 200, 200, 403, 200], [403, 200, 403]],
  'GET /v1/suggestions':                                            [401, [200, 403, 200, 200, 200]],
  'POST /v1/suggestions':                                           [401, [400, 403, 403, 403, 403]],
  'POST /v1/suggestions/{suggestionId}/register':                   [401, [403, 403, 400, 403, 403], [403, 403, 403]],
  'POST /v1/suggestions/{suggestionId}/refer':                      [401, [403, 403, 400, 403, 403], [403, 403, 403]],
  'POST /v1/suggestions/{suggestionId}/assist':                     [401, [403, 403, 403, 400, 403], [403, 403, 404]],
  'POST /v1/suggestions/{suggestionId}/meetings':                   [401, [403, 403, 403, 400, 403], [403, 403, 404]],
  'POST /v1/suggestions/{suggestionId}/answer':                     [401, [403, 403, 403, 400, 403], [403, 403, 404]],
  'POST /v1/suggestions/{suggestionId}/evaluation':                 [401, [400, 403, 403, 403, 403], [404, 403, 403]],
  'POST /v1/activities':                                            [401, [403, 400, 400, 403, 400], [403, 404, 403]],
  'POST /v1/ledger/{entryId}/reverse':                              [401, [403, 403, 400, 403, 400], [403, 403, 403]],
  'GET /v1/ledger':                                                 [401, [403, 403, 200, 403, 200]],
  'GET /v1/deputies/{code}/archive':                                [401, [200, 200, 200, 403, 200], [404, 404, 403]],
  'GET /v1/rankings':                                               [401, [403, 200, 200, 403, 200], [403, 200, 403]],
  'POST /v1/rankings/{year}/publish':                               [401, [403, 403, 200, 403, 200]],
  'GET /v1/flags':                                                  [401, [403, 200, 200, 403, 200]],
  'GET /v1/notifications':                                          [401, [200, 200, 200, 200, 200]],
  'POST /v1/notifications/{id}/read':                               [401, [200, 404, 404, 404, 404], [404, 404, 404]],
  'GET /v1/notifications/preferences':                              [401, [200, 200, 200, 200, 200]],
  'PUT /v1/notifications/preferences':                              [401, [400, 400, 400, 400, 400]],
  'GET /v1/deliveries':                                             [401, [403, 403, 403, 403, 200]],
  'POST /v1/bulletins':                                             [401, [403, 403, 400, 403, 400]],
  'GET /v1/stats/overview':                                         [401, [403, 200, 200, 403, 200], [403, 200, 403]],
  'GET /v1/stats/units':                                            [401, [403, 200, 200, 403, 200]],
  'GET /v1/stats/deputies':                                         [401, [403, 200, 200, 403, 200], [403, 200, 403]],
  'GET /v1/stats/follow-up':                                        [401, [403, 200, 200, 403, 200], [403, 200, 403]],
  'GET /v1/deputies/{code}/responsiveness':                         [200, [200, 200, 200, 200, 200]],
  'GET /v1/public/stations/{code}/stats':                           [200, [200, 200, 200, 200, 200]],
  'GET /v1/public/stats.csv':                                       [200, [200, 200, 200, 200, 200]],
  'GET /v1/consultations':                                          [401, [403, 200, 200, 403, 200]],
  'POST /v1/consultations':                                         [401, [403, 403, 400, 403, 403]],
  'GET /v1/consultations/{id}':                                     [200, [200, 200, 200, 200, 200]],
  'GET /v1/consultations/{id}/qr.svg':                              [200, [200, 200, 200, 200, 200]],
  'POST /v1/consultations/{id}/responses':                          [400, [400, 400, 400, 400, 400]],
  'GET /v1/consultations/{id}/results':                             [401, [403, 200, 200, 403, 200], [403, 404, 403]],
  'POST /v1/consultations/{id}/responses/{responseId}/visibility':  [401, [403, 400, 400, 403, 400], [403, 404, 403]],
  'POST /v1/consultations/{id}/close':                              [401, [403, 403, 400, 403, 403], [403, 403, 403]],
  'GET /v1/reception-days':                                         [400, [400, 400, 400, 400, 400]],
  'POST /v1/appointments':                                          [400, [400, 400, 400, 400, 400]],
  'GET /v1/appointments':                                           [401, [200, 200, 200, 403, 200]],
  'GET /v1/appointments/{id}':                                      [404, [404, 404, 404, 404, 404]],
  'POST /v1/appointments/{id}/verification':                        [400, [400, 400, 400, 400, 400]],
  'POST /v1/appointments/{id}/cancel':                              [404, [404, 404, 404, 404, 404]],
  'POST /v1/appointments/{id}/outcome':                             [401, [400, 400, 400, 403, 400], [404, 404, 403]],
  'POST /v1/livelihood-ballots':                                    [401, [403, 403, 400, 403, 403]],
  'GET /v1/livelihood-ballots':                                     [401, [200, 200, 200, 200, 200]],
  'GET /v1/livelihood-ballots/{ballotId}':                          [401, [200, 200, 200, 200, 200]],
  'POST /v1/livelihood-ballots/{ballotId}/votes':                   [401, [400, 403, 403, 403, 403]],
  'POST /v1/livelihood-ballots/{ballotId}/publish':                 [401, [403, 403, 409, 403, 403]],
  'POST /v1/livelihood-ballots/{ballotId}/projects/{projectId}/progress': [401, [403, 403, 403, 400, 403]],
  'POST /v1/livelihood-ballots/{ballotId}/projects/{projectId}/ratings': [401, [400, 403, 403, 403, 403]],
  'GET /v1/public/livelihood-ballots/{ballotId}':                   [404, [404, 404, 404, 404, 404]],
  'GET /c/{code}':                                                  [200, [200, 200, 200, 200, 200]],
  'GET /r/{code}':                                                  [200, [200, 200, 200, 200, 200]],
  'GET /a/{code}':                                                  [200, [200, 200, 200, 200, 200]],
  'GET /l/{code}':                                                  [200, [200, 200, 200, 200, 200]],
  'GET /p/{code}':                                                  [200, [200, 200, 200, 200, 200]],
  'POST /v1/auth/logout':                                           [401, [204, 204, 204, 204, 204]],
};

/** Records a route names in its path, query or body that have a scope, so an out-of-scope probe means something. */
function hasScopedTarget(operation: Operation): boolean {
  if (!operation.roles) return false;
  const scoped = /\{(messageId|caseId|suggestionId|id|code|responseId)\}/.test(operation.path);
  const scopeQuery = operation.params.some((p) => p.in === 'query' && (p.name === 'township' || p.name === 'scope'));
  const bodyDeputy = Boolean(operation.body?.schema.properties?.deputyCode);
  return scoped || scopeQuery || bodyDeputy;
}

describe('authorization matrix: every manifest route × every role × in scope, out of scope, no, expired and tampered token', () => {
  let world: SecurityWorld;
  const operations = signOutLast(documentedOperations());

  beforeAll(async () => {
    world = await startSecurityWorld();
  }, 240_000);
  afterAll(async () => world?.platform.stop());

  it('has a row for every route of every manifest, and none for a route that is gone', () => {
    // Prepare
    const declared = services.flatMap((s) => s.routes.map((r) => `${r.method} ${r.path}`));

    // Assess
    expect(Object.keys(MATRIX).sort()).toEqual(declared.sort());
  });

  it('answers every probe as the table says', async () => {
    // Prepare: an expired token (signed with the city's key, two hours old) and a tampered one (a deputy's, rewritten to admin)
    const admin = world.callers.admin.authorization!.slice('Bearer '.length);
    const claims = accessClaimsSchema.parse(JSON.parse(Buffer.from(admin.split('.')[1]!, 'base64url').toString()));
    const expired = { authorization: `Bearer ${await issueAccessToken(signingKeyFromEnv(), claims, new Date(Date.now() - 2 * 3600_000))}` };
    const [header, payload, signature] = world.callers.deputy.authorization!.slice('Bearer '.length).split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'admin', scope: {} })).toString(
      'base64url',
    );
    const tampered = { authorization: `Bearer ${header}.${forged}.${signature}` };
    const observed: Record<string, Row> = {};
    const mismatches: string[] = [];
    let probes = 0;

    // Act
    for (const [index, operation] of operations.entries()) {
      const base = probeFor(operation, world, world.inScope);
      const refused = refusedBody(operation);
      const inProbe: Probe = { ...base, headers: { ...base.headers, ...refused.headers }, body: refused.body };
      const anonymous = (await send(world.platform.url, inProbe)).status;
      const expiredStatus = (await send(world.platform.url, inProbe, expired)).status;
      const tamperedStatus = (await send(world.platform.url, inProbe, tampered)).status;
      const inScope = [] as number[];
      for (const role of CALLER_ROLES) inScope.push((await send(world.platform.url, inProbe, world.callers[role])).status);
      const row: Row = [anonymous, inScope as Statuses5];
      probes += 3 + CALLER_ROLES.length;
      if (hasScopedTarget(operation)) {
        const outBase = probeFor(operation, world, world.outOfScope);
        const outProbe: Probe = { ...outBase, headers: { ...outBase.headers, ...refused.headers }, body: validBody(operation, world.outOfScope, index) };
        const outOfScope = [] as number[];
        for (const role of SCOPED_ROLES) outOfScope.push((await send(world.platform.url, outProbe, world.callers[role])).status);
        row.push(outOfScope as Statuses3);
        probes += SCOPED_ROLES.length;
      }
      observed[operation.key] = row;
      if (expiredStatus !== anonymous || tamperedStatus !== anonymous)
        mismatches.push(`${operation.key}: expired ${expiredStatus}, tampered ${tamperedStatus}, no token ${anonymous}`);
      if (JSON.stringify(MATRIX[operation.key]) !== JSON.stringify(row))
        mismatches.push(`'${operation.key}': ${JSON.stringify(row)},  // table: ${JSON.stringify(MATRIX[operation.key])}`);
    }
    console.info(
      `authorization matrix: ${operations.length} routes × (5 roles in scope + no, expired and tampered token, + 3 roles out of scope where a record has a scope) = ${probes} probes`,
    );

    // Assess
    expect(mismatches, mismatches.join('\n')).toEqual([]);
    expect(Object.keys(observed)).toHaveLength(operations.length);
  }, 240_000);

  it("answers 404 on every tracking token's route to a missing token, another message's token and an unknown tracking code alike", async () => {
    // Prepare: the routes a tracking token opens (the rating and follow-up, WeChat notices…), each with a body its schema accepts, so only the token decides
    const holders = operations.filter((o) => o.path.startsWith('/v1/track/{trackingCode}'));
    const { trackingCode, trackingToken } = world.inScope;
    const unknownCode = trackingCode === 'ZZZZ-ZZZ9' ? 'ZZZZ-ZZZ8' : 'ZZZZ-ZZZ9';
    const tries = {
      'no token': { code: trackingCode, headers: {} },
      "another message's token": { code: trackingCode, headers: { 'x-tracking-token': world.outOfScope.trackingToken } },
      'an unknown tracking code': { code: unknownCode, headers: { 'x-tracking-token': trackingToken } },
    };
    const answers: string[] = [];
    const viewOf = async () =>
      (await send(world.platform.url, { method: 'GET', path: `/v1/track/${trackingCode}`, headers: { 'x-tracking-token': trackingToken } })).text;
    const before = await viewOf();

    // Act
    for (const [index, operation] of holders.entries()) {
      const body = validBody(operation, world.inScope, index);
      for (const [what, attempt] of Object.entries(tries)) {
        const probe: Probe = {
          method: operation.method,
          path: operation.path.replace('{trackingCode}', attempt.code),
          headers: { ...attempt.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
          body,
        };
        const answer = await send(world.platform.url, probe);
        answers.push(`${operation.key} with ${what}: ${answer.status} ${JSON.parse(answer.text).error?.code}`);
      }
    }
    const after = await viewOf();

    // Assess: nothing tells a guess at a code from a guess at a token, and nothing changed
    expect(holders.map((o) => o.key)).toEqual(
      expect.arrayContaining(['POST /v1/track/{trackingCode}/rating', 'POST /v1/track/{trackingCode}/wechat/binding', 'PUT /v1/track/{trackingCode}/wechat']),
    );
    expect(answers).toEqual(answers.map((a) => `${a.slice(0, a.lastIndexOf(':'))}: 404 NOT_FOUND`));
    expect(after).toBe(before);
    expect(JSON.parse(after)).toMatchObject({ trackingCode, wechat: false });
  }, 60_000);
});

/** A body the route's schema accepts, naming the out-of-scope deputy, unit or township where the body names one. */
function validBody(operation: Operation, target: Target, seed: number): string | undefined {
  if (!operation.body) return undefined;
  if (operation.body.mediaType === 'text/csv') return 'code,name\n';
  const body = sampleOf(validValue(operation.body.schema), seed) as Record<string, unknown>;
  // Required fields only: optional ones can meet refinements the schema cannot say (an absence's `approved`).
  for (const field of Object.keys(body)) if (!operation.body.schema.required?.includes(field)) delete body[field];
  const named = { deputyCode: target.deputyCode, unitCode: target.unitCode, townshipCode: target.township };
  for (const [field, value] of Object.entries(named)) if (operation.body.schema.properties?.[field]) body[field] = value;
  return JSON.stringify(body);
}
