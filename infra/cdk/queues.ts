import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption, type QueueProps } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

/** How long SQS keeps a message: the maximum, 14 days. */
export const QUEUE_RETENTION = Duration.days(14);

/**
 * An SQS queue with Minqing's baseline: SQS-managed server-side encryption, TLS-only access
 * (`aws:SecureTransport` deny statement) and 14 days' retention.
 *
 * Note: a message moved to a dead-letter queue keeps its original enqueue timestamp, so it expires
 * 14 days after it first arrived, not after it was dead-lettered
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html).
 */
export function secureQueue(scope: Construct, id: string, props: QueueProps & { queueName: string }): Queue {
  return new Queue(scope, id, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: QUEUE_RETENTION,
    ...props,
  });
}
