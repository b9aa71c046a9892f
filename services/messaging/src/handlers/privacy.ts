import { erasureId } from '../adapters/random-ids.ts';
import { eraseOnRequest, latestErasures } from '../use-cases/erase-contacts.ts';
import { appointmentErasures, city, deps, erasures, http, messages } from './deps.ts';
import { erasureBody } from './schemas.ts';

const ports = { messages, erasures, newId: erasureId, appointments: appointmentErasures, city: city.name };

/** POST /v1/privacy/erasure (admin): erases the personal data a citizen left with one message or appointment, with an audit entry. */
export const eraseContact = http({ roles: ['admin'], body: erasureBody }, async ({ caller, body }) => ({
  status: 200,
  body: await eraseOnRequest(ports, body, caller.username, deps.now()),
}));

/** GET /v1/privacy/erasures (admin): the latest 100 erasures of messages and appointments, on request or by retention, newest first. */
export const erasureLog = http({ roles: ['admin'] }, async () => ({ status: 200, body: { items: await latestErasures(ports, 100) } }));
