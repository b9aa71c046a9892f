import { BUSINESS_METRICS } from '../../../../shared/runtime/business-metrics.ts';
import { CITIZEN_INVALID_INPUT } from '../../../../shared/runtime/citizen-errors.ts';
import { InvalidInputError } from '../../../../shared/runtime/errors.ts';
import { submitMessage } from '../use-cases/submit-message.ts';
import { cipher, city, counters, deps, directory, http, ids, matching, messages, registry, sources } from './deps.ts';
import { idempotencyKey, submission } from './schemas.ts';

/** POST /v1/messages (public): a citizen leaves a message → 202 with the tracking code and token. */
export const submit = http(
  { audience: 'citizen', body: submission, maxBodyBytes: 16 * 1024, refusedAs: BUSINESS_METRICS.messagesRefused },
  async ({ body, headers, sourceIp, requestId }) => {
    const key = headers['idempotency-key'];
    if (key !== undefined && !idempotencyKey.safeParse(key).success) {
      // A citizen's page sends the key, so what it may show is Chinese, as for the body's fields.
      throw new InvalidInputError(CITIZEN_INVALID_INPUT, [{ path: 'Idempotency-Key', message: '请求标识格式不正确，请刷新页面后重新提交' }]);
    }
    const result = await submitMessage(
      { messages, directory, registry, counters, sources, cipher, city, ids, matching },
      body,
      { clientIp: sourceIp, idempotencyKey: key, cause: { correlationId: requestId, causationId: requestId } },
      deps.now(),
    );
    return { status: 202, body: result, headers: { 'cache-control': 'no-store' } };
  },
);

/** GET /v1/categories (public): the city's message categories. */
export const categories = http({}, async () => ({
  status: 200,
  body: { items: city.categories.map((c) => ({ code: c.code, name: c.name, resolutionDays: c.resolutionDays })), nextCursor: null },
  headers: { 'cache-control': 'public, max-age=300' },
}));
