import { Duration } from 'aws-cdk-lib';
import { type CfnRule, Rule, type EventPattern as CdkEventPattern, type IEventBus } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { EventPattern } from '../../shared/events/pattern.ts';
import type { SubscriptionSpec } from '../../shared/runtime/manifest.ts';
import { acknowledge, NAG_REASONS } from './nag.ts';
import { cityResourceName, NAME_LIMITS } from '../../shared/runtime/names.ts';
import { secureQueue } from './queues.ts';

/**
 * Lambda's guidance for SQS event sources: a visibility timeout of at least six times the
 * function timeout (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html).
 */
export const VISIBILITY_TIMEOUT_FACTOR = 6;

/**
 * EventBridge's retry policy for delivering to the queue, made explicit: its maxima, 185 attempts
 * over 24 hours (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-retry-policy.html).
 * Whatever still fails goes to the rule's own dead-letter queue.
 */
export const DELIVERY_RETRY = { retryAttempts: 185, maxEventAge: Duration.hours(24) } as const;

/** Properties of a {@link Subscription}: one subscription of a manifest and the function that consumes it. */
export interface SubscriptionProps {
  readonly city: string;
  readonly service: string;
  readonly spec: SubscriptionSpec;
  readonly bus: IEventBus;
  readonly fn: IFunction;
}

/**
 * One subscription of a service: an EventBridge rule on the city bus with the manifest's pattern,
 * delivering to the queue `minqing-<city>-<service>-<subscription>`, which the handler consumes in
 * batches with partial batch failure reporting. Processing failures move to `…-dlq` after
 * `maxReceiveCount` receives; events EventBridge cannot deliver go to `…-delivery-dlq`.
 */
export class Subscription extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deliveryDeadLetterQueue: Queue;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: SubscriptionProps) {
    super(scope, id);
    const { city, service, spec } = props;
    const name = (...suffix: string[]) => cityResourceName(city, [service, spec.name, ...suffix], NAME_LIMITS.queue);
    if (!Number.isInteger(spec.batchSize) || spec.batchSize < 1 || spec.batchSize > 10) {
      throw new Error(`subscription ${service}/${spec.name}: batchSize must be 1–10, not ${spec.batchSize}`);
    }
    if (!Number.isInteger(spec.maxReceiveCount) || spec.maxReceiveCount < 1 || spec.maxReceiveCount > 1000) {
      throw new Error(`subscription ${service}/${spec.name}: maxReceiveCount must be 1–1000, not ${spec.maxReceiveCount}`);
    }

    this.deadLetterQueue = secureQueue(this, 'DeadLetterQueue', { queueName: name('dlq') });
    this.queue = secureQueue(this, 'Queue', {
      queueName: name(),
      visibilityTimeout: Duration.seconds(spec.handler.timeoutSeconds * VISIBILITY_TIMEOUT_FACTOR),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: spec.maxReceiveCount },
    });
    this.deliveryDeadLetterQueue = secureQueue(this, 'DeliveryDeadLetterQueue', { queueName: name('delivery-dlq') });
    acknowledge(this.deliveryDeadLetterQueue, 'AwsSolutions-SQS3', NAG_REASONS.deliveryDlq);

    this.rule = new Rule(this, 'Rule', {
      eventBus: props.bus,
      ruleName: cityResourceName(city, [service, spec.name], NAME_LIMITS.rule),
      description: `${service} subscription ${spec.name}`,
      eventPattern: toCdkEventPattern(spec.pattern),
    });
    // The manifest pattern is EventBridge's own JSON (the same object the local bus matches with),
    // so the synthesized rule carries it verbatim rather than as CDK re-renders it.
    (this.rule.node.defaultChild as CfnRule).eventPattern = structuredClone(spec.pattern);
    this.rule.addTarget(new SqsQueue(this.queue, { deadLetterQueue: this.deliveryDeadLetterQueue, ...DELIVERY_RETRY }));

    // Partial batch responses: only the failed records return to the queue
    // (https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html).
    props.fn.addEventSource(new SqsEventSource(this.queue, { batchSize: spec.batchSize, reportBatchItemFailures: true }));
  }
}

/** The same pattern in CDK's field names (`detail-type` is `detailType`), so the L2 rule validates. */
function toCdkEventPattern(pattern: EventPattern): CdkEventPattern {
  const { 'detail-type': detailType, ...rest } = pattern;
  return { ...rest, ...(detailType === undefined ? {} : { detailType }) } as CdkEventPattern;
}
