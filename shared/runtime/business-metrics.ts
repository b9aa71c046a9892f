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
  /** A citizen's message reached a deputy (留言受理). */
  messagesAccepted: { name: 'MessagesAccepted', service: 'messaging' },
  /** A message held for review (no deputy, or the same text too often). */
  messagesHeld: { name: 'MessagesHeld', service: 'messaging' },
  /** Intake refused a message (rate limits, bad input). */
  messagesRefused: { name: 'MessagesRefused', service: 'messaging' },
  /** A notification delivered, by channel (`channel` dimension on the per-channel figure). */
  deliveriesSent: { name: 'DeliveriesSent', service: 'notifications' },
  /** A notification the provider refused or could not take. */
  deliveriesFailed: { name: 'DeliveriesFailed', service: 'notifications' },
  /** A notification not sent because its channel has no provider configured. */
  deliveriesNotConfigured: { name: 'DeliveriesNotConfigured', service: 'notifications' },
} as const satisfies Record<string, BusinessMetric>;

/** Age in seconds of the oldest unpublished outbox item, emitted by each service's outbox relay. */
export const OUTBOX_AGE_METRIC = 'OutboxOldestUnpublishedSeconds';

/** Environment variables Powertools Metrics reads: the namespace and the `service` dimension. */
export const METRICS_ENV = {
  namespace: 'POWERTOOLS_METRICS_NAMESPACE',
  service: 'POWERTOOLS_SERVICE_NAME',
} as const;
