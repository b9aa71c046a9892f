import { erasureId } from '../adapters/random-ids.ts';
import { eraseOnRequest } from '../use-cases/erase-contacts.ts';
import { deps, erasures, http, messages } from './deps.ts';
import { erasureBody } from './schemas.ts';

const ports = { messages, erasures, newId: erasureId };

/** POST /v1/privacy/erasure (admin): erases the personal data a citizen left with one message, with an audit entry. */
export const eraseContact = http({ roles: ['admin'], body: erasureBody }, async ({ caller, body }) => ({
  status: 200,
  body: await eraseOnRequest(ports, body, caller.username, deps.now()),
}));

/** GET /v1/privacy/erasures (admin): the latest 100 erasures, on request or by retention, newest first. */
export const erasureLog = http({ roles: ['admin'] }, async () => ({ status: 200, body: { items: await erasures.latest(100) } }));
