/**
 * EventBridge event-pattern matching, used by the local bus and by the parity test that holds the
 * synthesized rules to the same routing. Supports the operators Minqing's manifests use
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html):
 * exact values, `prefix`, `suffix`, `anything-but`, `exists`, `numeric` and `equals-ignore-case`.
 */
export type PatternLeaf = string | number | boolean | null | Record<string, unknown>;
export interface EventPattern {
  [field: string]: PatternLeaf[] | EventPattern;
}

/** The event as EventBridge hands it to rules: `source`, `detail-type`, `detail`, … */
export type BusEvent = Record<string, unknown>;

/** True when the event matches the pattern (every field in the pattern must match). */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const record = event as Record<string, unknown>;
  return Object.entries(pattern).every(([field, rule]) => {
    const value = record[field];
    if (Array.isArray(rule)) return matchesField(rule, value, field in record);
    return matchesPattern(rule, value);
  });
}

function matchesField(rules: PatternLeaf[], value: unknown, present: boolean): boolean {
  // An array in the event matches when any of its elements matches.
  const values = Array.isArray(value) ? value : [value];
  return rules.some((rule) => {
    if (rule !== null && typeof rule === 'object') {
      if ('exists' in rule) return rule.exists === (present && value !== undefined);
      if (!present) return false;
      return values.some((v) => matchesOperator(rule, v));
    }
    return present && values.some((v) => v === rule);
  });
}

function matchesOperator(rule: Record<string, unknown>, value: unknown): boolean {
  const [operator, operand] = Object.entries(rule)[0] ?? [];
  switch (operator) {
    case 'prefix':
      return typeof value === 'string' && typeof operand === 'string' && value.startsWith(operand);
    case 'suffix':
      return typeof value === 'string' && typeof operand === 'string' && value.endsWith(operand);
    case 'equals-ignore-case':
      return typeof value === 'string' && typeof operand === 'string' && value.toLowerCase() === operand.toLowerCase();
    case 'anything-but': {
      if (operand !== null && typeof operand === 'object' && !Array.isArray(operand)) {
        return !matchesOperator(operand as Record<string, unknown>, value);
      }
      const excluded = Array.isArray(operand) ? operand : [operand];
      return !excluded.includes(value);
    }
    case 'numeric':
      return typeof value === 'number' && Array.isArray(operand) && matchesNumeric(operand, value);
    default:
      throw new Error(`unsupported event pattern operator: ${operator}`);
  }
}

function matchesNumeric(conditions: unknown[], value: number): boolean {
  for (let i = 0; i + 1 < conditions.length; i += 2) {
    const op = conditions[i];
    const bound = Number(conditions[i + 1]);
    const ok =
      op === '='
        ? value === bound
        : op === '<'
          ? value < bound
          : op === '<='
            ? value <= bound
            : op === '>'
              ? value > bound
              : op === '>='
                ? value >= bound
                : false;
    if (!ok) return false;
  }
  return true;
}

/** The event as a rule sees it, built from a published entry. */
export function toBusEvent(entry: {
  id: string;
  source: string;
  detailType: string;
  detail: unknown;
  time: string;
  account: string;
  region: string;
  resources?: string[];
}): BusEvent {
  return {
    version: '0',
    id: entry.id,
    'detail-type': entry.detailType,
    source: entry.source,
    account: entry.account,
    time: entry.time,
    region: entry.region,
    resources: entry.resources ?? [],
    detail: entry.detail,
  };
}
