import { castVote, createBallot, listBallots, publish, rate, readBallot, readPublicBallot, recordQuarter } from '../use-cases/livelihood.ts';
import { deps, http, livelihoodPorts as ports } from './deps.ts';
import { ballotBody, ballotParams, ballotsQuery, progressBody, projectParams, ratingBody, voteBody } from './livelihood-schemas.ts';

const STAFF = ['deputy', 'township_reviewer', 'city_reviewer', 'unit_handler', 'admin'] as const;
const causeOf = (requestId: string) => ({ correlationId: requestId, causationId: requestId });
const staffOf = (caller: { role: string; username: string; scope: { deputyCode?: string; unitCode?: string } }) => ({
  role: caller.role,
  username: caller.username,
  deputyCode: caller.scope.deputyCode,
  unitCode: caller.scope.unitCode,
});
/** A deputy's account without a deputy code cannot vote or rate: it is refused as the directory would refuse it. */
const deputyCodeOf = (caller: { scope: { deputyCode?: string } }) => caller.scope.deputyCode ?? '';

/** POST /v1/livelihood-ballots (city reviewer): lists the year's candidate projects for the deputies' vote → 201 `{ballotId}`. */
export const openBallot = http({ roles: ['city_reviewer'], body: ballotBody }, async ({ caller, body, requestId }) => ({
  status: 201,
  body: { ballotId: await createBallot(ports, body, caller.username, causeOf(requestId), deps.now()) },
}));

/** GET /v1/livelihood-ballots (staff): ballots, newest first, paged. */
export const ballots = http({ roles: STAFF, query: ballotsQuery }, async ({ query }) => ({ status: 200, body: await listBallots(ports, query, deps.now()) }));

/** GET /v1/livelihood-ballots/{ballotId} (staff): the ballot, its results once published, progress and ratings; a deputy's own votes. */
export const ballot = http({ roles: STAFF, params: ballotParams }, async ({ caller, params }) => ({
  status: 200,
  body: await readBallot(ports, params.ballotId, staffOf(caller), deps.now()),
  headers: { 'cache-control': 'no-store' },
}));

/** POST /v1/livelihood-ballots/{ballotId}/votes (deputy in office): one vote per project, within the window. */
export const vote = http({ roles: ['deputy'], params: ballotParams, body: voteBody }, async ({ caller, params, body }) => {
  await castVote(ports, params.ballotId, body, deputyCodeOf(caller), deps.now());
  return { status: 204 };
});

/** POST /v1/livelihood-ballots/{ballotId}/publish (city reviewer): publishes a closed ballot's results. */
export const publishBallot = http({ roles: ['city_reviewer'], params: ballotParams }, async ({ params, requestId }) => {
  await publish(ports, params.ballotId, causeOf(requestId), deps.now());
  return { status: 204 };
});

/** POST /v1/livelihood-ballots/{ballotId}/projects/{projectId}/progress (the lead unit's handler): a quarter's progress. */
export const progress = http({ roles: ['unit_handler'], params: projectParams, body: progressBody }, async ({ caller, params, body, requestId }) => {
  await recordQuarter(ports, params, body, staffOf(caller), causeOf(requestId), deps.now());
  return { status: 204 };
});

/** POST /v1/livelihood-ballots/{ballotId}/projects/{projectId}/ratings (deputy in office): the year-end rating, once. */
export const rating = http({ roles: ['deputy'], params: projectParams, body: ratingBody }, async ({ caller, params, body }) => {
  await rate(ports, params, body.satisfaction, deputyCodeOf(caller), deps.now());
  return { status: 204 };
});

/** GET /v1/public/livelihood-ballots/{ballotId} (public): a published ballot's results and the chosen projects' progress. */
export const publicBallot = http({ audience: 'citizen', params: ballotParams }, async ({ params }) => ({
  status: 200,
  body: await readPublicBallot(ports, params.ballotId),
  headers: { 'cache-control': 'public, max-age=60' },
}));
