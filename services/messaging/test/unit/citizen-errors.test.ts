import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../../../shared/runtime/errors.ts';
import { validate } from '../../../../shared/runtime/http.ts';
import { ratingBody, submission, trackingParams } from '../../src/handlers/schemas.ts';

/** Errors a citizen page shows are Chinese: no Latin letter in any field message of a public route. */

function refusal(run: () => unknown): InvalidInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
  throw new Error('expected the input to be refused');
}

describe('field errors of the public routes, for citizens', () => {
  it.each([
    ['a message with everything wrong', submission, { stationCode: 'st 1', category: 5, content: '短', phone: '12345', name: '', extra: true }],
    ['a message to nobody', submission, { category: 'other', content: '路灯坏了好几天了。' }],
    ['a bad tracking code', trackingParams, { trackingCode: 'abc' }],
    ['a rating out of the list, with a long comment', ratingBody, { rating: 'great', comment: '好'.repeat(501) }],
  ])('%s: every message Chinese', (_, schema, input) => {
    // Act
    const error = refusal(() => validate(schema, input, 'body', 'citizen'));

    // Assess
    const details = error.details as { path: string; message: string }[];
    expect(details.length).toBeGreaterThan(0);
    for (const detail of details) expect(detail.message).not.toMatch(/[A-Za-z]/);
    expect(error.message).not.toMatch(/[A-Za-z]/);
  });
});
