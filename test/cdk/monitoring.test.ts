import { describe, expect, it } from 'vitest';
import { synthCityTemplate } from '../../infra/cdk/synth.ts';
import { services } from '../../services/manifests.ts';
import { BUSINESS_METRICS, CASE_METRICS, METRICS_NAMESPACE, OUTBOX_AGE_METRIC } from '../../shared/runtime/business-metrics.ts';
import { asArray, demo, otherCity, props, referencedId, resourcesOf, type Resource } from './template.ts';

/** The single-metric dimension of an alarm, by name (`QueueName`, `FunctionName`). */
function dimension(alarm: Resource, name: string): string | undefined {
  return (props(alarm).Dimensions as { Name: string; Value: string }[] | undefined)?.find((d) => d.Name === name)?.Value;
}

/** Every metric an alarm reads, whether it watches one metric or a math expression over several. */
function metricsOf(alarm: Resource): { namespace: string; name: string; dimensions: Record<string, string> }[] {
  const p = props(alarm);
  const toMap = (dims: { Name: string; Value: string }[] = []) => Object.fromEntries(dims.map((d) => [d.Name, d.Value]));
  if (p.MetricName) return [{ namespace: p.Namespace, name: p.MetricName, dimensions: toMap(p.Dimensions) }];
  return (p.Metrics as { MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions?: { Name: string; Value: string }[] } } }[])
    .filter((m) => m.MetricStat)
    .map((m) => ({ namespace: m.MetricStat!.Metric.Namespace, name: m.MetricStat!.Metric.MetricName, dimensions: toMap(m.MetricStat!.Metric.Dimensions) }));
}

