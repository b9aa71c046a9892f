import { describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { synthCityTemplate } from '../../infra/cdk/synth.ts';
import { tableEnvVar, type ServiceManifest } from '../../shared/runtime/manifest.ts';
import { indexProjection, OUTBOX_INDEX } from '../../shared/store/table.ts';
import { fixtureService } from '../fixture/service.ts';
import { asArray, demo, iamStatements, props, referencedId, resourcePolicyAllows, resourcesOf } from './template.ts';

/** The demo city with the fixture service: the stack most tests read (bundling off, cdk-nag off here). */
const synthFixture = (services: ServiceManifest[] = [fixtureService]) => synthCityTemplate(demo, services, { nag: false });

/** Whether a role's trust policy lets AWS Backup, and only it, assume the role. */
const assumedByBackup = (role: Record<string, any>) =>
  role.AssumeRolePolicyDocument.Statement.every((st: Record<string, any>) => st.Principal?.Service === 'backup.amazonaws.com');

/** The fixture service under another name, with routes of its own. */
const fixtureAs = (name: string, overrides: Partial<ServiceManifest> = {}): ServiceManifest => ({
  ...fixtureService,
  name,
  routes: fixtureService.routes.map((r) => ({ ...r, path: r.path.replace('/fixture/', `/${name}/`) })),
  ...overrides,
});

describe('service table', () => {
  it('is on-demand, point-in-time recoverable, encrypted, retained and named for the city', () => {
    // Prepare
    const template = Template.fromJSON(synthFixture());

    // Act
    const tables = template.findResources('AWS::DynamoDB::Table');

    // Assess
    expect(Object.keys(tables)).toHaveLength(1);
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        TableName: 'minqing-demo-fixture',
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
      }),
    });
  });

  it('has the sparse outbox index (keys and version) and every manifest index, projecting what the manifest says', () => {
    // Prepare
    const template = synthFixture();

    // Act
    const [, table] = resourcesOf(template, 'AWS::DynamoDB::Table')[0]!;
    const indexes = props(table).GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown; Projection: unknown }[];

    // Assess
    expect(indexes.map((i) => i.IndexName)).toEqual(fixtureService.table.indexes.map((i) => i.name));
    expect(indexes.find((i) => i.IndexName === OUTBOX_INDEX.name)).toEqual({
      IndexName: 'outbox',
      KeySchema: [
        { AttributeName: OUTBOX_INDEX.partitionKey, KeyType: 'HASH' },
        { AttributeName: OUTBOX_INDEX.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['version'] },
    });
    for (const index of fixtureService.table.indexes) {
      expect(indexes.find((i) => i.IndexName === index.name)?.Projection).toEqual(indexProjection(index));
    }
  });
});

describe('service functions', () => {
  it('are one Node.js 24 arm64 function per distinct handler', () => {
    // Prepare
    const distinctHandlers = new Set(
      [...fixtureService.routes, ...fixtureService.subscriptions, ...fixtureService.schedules].map((u) => `${u.handler.file}#${u.handler.exportName}`),
    );

    // Act
    const functions = resourcesOf(synthFixture(), 'AWS::Lambda::Function').map(([, r]) => props(r));

    // Assess
    expect(functions).toHaveLength(distinctHandlers.size);
    for (const fn of functions) {
      expect(fn.Runtime).toBe('nodejs24.x');
      expect(fn.Architectures).toEqual(['arm64']);
      expect(fn.Handler).toBe('index.handler');
    }
    expect(functions.map((f) => f.FunctionName).sort()).toEqual([
      'minqing-demo-fixture-create-note',
      'minqing-demo-fixture-get-note',
      'minqing-demo-fixture-outbox-relay',
      'minqing-demo-fixture-tally-note',
    ]);
  });

  it('take timeout and memory from the handler reference', () => {
    // Prepare
    const tally = fixtureService.subscriptions[0]!.handler;

    // Act
    const functions = resourcesOf(synthFixture(), 'AWS::Lambda::Function').map(([, r]) => props(r));
    const tallyFn = functions.find((f) => f.FunctionName === 'minqing-demo-fixture-tally-note')!;

    // Assess
    expect(tallyFn.Timeout).toBe(tally.timeoutSeconds);
    expect(tallyFn.MemorySize).toBe(tally.memoryMb);
  });

  it('get the city, the bus and their own table in their environment', () => {
    // Prepare
    const template = synthFixture();
    const [busId] = resourcesOf(template, 'AWS::Events::EventBus')[0]!;
    const [tableId] = resourcesOf(template, 'AWS::DynamoDB::Table')[0]!;

    // Act
    const environments = resourcesOf(template, 'AWS::Lambda::Function').map(([, r]) => props(r).Environment.Variables);

    // Assess
    for (const variables of environments) {
      expect(variables.MINQING_CITY).toBe('demo');
      expect(variables.MINQING_EVENT_BUS).toEqual({ Ref: busId });
      expect(variables[tableEnvVar('fixture')]).toEqual({ Ref: tableId });
    }
  });

  it('share one role per service, with no AWS managed policy', () => {
    // Prepare
    const template = synthFixture();

    // Act
    // AWS Backup's role is the city's, not a service's (test/cdk/backup.test.ts).
    const roles = resourcesOf(template, 'AWS::IAM::Role')
      .map(([, r]) => props(r))
      .filter((role) => !assumedByBackup(role));
    const functionRoles = new Set(resourcesOf(template, 'AWS::Lambda::Function').map(([, f]) => referencedId(props(f).Role)));

    // Assess: four functions, one service, one role
    expect(resourcesOf(template, 'AWS::Lambda::Function')).toHaveLength(4);
    expect(roles).toHaveLength(1);
    expect(functionRoles.size).toBe(1);
    for (const role of roles) expect(role.ManagedPolicyArns).toBeUndefined();
  });
});

