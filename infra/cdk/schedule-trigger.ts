import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ScheduleSpec } from '../../shared/runtime/manifest.ts';
import { acknowledge, NAG_REASONS } from './nag.ts';
import { cityResourceName, NAME_LIMITS } from '../../shared/runtime/names.ts';
import { secureQueue } from './queues.ts';

/** Attempts EventBridge makes to invoke a scheduled function before dead-lettering the tick. */
export const SCHEDULE_RETRY_ATTEMPTS = 2;

/** Properties of a {@link ScheduleTrigger}: one schedule of a manifest and the function it runs. */
export interface ScheduleTriggerProps {
  readonly city: string;
  readonly service: string;
  readonly spec: ScheduleSpec;
  readonly fn: IFunction;
}

/**
 * A schedule of a service: an EventBridge scheduled rule `minqing-<city>-<service>-<schedule>` (on
 * the account's default bus, as scheduled rules are) invoking the function, with an explicit
 * retry policy and a dead-letter queue `…-schedule-dlq` for ticks it could not deliver.
 * Cron fields are UTC (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html).
 */
export class ScheduleTrigger extends Construct {
  readonly rule: Rule;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: ScheduleTriggerProps) {
    super(scope, id);
    const { city, service, spec } = props;
    this.deadLetterQueue = secureQueue(this, 'DeadLetterQueue', {
      queueName: cityResourceName(city, [service, spec.name, 'schedule-dlq'], NAME_LIMITS.queue),
    });
    acknowledge(this.deadLetterQueue, 'AwsSolutions-SQS3', NAG_REASONS.deliveryDlq);

    this.rule = new Rule(this, 'Rule', {
      ruleName: cityResourceName(city, [service, spec.name], NAME_LIMITS.rule),
      description: `${service} schedule ${spec.name}`,
      schedule: scheduleOf(spec),
    });
    this.rule.addTarget(
      new LambdaFunction(props.fn, {
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: SCHEDULE_RETRY_ATTEMPTS,
        maxEventAge: maxTickAge(spec),
      }),
    );
  }
}

function scheduleOf(spec: ScheduleSpec): Schedule {
  if ('minutes' in spec.every) {
    const { minutes } = spec.every;
    if (!Number.isInteger(minutes) || minutes < 1) throw new Error(`schedule ${spec.name}: every.minutes must be a positive integer`);
    return Schedule.rate(Duration.minutes(minutes));
  }
  const { minute, hour, day, month, weekDay } = spec.every.cron;
  return Schedule.cron({ minute, hour, ...(day ? { day } : {}), ...(month ? { month } : {}), ...(weekDay ? { weekDay } : {}) });
}

/**
 * A tick older than the schedule's period is superseded by the next one, so retries stop there
 * (EventBridge accepts 60 s to 24 h). Cron schedules get one hour.
 */
function maxTickAge(spec: ScheduleSpec): Duration {
  if (!('minutes' in spec.every)) return Duration.hours(1);
  return Duration.minutes(Math.min(Math.max(spec.every.minutes, 1), 24 * 60));
}