describe("the city's monitoring", () => {
  // Prepare: the demo city as one template, and a city with alarm subscribers
  const template = synthCityTemplate(demo, services, { nag: false });
  const alarms = resourcesOf(template, 'AWS::CloudWatch::Alarm').map(([, alarm]) => alarm);
  const queues = new Map(resourcesOf(template, 'AWS::SQS::Queue').map(([id, q]) => [id, props(q).QueueName as string]));
  // The services' functions, all named for their city and service. The one other function is CDK's
  // upload of the static pages (the edge's BucketDeployment), which runs only while a deploy does.
  const isServiceFunction = (fn: Resource) => String(props(fn).FunctionName).startsWith(`minqing-${demo.name}-`);
  const serviceFunctions = resourcesOf(template, 'AWS::Lambda::Function').filter(([, fn]) => isServiceFunction(fn));
  const deployOnlyFunctions = resourcesOf(template, 'AWS::Lambda::Function').filter(([, fn]) => !isServiceFunction(fn));

  it('knows every function: a service function, or the upload of the static pages during a deploy', () => {
    // Assess
    expect(deployOnlyFunctions.map(([id]) => id)).toEqual([expect.stringMatching(/^EdgeCustomCDKBucketDeployment/)]);
    expect(props(deployOnlyFunctions[0]![1]).FunctionName).toBeUndefined();
  });

  it('raises an alarm on the first message in every dead-letter queue', () => {
    // Act: dead-letter queues are those a queue's redrive policy or a rule target's DeadLetterConfig names
    const deadLetterIds = new Set<string>();
    for (const [, queue] of resourcesOf(template, 'AWS::SQS::Queue')) {
      const target = referencedId(props(queue).RedrivePolicy?.deadLetterTargetArn);
      if (target) deadLetterIds.add(target);
    }
    for (const [, rule] of resourcesOf(template, 'AWS::Events::Rule')) {
      for (const target of asArray(props(rule).Targets)) {
        const dlq = referencedId((target as Record<string, any>).DeadLetterConfig?.Arn);
        if (dlq) deadLetterIds.add(dlq);
      }
    }
    const watched = new Map(alarms.filter((a) => props(a).MetricName === 'ApproximateNumberOfMessagesVisible').map((a) => [dimension(a, 'QueueName'), a]));

    // Assess
    expect(deadLetterIds.size).toBe(services.reduce((n, s) => n + 2 * s.subscriptions.length + s.schedules.length + (s.workQueues?.length ?? 0), 0));
    for (const id of deadLetterIds) {
      const alarm = watched.get(queues.get(id));
      expect(alarm, queues.get(id)).toBeDefined();
      expect(props(alarm!)).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Namespace: 'AWS/SQS' });
    }
  });

  it("watches every service function's errors and throttles, one alarm a function", () => {
    // Act
    const functionNames = serviceFunctions.map(([, fn]) => props(fn).FunctionName as string);
    const lambdaAlarms = alarms.filter((a) => metricsOf(a).some((m) => m.namespace === 'AWS/Lambda' && m.dimensions.FunctionName));
    const watched = (metric: string) =>
      lambdaAlarms
        .flatMap((a) =>
          metricsOf(a)
            .filter((m) => m.name === metric)
            .map((m) => m.dimensions.FunctionName),
        )
        .sort();

    // Assess
    expect(functionNames.length).toBeGreaterThan(0);
    for (const metric of ['Errors', 'Throttles']) expect(watched(metric)).toEqual([...functionNames].sort());
    expect(lambdaAlarms).toHaveLength(functionNames.length);
    for (const alarm of lambdaAlarms) {
      expect(new Set(metricsOf(alarm).map((m) => m.dimensions.FunctionName)).size).toBe(1);
      expect(props(alarm)).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold' });
    }
  });

  it('traces every service function with X-Ray (active tracing), named by its service for the tracer', () => {
    // Act
    const functions = serviceFunctions.map(([, fn]) => props(fn));
    const serviceOf = (name: string) => services.map((s) => s.name).find((s) => name.startsWith(`minqing-${demo.name}-${s}-`));

    // Assess
    expect(functions.length).toBeGreaterThan(0);
    for (const fn of functions) {
      expect(fn.TracingConfig, fn.FunctionName).toEqual({ Mode: 'Active' });
      expect(fn.Environment.Variables.POWERTOOLS_SERVICE_NAME, fn.FunctionName).toBe(`minqing-${serviceOf(fn.FunctionName)}`);
    }
  });

  it("watches the API's 5xx share and p99 latency, each service's outbox, deliveries and intake's refused share", () => {
    // Act
    const watchedMetrics = alarms.flatMap(metricsOf);
    const custom = watchedMetrics.filter((m) => m.namespace === METRICS_NAMESPACE);
    const p99 = alarms.find((a) => props(a).ExtendedStatistic === 'p99');

    // Assess
    expect(watchedMetrics.filter((m) => m.namespace === 'AWS/ApiGateway').map((m) => m.name)).toEqual(expect.arrayContaining(['5xx', 'Count', 'Latency']));
    expect(props(p99!)).toMatchObject({ MetricName: 'Latency', Threshold: demo.operations.apiP99LatencyMs });
    expect(custom.filter((m) => m.name === OUTBOX_AGE_METRIC).map((m) => m.dimensions.service)).toEqual(services.map((s) => s.name));
    for (const metric of Object.values(BUSINESS_METRICS).filter((m) => m !== BUSINESS_METRICS.deliveriesSent)) {
      expect(custom, metric.name).toContainEqual({ namespace: METRICS_NAMESPACE, name: metric.name, dimensions: { city: demo.name, service: metric.service } });
    }
  });

  it("tells the city's topic when an alarm is raised and when it clears, and subscribes the config's addresses", () => {
    // Prepare
    const city = otherCity('lufeng', { operations: { alarmEmails: ['duty@lufeng.example'], alarmPhones: ['+8613800000000'] } });

    // Act
    const cityTemplate = synthCityTemplate(city, services, { nag: false });
    const topicId = resourcesOf(template, 'AWS::SNS::Topic')[0]?.[0];
    const subscriptions = resourcesOf(cityTemplate, 'AWS::SNS::Subscription').map(([, s]) => [props(s).Protocol, props(s).Endpoint]);

    // Assess
    for (const alarm of alarms) {
      expect(asArray(props(alarm).AlarmActions).map(referencedId)).toEqual([topicId]);
      expect(asArray(props(alarm).OKActions).map(referencedId)).toEqual([topicId]);
    }
    expect(resourcesOf(template, 'AWS::SNS::Subscription')).toEqual([]);
    expect(subscriptions).toEqual([
      ['email', 'duty@lufeng.example'],
      ['sms', '+8613800000000'],
    ]);
  });

  it('has one dashboard per city with the business figures and the dead-letter queue depths', () => {
    // Act
    const dashboards = resourcesOf(template, 'AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(props(dashboards[0]![1]).DashboardBody);

    // Assess
    expect(dashboards).toHaveLength(1);
    expect(props(dashboards[0]![1]).DashboardName).toBe('minqing-demo-operations');
    for (const metric of Object.values(BUSINESS_METRICS)) expect(body).toContain(metric.name);
    expect(body).toContain('ApproximateNumberOfMessagesVisible');
  });

  it('shows the flow of cases on the dashboard without raising an alarm on it', () => {
    // Act
    const body = JSON.stringify(props(resourcesOf(template, 'AWS::CloudWatch::Dashboard')[0]![1]).DashboardBody);
    const alarmed = new Set(alarms.flatMap(metricsOf).map((m) => m.name));

    // Assess
    for (const metric of Object.values(CASE_METRICS)) {
      expect(body).toContain(metric.name);
      expect(alarmed.has(metric.name), metric.name).toBe(false);
    }
  });
});
