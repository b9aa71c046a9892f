import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { WorkQueueSpec } from '../../shared/runtime/manifest.ts';
import { cityResourceName, NAME_LIMITS } from '../../shared/runtime/names.ts';
import { secureQueue } from './queues.ts';
import { VISIBILITY_TIMEOUT_FACTOR } from './subscription.ts';

/** Properties of a {@link WorkQueue}: one work queue of a manifest. */
export interface WorkQueueProps {
  readonly city: string;
  readonly service: string;
  readonly spec: WorkQueueSpec;
}

/**
 * One work queue of a service: `minqing-<city>-<service>-<name>` with its `…-dlq`. The queue exists
 * before the service's functions (they get its URL); {@link WorkQueue.consumeWith} then attaches
 * the worker, with partial batch failure reporting as for subscriptions.
 */
export class WorkQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly spec: WorkQueueSpec;

  constructor(scope: Construct, id: string, props: WorkQueueProps) {
    super(scope, id);
    const { city, service, spec } = props;
    this.spec = spec;
    if (!Number.isInteger(spec.batchSize) || spec.batchSize < 1 || spec.batchSize > 10) {
      throw new Error(`work queue ${service}/${spec.name}: batchSize must be 1–10, not ${spec.batchSize}`);
    }
    const name = (...suffix: string[]) => cityResourceName(city, [service, spec.name, ...suffix], NAME_LIMITS.queue);
    this.deadLetterQueue = secureQueue(this, 'DeadLetterQueue', { queueName: name('dlq') });
    this.queue = secureQueue(this, 'Queue', {
      queueName: name(),
      visibilityTimeout: Duration.seconds(spec.handler.timeoutSeconds * VISIBILITY_TIMEOUT_FACTOR),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
    });
  }

  /** Makes `worker` the queue's consumer. */
  consumeWith(worker: IFunction): void {
    worker.addEventSource(new SqsEventSource(this.queue, { batchSize: this.spec.batchSize, reportBatchItemFailures: true }));
  }
}
