import type { DomainEvent } from './envelope.ts';

/** Per-event outcome of a publish: EventBridge accepts or refuses each entry on its own. */
export interface PublishResult {
  published: string[];
  failed: { eventId: string; errorCode: string; errorMessage: string }[];
}

/** The port through which services put events on the city's bus. */
export interface EventPublisher {
  publish(events: readonly DomainEvent[]): Promise<PublishResult>;
}
