import { validate } from '../../../../shared/runtime/http.ts';
import { bookingAnswerSchema } from '../domain/reception-views.ts';
import { book, cancelOwn, readOwn, record, stationReceptionDays, staffList, verify } from '../use-cases/reception.ts';
import { city, deps, http, receptionPorts as ports } from './deps.ts';
import { appointmentParams, appointmentsQuery, appointmentTokenHeaders, bookingBody, outcomeBody, receptionQuery, verificationBody } from './schemas.ts';
import { cityDate } from '../../../../shared/time/city-dates.ts';

const STAFF = ['deputy', 'township_reviewer', 'city_reviewer', 'admin'] as const;
const NO_STORE = { 'cache-control': 'no-store' };
const causeOf = (requestId: string) => ({ correlationId: requestId, causationId: requestId });
const staffOf = (caller: { role: string; username: string; scope: { townshipCode?: string; deputyCode?: string } }) => ({
  role: caller.role,
  username: caller.username,
  townshipCode: caller.scope.townshipCode,
  deputyCode: caller.scope.deputyCode,
});

/** GET /v1/reception-days?station= (public): a station's coming reception days (代表固定接待日) with the seats left. */
export const receptionDays = http({ audience: 'citizen', query: receptionQuery }, async ({ query }) => ({
  status: 200,
  body: await stationReceptionDays(ports, query.station, deps.now()),
  headers: { 'cache-control': 'public, max-age=15' },
}));

/** POST /v1/appointments (public): books a slot → 201, pending an SMS code or booked with its cancel token. */
export const bookAppointment = http({ audience: 'citizen', body: bookingBody, maxBodyBytes: 4 * 1024 }, async ({ body, sourceIp, requestId }) => ({
  status: 201,
  body: bookingAnswerSchema.parse(await book(ports, body, { clientIp: sourceIp }, deps.now(), causeOf(requestId))),
  headers: NO_STORE,
}));

/** POST /v1/appointments/{id}/verification (public): the SMS code → booked, with the cancel token. */
export const verifyAppointment = http({ audience: 'citizen', params: appointmentParams, body: verificationBody }, async ({ params, body, requestId }) => ({
  status: 200,
  body: { appointmentId: params.id, ...(await verify(ports, params.id, body.code, deps.now(), causeOf(requestId))) },
  headers: NO_STORE,
}));

/** GET /v1/appointments/{id} (the citizen, with the confirmation's token): their appointment. */
export const ownAppointment = http({ audience: 'citizen', params: appointmentParams }, async ({ params, headers }) => {
  const token = validate(appointmentTokenHeaders, headers, 'headers', 'citizen')['x-appointment-token'];
  return { status: 200, body: await readOwn(ports, params.id, token), headers: NO_STORE };
});

/** POST /v1/appointments/{id}/cancel (the citizen, with the token): cancels until the slot begins. */
export const cancelAppointment = http({ audience: 'citizen', params: appointmentParams }, async ({ params, headers, requestId }) => {
  const token = validate(appointmentTokenHeaders, headers, 'headers', 'citizen')['x-appointment-token'];
  await cancelOwn(ports, params.id, token, deps.now(), causeOf(requestId));
  return { status: 204 };
});

/** GET /v1/appointments?month= (a deputy: their group's; reviewers: in scope): who comes, when and why, phone masked. */
export const appointments = http({ roles: STAFF, query: appointmentsQuery }, async ({ caller, query }) => ({
  status: 200,
  body: await staffList(ports, staffOf(caller), query.month ?? cityDate(deps.now(), city.timeZone).slice(0, 7)),
  headers: NO_STORE,
}));

/** POST /v1/appointments/{id}/outcome (the group's deputies, reviewers in scope): held with the deputies present, or not attended. */
export const recordAppointment = http({ roles: STAFF, params: appointmentParams, body: outcomeBody }, async ({ caller, params, body, requestId }) => {
  await record(ports, params.id, { held: body.outcome === 'held', deputiesPresent: body.deputiesPresent }, staffOf(caller), deps.now(), causeOf(requestId));
  return { status: 204 };
});
