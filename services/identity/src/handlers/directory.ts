import { ROLES } from '../../../../shared/auth/caller.ts';
import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import { type Responsiveness, toPublicDeputy, toPublicStation } from '../domain/public-views.ts';
import { deps, directory, http, invoke } from './deps.ts';
import { codeParams as code } from './schemas.ts';

const cacheable = { 'cache-control': 'public, max-age=300' };

/** GET /v1/townships (public). */
export const listTownships = http({}, async () => {
  const townships = await directory.listTownships();
  return { status: 200, body: { items: townships.map((t) => ({ code: t.code, name: t.name })), nextCursor: null }, headers: cacheable };
});

/** GET /v1/stations (public): every station with its active deputies. */
export const listStations = http({}, async () => {
  const [stations, deputies] = await Promise.all([directory.listStations(), directory.listDeputies()]);
  return { status: 200, body: { items: stations.map((s) => toPublicStation(s, deputies)), nextCursor: null }, headers: cacheable };
});

/** GET /v1/stations/{code} (public). */
export const getStation = http({ params: code }, async ({ params }) => {
  const station = await directory.getStation(params.code);
  if (!station) throw new NotFoundError('No such station.');
  const deputies = await directory.listDeputies();
  return { status: 200, body: toPublicStation(station, deputies), headers: cacheable };
});

/**
 * GET /v1/deputies/{code} (public): public facts only, with the deputy's responsiveness as the
 * statistics service counts it (its internal function: identity never reads statistics' table).
 * Should statistics not answer, the profile is served without it rather than not at all.
 */
export const getDeputy = http({ params: code }, async ({ params }) => {
  const deputy = await directory.getDeputy(params.code);
  if (!deputy) throw new NotFoundError('No such deputy.');
  const responsiveness = await invoke<Responsiveness>('statistics', 'deputy-responsiveness', { deputyCode: deputy.code }).catch((error: Error) => {
    deps.logger.warn('responsiveness not available', { errorName: error.name });
    return undefined;
  });
  return { status: 200, body: { ...toPublicDeputy(deputy), ...(responsiveness ? { responsiveness } : {}) }, headers: cacheable };
});

/** GET /v1/units (signed in): the handling units reviewers forward to. */
export const listUnits = http({ roles: ROLES }, async () => {
  const units = await directory.listUnits();
  return { status: 200, body: { items: units, nextCursor: null } };
});
