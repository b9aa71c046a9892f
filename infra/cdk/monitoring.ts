import { Duration, NestedStack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TextWidget,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, SmsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { CfnQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { CityConfig } from '../../shared/city/config.ts';
import { BUSINESS_METRICS, type BusinessMetric, CASE_METRICS, METRICS_NAMESPACE, OUTBOX_AGE_METRIC } from '../../shared/runtime/business-metrics.ts';
import { cityResourceName, NAME_LIMITS } from '../../shared/runtime/names.ts';
import type { CityApi } from './city-api.ts';
import type { ServiceStack } from './service-stack.ts';

/** The period every alarm evaluates. */
const PERIOD = Duration.minutes(5);

/** Properties of {@link CityMonitoring}: the city and what it watches. */
export interface CityMonitoringProps {
  readonly config: CityConfig;
  readonly services: ReadonlyMap<string, ServiceStack>;
  readonly api: CityApi;
}

/**
 * The city's monitoring, as its own nested stack so that alarms never crowd a service's template:
 * one SNS topic `minqing-<city>-alarms` (subscribers from the config's `operations`), an alarm on
 * every dead-letter queue (any message), on each function's errors and throttles, on the API's
 * 5xx share and p99 latency, on each service's oldest unpublished outbox item, on failed and
 * unconfigured notification deliveries and on intake's refused share, and one dashboard.
 *
 * Alarms name the functions and queues by their physical names (fixed by the city and the
 * manifest), so the service stacks export nothing to this one.
 */
export class CityMonitoring extends NestedStack {
  readonly topic: Topic;
  readonly dashboard: Dashboard;
  readonly alarms: Alarm[] = [];
  /** Physical names of the dead-letter queues watched, for tests and the runbook. */
  readonly deadLetterQueueNames: string[] = [];

  private readonly city: string;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: CityMonitoringProps) {
    const { config, services, api } = props;
    super(scope, id, { description: `Minqing monitoring of ${config.name}` });
    this.city = config.name;
    const ops = config.operations;

    // CloudWatch can publish to an encrypted topic only with a customer managed key it may use.
    const key = new Key(this, 'AlarmTopicKey', { enableKeyRotation: true, description: `Encrypts the alarm topic of ${config.name}` });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'AlarmTopic', {
      topicName: cityResourceName(config.name, ['alarms'], NAME_LIMITS.rule),
      displayName: `Minqing ${config.name} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    for (const email of ops.alarmEmails) this.topic.addSubscription(new EmailSubscription(email));
    for (const phone of ops.alarmPhones) this.topic.addSubscription(new SmsSubscription(phone));
    this.action = new SnsAction(this.topic);

    const dlqWidgets: IMetric[] = [];
    for (const [service, stack] of services) {
      for (const queue of deadLetterQueuesOf(stack)) {
        const queueName = physicalName(queue);
        this.deadLetterQueueNames.push(queueName);
        const depth = new Metric({
          namespace: 'AWS/SQS',
          metricName: 'ApproximateNumberOfMessagesVisible',
          dimensionsMap: { QueueName: queueName },
          statistic: 'Maximum',
          period: PERIOD,
        });
        // A label would make the alarm a metric-math alarm; only the dashboard's line carries one.
        dlqWidgets.push(depth.with({ label: queueName }));
        this.alarm(
          `Dlq-${queue.node.scope!.node.id}-${queue.node.id}-${service}`,
          depth,
          1,
          `${queueName} holds messages that failed: inspect and redrive (docs/operations.md).`,
        );
      }
      for (const { fn } of stack.functions.values()) {
        const functionName = (fn.node.defaultChild as CfnFunction).functionName!;
        const lambda = (metricName: 'Errors' | 'Throttles') =>
          new Metric({ namespace: 'AWS/Lambda', metricName, dimensionsMap: { FunctionName: functionName }, statistic: 'Sum', period: PERIOD });
        // One alarm a function for both (a throw and a refused invocation alike need a look): a city
        // has some 150 functions, and two alarms each would crowd the stack's resource limit.
        const failures = new MathExpression({
          expression: 'errors + throttles',
          usingMetrics: { errors: lambda('Errors'), throttles: lambda('Throttles') },
          period: PERIOD,
        });
        this.alarm(
          `Function-${fn.node.scope!.node.id}-${service}`,
          failures,
          1,
          `${functionName}: errors or throttles in the last five minutes (the function's Errors and Throttles metrics say which).`,
        );
      }
      this.alarm(
        `OutboxAge-${service}`,
        this.custom({ name: OUTBOX_AGE_METRIC, service }, 'Maximum'),
        ops.outboxAgeSeconds,
        `${service}: an event has stayed unpublished in the outbox longer than ${ops.outboxAgeSeconds} s; check the bus and the relay's logs.`,
      );
    }

    const requests = api.api.metricCount({ period: PERIOD, statistic: 'Sum' });
    const serverErrors = api.api.metricServerError({ period: PERIOD, statistic: 'Sum' });
    const serverErrorShare = new MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { requests, errors: serverErrors },
      period: PERIOD,
      label: 'API 5xx %',
    });
    this.alarm('Api5xx', serverErrorShare, ops.apiServerErrorPercent, `More than ${ops.apiServerErrorPercent} % of API requests answered 5xx.`);
    const p99 = api.api.metricLatency({ period: PERIOD, statistic: 'p99' });
    this.alarm('ApiP99', p99, ops.apiP99LatencyMs, `The API's p99 latency is above ${ops.apiP99LatencyMs} ms.`);

    const { messagesAccepted, messagesHeld, messagesRefused, deliveriesSent, deliveriesFailed, deliveriesNotConfigured } = BUSINESS_METRICS;
    const { casesForwarded, casesOverdue } = CASE_METRICS;
    this.alarm('DeliveriesFailed', this.custom(deliveriesFailed), 1, 'Notification deliveries failed: check the provider (GET /v1/deliveries).');
    this.alarm(
      'DeliveriesNotConfigured',
      this.custom(deliveriesNotConfigured),
      1,
      'Notifications were not sent because a channel has no provider configured: configure it (docs/operations.md).',
    );
    const refusedShare = new MathExpression({
      expression: 'IF(accepted + held + refused > 0, 100 * refused / (accepted + held + refused), 0)',
      usingMetrics: { accepted: this.custom(messagesAccepted), held: this.custom(messagesHeld), refused: this.custom(messagesRefused) },
      period: PERIOD,
      label: 'intake refused %',
    });
    this.alarm('IntakeRefused', refusedShare, ops.intakeRefusedPercent, `Intake refused more than ${ops.intakeRefusedPercent} % of messages.`);

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: cityResourceName(config.name, ['operations'], NAME_LIMITS.rule),
      widgets: [
        [new TextWidget({ markdown: `# Minqing ${config.displayName}\nRunbook: docs/operations.md`, width: 24, height: 2 })],
        [
          graph('Messages in', [this.custom(messagesAccepted), this.custom(messagesHeld), this.custom(messagesRefused)]),
          graph('Deliveries', [this.custom(deliveriesSent), this.custom(deliveriesFailed), this.custom(deliveriesNotConfigured)]),
        ],
        [
          graph('Cases forwarded and overdue', [this.custom(casesForwarded), this.custom(casesOverdue)]),
          graph('API requests and 5xx %', [requests], [serverErrorShare]),
        ],
        [graph('API p99 latency (ms)', [p99])],
        [graph('Dead-letter queue depths', dlqWidgets, [], 24)],
        [
          graph(
            'Outbox: oldest unpublished (s)',
            [...services.keys()].map((service) => this.custom({ name: OUTBOX_AGE_METRIC, service }, 'Maximum')),
          ),
          graph('Cost drivers: Lambda invocations, API requests', [
            new Metric({ namespace: 'AWS/Lambda', metricName: 'Invocations', statistic: 'Sum', period: PERIOD, label: 'Lambda invocations (account)' }),
            requests,
          ]),
        ],
      ],
    });
  }

  /** A business metric of this city. */
  private custom(metric: BusinessMetric, statistic = 'Sum'): Metric {
    return new Metric({
      namespace: METRICS_NAMESPACE,
      metricName: metric.name,
      dimensionsMap: { city: this.city, service: metric.service },
      statistic,
      period: PERIOD,
      label: metric.name,
    });
  }

  /** An alarm at or above `threshold` for one period, told to the topic when raised and when cleared. */
  private alarm(id: string, metric: IMetric, threshold: number, description: string): Alarm {
    const alarm = new Alarm(this, `Alarm-${id}`, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }
}

/** Every dead-letter queue of a service: its subscriptions' (processing and delivery), its schedules' and its work queues'. */
function deadLetterQueuesOf(stack: ServiceStack): Queue[] {
  return [
    ...stack.subscriptions.flatMap((s) => [s.deadLetterQueue, s.deliveryDeadLetterQueue]),
    ...stack.schedules.map((s) => s.deadLetterQueue),
    ...stack.workQueues.map((q) => q.deadLetterQueue),
  ];
}

function physicalName(queue: Queue): string {
  const name = (queue.node.defaultChild as CfnQueue).queueName;
  if (!name) throw new Error(`${queue.node.path} has no physical name to watch`);
  return name;
}

function graph(title: string, left: IMetric[], right: IMetric[] = [], width = 12): GraphWidget {
  return new GraphWidget({ title, left, right, width, height: 6 });
}
