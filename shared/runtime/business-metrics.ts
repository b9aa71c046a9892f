/**
 * The business figures every city publishes to CloudWatch (Powertools Metrics, embedded metric
 * format), and the one place the alarms and the dashboard read their names from. Each figure is
 * emitted by one service, with the dimensions `city` and `service`.
 */
export const METRICS_NAMESPACE = 'Minqing';

/** A business metric: its CloudWatch name and the service that emits it. */
export interface BusinessMetric {
  readonly name: string;
  readonly service: string;
}

export const BUSINESS_METRICS = {
  /** A citizen's message reached a deputy (留言受理), by `via` (station or deputy code) on the broken-down figure. */
  messagesAccepted: { name: 'MessagesAccepted', service: 'messaging' },
  /** A message held for review (no deputy, or the same text too often), by `reason`. */
  messagesHeld: { name: 'MessagesHeld', service: 'messaging' },
  /** Intake refused a message (rate limits, bad input), by error `code`. */
  messagesRefused: { name: 'MessagesRefused', service: 'messaging' },
  /** A notification delivered, by channel (`channel` dimension on the per-channel figure). */
  deliveriesSent: { name: 'DeliveriesSent', service: 'notifications' },
  /** A notification that could not be delivered after its attempts (refused, exhausted, no address), by channel. */
  deliveriesFailed: { name: 'DeliveriesFailed', service: 'notifications' },
  /** A notification not sent because its channel has no provider configured, by channel. */
  deliveriesNotConfigured: { name: 'DeliveriesNotConfigured', service: 'notifications' },
} as const satisfies Record<string, BusinessMetric>;

/**
 * The flow of cases, on the dashboard but watched by no alarm: an overdue case is the committee's
 * matter (督办, the supervision lists), not the operator's.
 */
export const CASE_METRICS = {
  /** A reviewer forwarded a case to a handling unit (转办). */
  casesForwarded: { name: 'CasesForwarded', service: 'case-routing' },
  /** A step of a case passed its deadline, by `stage` on the per-stage figure. */
  casesOverdue: { name: 'CasesOverdue', service: 'case-routing' },
} as const satisfies Record<string, BusinessMetric>;

/** Age in seconds of the oldest unpublished outbox item, emitted by each service's outbox relay. */
export const OUTBOX_AGE_METRIC = 'OutboxOldestUnpublishedSeconds';

/** Environment variables Powertools Metrics reads: the namespace, the `service` dimension, and the switch that silences it. */
export const METRICS_ENV = {
  namespace: 'POWERTOOLS_METRICS_NAMESPACE',
  service: 'POWERTOOLS_SERVICE_NAME',
  disabled: 'POWERTOOLS_METRICS_DISABLED',
} as const;