describe('IAM', () => {
  it('has no wildcard action in any IAM policy, nor in any Allow of a resource policy', () => {
    // Prepare
    const template = synthFixture();

    // Act
    const statements = [...iamStatements(template), ...resourcePolicyAllows(template)];
    const wildcards = statements.filter(({ statement }) =>
      asArray<string>(statement.Action).some((action) => action === '*' || action.endsWith(':*') || action.includes('*')),
    );

    // Assess
    expect(statements.length).toBeGreaterThan(10);
    expect(wildcards).toEqual([]);
  });

  it("lets a service's functions reach only their own table", () => {
    // Prepare
    const other = fixtureAs('other');

    // Act
    const template = synthFixture([fixtureService, other]);
    const tableIds = Object.fromEntries(resourcesOf(template, 'AWS::DynamoDB::Table').map(([id, r]) => [props(r).TableName as string, id]));

    // Assess
    for (const { where, statement } of iamStatements(template)) {
      const dynamo = asArray<string>(statement.Action).some((a) => a.startsWith('dynamodb:'));
      if (!dynamo) continue;
      const service = where.startsWith('Serviceother') ? 'other' : 'fixture';
      const ownTable = tableIds[`minqing-demo-${service}`];
      expect(JSON.stringify(statement.Resource)).toContain(ownTable);
      const foreignTable = tableIds[`minqing-demo-${service === 'other' ? 'fixture' : 'other'}`];
      expect(JSON.stringify(statement.Resource)).not.toContain(foreignTable);
    }
  });

  it('grants events:PutEvents only to services that publish', () => {
    // Prepare
    const silent = fixtureAs('silent', { publishes: [] });

    // Act
    const template = synthFixture([fixtureService, silent]);
    const putEvents = iamStatements(template).filter(({ statement }) => asArray(statement.Action).includes('events:PutEvents'));

    // Assess
    expect(putEvents.length).toBeGreaterThan(0);
    for (const { where } of putEvents) expect(where.startsWith('Servicefixture')).toBe(true);
  });
});

