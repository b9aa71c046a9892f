import { z } from 'zod';
import { InvalidInputError } from '../../../../shared/runtime/errors.ts';
import { httpHandler } from '../../../../shared/runtime/http.ts';
import { characterCount } from '../domain/intake.ts';
import { submitMessage } from '../use-cases/submit-message.ts';
import { cipher, city, counters, deps, directory, ids, messages } from './deps.ts';

const code = z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/, 'letters, digits and hyphens');
const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .refine((s) => characterCount(s) >= min, `at least ${min} characters`)
    .refine((s) => characterCount(s) <= max, `at most ${max} characters`);

/** The body of `POST /v1/messages` (API.md). */
export const submission = z
  .object({
    stationCode: code.optional(),
    deputyCode: code.optional(),
    category: z.string().min(1).max(64),
    content: text(5, 2000),
    townshipCode: code.optional(),
    location: text(1, 200).optional(),
    name: text(1, 40).optional(),
    phone: z.string().regex(/^1\d{10}$/, 'a mainland mobile number: 11 digits starting with 1').optional(),
  })
  .strict()
  .refine((b) => b.stationCode !== undefined || b.deputyCode !== undefined, {
    message: 'give stationCode or deputyCode',
    path: ['stationCode'],
  });

const idempotencyKey = z.string().min(8).max(128).regex(/^[A-Za-z0-9_\-:.]+$/);

/** POST /v1/messages (public): a citizen leaves a message → 202 with the tracking code and token. */
export const submit = httpHandler({ logger: deps.logger, body: submission, maxBodyBytes: 16 * 1024 }, async ({ body, headers, sourceIp, requestId }) => {
  const key = headers['idempotency-key'];
  if (key !== undefined && !idempotencyKey.safeParse(key).success) {
    throw new InvalidInputError('The Idempotency-Key header is not valid.', [{ path: 'Idempotency-Key', message: '8–128 letters, digits or _-:.' }]);
  }
  const result = await submitMessage(
    { messages, directory, counters, cipher, city, ids },
    body,
    { clientIp: sourceIp, idempotencyKey: key, cause: { correlationId: requestId, causationId: requestId } },
    deps.now(),
  );
  return { status: 202, body: result, headers: { 'cache-control': 'no-store' } };
});

/** GET /v1/categories (public): the city's message categories. */
export const categories = httpHandler({ logger: deps.logger }, async () => ({
  status: 200,
  body: { items: city.categories.map((c) => ({ code: c.code, name: c.name })) },
  headers: { 'cache-control': 'public, max-age=300' },
}));
