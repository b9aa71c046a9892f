import { InvalidInputError } from '../../../../shared/runtime/errors.ts';
import { publishBulletin } from '../use-cases/publish-bulletin.ts';
import { deps, http, ports } from './deps.ts';
import { bulletinBody, idempotencyKey } from './schemas.ts';

/** POST /v1/bulletins (city reviewer, admin): `{title, body, groupCode?}` → 201, to every deputy in office or one group. */
export const publish = http(
  {
    roles: ['city_reviewer', 'admin'],
    body: bulletinBody,
  },
  async ({ caller, body, headers, requestId }) => {
    const key = headers['idempotency-key'];
    if (key !== undefined && !idempotencyKey.safeParse(key).success) {
      throw new InvalidInputError('The Idempotency-Key header is not valid.', [{ path: 'Idempotency-Key', message: '8–128 letters, digits or _-:.' }]);
    }
    const result = await publishBulletin(
      ports,
      body,
      { publishedBy: caller.username, idempotencyKey: key, cause: { correlationId: requestId, causationId: requestId } },
      deps.now(),
    );
    return { status: 201, body: result };
  },
);
