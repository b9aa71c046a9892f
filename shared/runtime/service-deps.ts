import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { revocationView, type RevocationView } from '../auth/revocations.ts';
import { EventBridgePublisher } from '../events/eventbridge-publisher.ts';
import type { EventPublisher } from '../events/publisher.ts';
import { dynamoClients, serviceTableName } from '../store/client.ts';
import { ItemStore } from '../store/item-store.ts';
import { localEndpointConfig } from './local-endpoint.ts';
import { countEventFigures } from './event-figures.ts';
import { createLogger } from './logger.ts';
import { ENV } from './manifest.ts';
import { BusinessFigures, type FigureRecorder } from './metrics.ts';
import { tracedClient } from './tracing.ts';

/** What a service's handlers are built from: its table, its store, the bus, the city, a logger. */
export interface ServiceDeps {
  city: string;
  tableName: string;
  client: DynamoDBDocumentClient;
  rawClient: DynamoDBClient;
  publisher: EventPublisher;
  store: ItemStore;
  logger: Logger;
  now: () => Date;
  /** The service's business figures (CloudWatch EMF), counted by the kernel and the adapters. */
  figures: FigureRecorder;
  /** What the http stack of each route takes from the service: its logger and revocation view (bound by `serviceHandlers`). */
  http: { logger: Logger; revocations: RevocationView; figures: FigureRecorder };
}

let eventBridge: EventBridgeClient | undefined;

function eventBridgeClient(): EventBridgeClient {
  const endpoint = process.env[ENV.eventsEndpoint];
  eventBridge ??= tracedClient(new EventBridgeClient(endpoint ? localEndpointConfig(endpoint) : {}));
  return eventBridge;
}

/**
 * Wires a service's adapters from the environment the CDK stack (or the local platform) sets.
 * Called once per handler module, at cold start.
 */
export function serviceDeps(serviceName: string, overrides: Partial<ServiceDeps> = {}): ServiceDeps {
  const { doc, raw } = dynamoClients();
  const logger = overrides.logger ?? createLogger(serviceName);
  const now = overrides.now ?? (() => new Date());
  const tableName = overrides.tableName ?? serviceTableName(serviceName);
  const city = overrides.city ?? requireEnv(ENV.city);
  const figures = overrides.figures ?? new BusinessFigures({ city, service: serviceName });
  const publisher = overrides.publisher ?? new EventBridgePublisher({ client: eventBridgeClient(), eventBusName: requireEnv(ENV.eventBus) });
  const store =
    overrides.store ??
    new ItemStore({
      client: doc,
      tableName,
      publisher,
      now,
      // `deadLettered` is what an alarm watches: those events need an operator (see outbox-dead# items).
      onPublishFailure: (info) =>
        info.deadLettered > 0
          ? logger.error('events dead-lettered: they can never be published', info)
          : logger.warn('publish failed; the outbox relay will retry', info),
      onCommitted: (events) => countEventFigures(figures, events),
    });
  const client = doc;
  return {
    http: { logger, revocations: revocationView({ client, tableName }), figures },
    city,
    tableName,
    client: doc,
    rawClient: raw,
    publisher,
    store,
    logger,
    now,
    figures,
  };
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
