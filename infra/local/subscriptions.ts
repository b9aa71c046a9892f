import { resourceNames, type ServiceManifest, type SubscriptionSpec } from '../../shared/runtime/manifest.ts';
import type { LocalRule } from './local-bus.ts';
import { LocalQueue } from './local-queue.ts';

/** A subscription's queue together with the function that consumes it. */
export interface LocalConsumer {
  functionName: string;
  queue: LocalQueue;
  subscription: SubscriptionSpec;
}

/**
 * Builds, from the manifests, what the CDK stack builds in AWS: per subscription a queue with its
 * DLQ and a bus rule feeding it. Names come from `resourceNames`, as in the stack.
 */
export function createSubscriptions(
  city: string,
  services: readonly ServiceManifest[],
  options: { queueDir: string | undefined; visibilityTimeoutMs?: number },
): { queues: Map<string, LocalQueue>; rules: LocalRule[]; consumers: LocalConsumer[] } {
  const queues = new Map<string, LocalQueue>();
  const rules: LocalRule[] = [];
  const consumers: LocalConsumer[] = [];
  for (const service of services) {
    for (const subscription of service.subscriptions) {
      // As in the stack: six times the function timeout, unless a test asks for less.
      const visibilityTimeoutMs = options.visibilityTimeoutMs ?? subscription.handler.timeoutSeconds * 6 * 1000;
      const dlqName = resourceNames.deadLetterQueue(city, service.name, subscription.name);
      const dlq = new LocalQueue({ name: dlqName, dataDir: options.queueDir, visibilityTimeoutMs });
      const queueName = resourceNames.queue(city, service.name, subscription.name);
      const queue = new LocalQueue({
        name: queueName,
        dataDir: options.queueDir,
        visibilityTimeoutMs,
        deadLetter: { queue: dlq, maxReceiveCount: subscription.maxReceiveCount },
      });
      queues.set(dlqName, dlq);
      queues.set(queueName, queue);
      rules.push({ name: queueName, pattern: subscription.pattern, queue });
      consumers.push({ functionName: resourceNames.function(service.name, 'subscription', subscription.name), queue, subscription });
    }
  }
  return { queues, rules, consumers };
}
