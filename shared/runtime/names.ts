import { createHash } from 'node:crypto';

/**
 * Longest physical name AWS accepts per resource type (SQS queue 80, Lambda function 64,
 * EventBridge rule 64, DynamoDB table 255, event bus 256, log group 512, HTTP API 128).
 */
export const NAME_LIMITS = {
  queue: 80,
  function: 64,
  rule: 64,
  table: 255,
  eventBus: 256,
  logGroup: 512,
  api: 128,
} as const;

const PART = /^[a-z0-9][a-z0-9-]*$/;

/**
 * The physical name of a city's resource: `minqing-<city>-<parts…>`. Every name carries the city,
 * so several cities deploy side by side in one account and region.
 *
 * A name longer than `maxLength` keeps its `minqing-<city>-` prefix and ends in eight hex digits of
 * a hash of the full name, so it stays unique and still says which city it belongs to.
 */
export function cityResourceName(city: string, parts: readonly string[], maxLength: number): string {
  for (const part of [city, ...parts]) {
    if (!PART.test(part)) throw new Error(`resource name part "${part}" must be lower-case kebab-case`);
  }
  const full = ['minqing', city, ...parts].join('-');
  if (full.length <= maxLength) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  const prefix = `minqing-${city}-`;
  const keep = maxLength - hash.length - 1;
  if (keep <= prefix.length) throw new Error(`cannot fit "${full}" into ${maxLength} characters`);
  return `${full.slice(0, keep).replace(/-+$/, '')}-${hash}`;
}

/** `createNote` → `create-note`, `create_note` → `create-note`. */
export function kebabCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[_\s.]+/g, '-')
    .toLowerCase();
}