describe('subscriptions', () => {
  it('give every queue that is not a dead-letter queue a redrive policy to a dead-letter queue', () => {
    // Prepare
    const template = synthFixture();
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    const deadLetterQueues = new Set<string>(
      [
        ...queues.map(([, q]) => referencedId(props(q).RedrivePolicy?.deadLetterTargetArn)),
        ...resourcesOf(template, 'AWS::Events::Rule').flatMap(([, r]) =>
          (props(r).Targets ?? []).map((t: { DeadLetterConfig?: { Arn: unknown } }) => referencedId(t.DeadLetterConfig?.Arn)),
        ),
      ].filter((id): id is string => id !== undefined),
    );

    // Act
    const workQueues = queues.filter(([id]) => !deadLetterQueues.has(id));

    // Assess
    expect(workQueues).toHaveLength(fixtureService.subscriptions.length);
    for (const [, queue] of workQueues) {
      const target = referencedId(props(queue).RedrivePolicy?.deadLetterTargetArn);
      expect(target).toBeDefined();
      expect(template.Resources[target!]?.Type).toBe('AWS::SQS::Queue');
      expect(deadLetterQueues.has(target!)).toBe(true);
    }
  });

  it('size each queue from the manifest: maxReceiveCount, 6× visibility timeout, 14 days', () => {
    // Prepare
    const subscription = fixtureService.subscriptions[0]!;

    // Act
    const template = Template.fromJSON(synthFixture());

    // Assess
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'minqing-demo-fixture-tally-notes',
      VisibilityTimeout: 6 * subscription.handler.timeoutSeconds,
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: subscription.maxReceiveCount },
    });
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'minqing-demo-fixture-tally-notes-dlq',
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    });
  });

  it('encrypt every queue and deny it any request without TLS', () => {
    // Prepare
    const template = synthFixture();
    const queues = resourcesOf(template, 'AWS::SQS::Queue');

    // Act
    const tlsOnly = new Set(
      resourcesOf(template, 'AWS::SQS::QueuePolicy')
        .filter(([, p]) =>
          props(p).PolicyDocument.Statement.some((s: Record<string, any>) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
        )
        .flatMap(([, p]) => props(p).Queues.map(referencedId)),
    );

    // Assess
    expect(queues).toHaveLength(4);
    for (const [id, queue] of queues) {
      expect(props(queue).SqsManagedSseEnabled).toBe(true);
      expect(tlsOnly.has(id)).toBe(true);
    }
  });

  it('route the manifest pattern, verbatim, from the city bus to the subscription queue', () => {
    // Prepare
    const template = synthFixture();
    const [busId] = resourcesOf(template, 'AWS::Events::EventBus')[0]!;

    // Act
    const rules = resourcesOf(template, 'AWS::Events::Rule').filter(([, r]) => props(r).EventPattern);

    // Assess
    expect(rules).toHaveLength(1);
    const rule = props(rules[0]![1]);
    expect(rule.EventPattern).toEqual(fixtureService.subscriptions[0]!.pattern);
    expect(rule.EventBusName).toEqual({ Ref: busId });
    const queue = template.Resources[referencedId(rule.Targets[0].Arn)!]!;
    expect(props(queue).QueueName).toBe('minqing-demo-fixture-tally-notes');
  });

  it('keep content filters and operators of a pattern exactly as written', () => {
    // Prepare
    const pattern = {
      source: ['minqing.fixture'],
      'detail-type': ['NoteCreated'],
      detail: { data: { kind: ['plain'] }, metadata: { city: [{ prefix: 'de' }], causationId: [{ exists: true }] } },
    };
    const service: ServiceManifest = {
      ...fixtureService,
      subscriptions: [{ ...fixtureService.subscriptions[0]!, pattern }],
    };

    // Act
    const rules = resourcesOf(synthFixture([service]), 'AWS::Events::Rule').filter(([, r]) => props(r).EventPattern);

    // Assess
    expect(props(rules[0]![1]).EventPattern).toEqual(pattern);
  });

  it('give every rule target a retry policy and a dead-letter queue', () => {
    // Prepare
    const template = synthFixture();

    // Act
    const targets = resourcesOf(template, 'AWS::Events::Rule').flatMap(([, r]) => props(r).Targets as Record<string, any>[]);

    // Assess
    expect(targets).toHaveLength(fixtureService.subscriptions.length + fixtureService.schedules.length);
    for (const target of targets) {
      expect(target.RetryPolicy).toEqual({
        MaximumRetryAttempts: expect.any(Number),
        MaximumEventAgeInSeconds: expect.any(Number),
      });
      const dlq = referencedId(target.DeadLetterConfig?.Arn);
      expect(template.Resources[dlq!]?.Type).toBe('AWS::SQS::Queue');
    }
  });

  it('consume each queue in manifest-sized batches, reporting batch item failures', () => {
    // Prepare
    const subscription = fixtureService.subscriptions[0]!;

    // Act
    const template = Template.fromJSON(synthFixture());

    // Assess
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: subscription.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      FunctionName: { Ref: Match.stringLikeRegexp('tallynote') },
    });
  });
});

describe('schedules and routes', () => {
  it('run each schedule as a rate rule invoking its function', () => {
    // Prepare
    const template = synthFixture();

    // Act
    const schedules = resourcesOf(template, 'AWS::Events::Rule').filter(([, r]) => props(r).ScheduleExpression);

    // Assess
    expect(schedules).toHaveLength(1);
    const rule = props(schedules[0]![1]);
    expect(rule.ScheduleExpression).toBe('rate(1 minute)');
    expect(rule.Name).toBe('minqing-demo-fixture-outbox-relay');
    const fn = template.Resources[referencedId(rule.Targets[0].Arn)!]!;
    expect(props(fn).FunctionName).toBe('minqing-demo-fixture-outbox-relay');
  });

  it('turn cron fields into an EventBridge cron expression', () => {
    // Prepare
    const service: ServiceManifest = {
      ...fixtureService,
      schedules: [{ ...fixtureService.schedules[0]!, every: { cron: { minute: '0', hour: '1', weekDay: 'MON' } } }],
    };

    // Act
    const schedules = resourcesOf(synthFixture([service]), 'AWS::Events::Rule').filter(([, r]) => props(r).ScheduleExpression);

    // Assess
    expect(props(schedules[0]![1]).ScheduleExpression).toBe('cron(0 1 ? * MON *)');
  });

  it('add every manifest route to the HTTP API', () => {
    // Prepare
    const expected = fixtureService.routes.map((r) => `${r.method} ${r.path}`).sort();

    // Act
    const routes = resourcesOf(synthFixture(), 'AWS::ApiGatewayV2::Route').map(([, r]) => props(r).RouteKey as string);

    // Assess
    expect(routes.sort()).toEqual(expected);
  });
});
