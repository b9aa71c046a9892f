import { z } from 'zod';
import { InvalidInputError } from '../../../../shared/runtime/errors.ts';
import { httpHandler } from '../../../../shared/runtime/http.ts';
import { publishBulletin } from '../use-cases/publish-bulletin.ts';
import { deps, ports } from './deps.ts';

const idempotencyKey = z.string().min(8).max(128).regex(/^[A-Za-z0-9_\-:.]+$/);

/** POST /v1/bulletins (city reviewer, admin): `{title, body, groupCode?}` → 201, to every deputy in office or one group. */
export const publish = httpHandler(
  {
    logger: deps.logger,
    roles: ['city_reviewer', 'admin'],
    body: z
      .object({
        title: z.string().trim().min(1).max(100),
        body: z.string().trim().min(1).max(2000),
        groupCode: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).optional(),
      })
      .strict(),
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
