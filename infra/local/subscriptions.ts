import { resourceNames, type ServiceManifest, type SubscriptionSpec, type WorkQueueSpec } from '../../shared/runtime/manifest.ts';
import type { LocalRule } from './local-bus.ts';
import { LocalQueue } from './local-queue.ts';

/** A subscription's or work queue's queue together with the function that consumes it. */
export interface LocalConsumer {
  functionName: string;
  queue: LocalQueue;
  spec: SubscriptionSpec | WorkQueueSpec;
  /** The service whose queue it is. */
  service: string;
}

/**
 * Builds, from the manifests, what the CDK stack builds in AWS: per subscription a queue with its
 * DLQ and a bus rule feeding it, per work queue a queue with its DLQ. Names come from
 * `resourceNames`, as in the stack.
 */
export function createSubscriptions(
  city: string,
  services: readonly ServiceManifest[],
  options: { queueDir: string | undefined; visibilityTimeoutMs?: number },
): { queues: Map<string, LocalQueue>; rules: LocalRule[]; consumers: LocalConsumer[] } {
  const queues = new Map<string, LocalQueue>();
  const rules: LocalRule[] = [];
  const consumers: LocalConsumer[] = [];
  const queueWithDlq = (service: string, spec: SubscriptionSpec | WorkQueueSpec) => {
    // As in the stack: six times the function timeout, unless a test asks for less.
    const visibilityTimeoutMs = options.visibilityTimeoutMs ?? spec.handler.timeoutSeconds * 6 * 1000;
    const dlqName = resourceNames.deadLetterQueue(city, service, spec.name);
    const dlq = new LocalQueue({ name: dlqName, dataDir: options.queueDir, visibilityTimeoutMs });
    const queueName = resourceNames.queue(city, service, spec.name);
    const queue = new LocalQueue({
      name: queueName,
      dataDir: options.queueDir,
      visibilityTimeoutMs,
      deadLetter: { queue: dlq, maxReceiveCount: spec.maxReceiveCount },
    });
    queues.set(dlqName, dlq);
    queues.set(queueName, queue);
    return queue;
  };
  for (const service of services) {
    for (const subscription of service.subscriptions) {
      const queue = queueWithDlq(service.name, subscription);
      rules.push({ name: queue.name, pattern: subscription.pattern, queue, service: service.name });
      const functionName = resourceNames.function(service.name, 'subscription', subscription.name);
      consumers.push({ functionName, queue, spec: subscription, service: service.name });
    }
    for (const workQueue of service.workQueues ?? []) {
      const queue = queueWithDlq(service.name, workQueue);
      consumers.push({ functionName: resourceNames.function(service.name, 'worker', workQueue.name), queue, spec: workQueue, service: service.name });
    }
  }
  return { queues, rules, consumers };
}
