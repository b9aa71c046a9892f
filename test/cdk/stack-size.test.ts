import { describe, expect, it } from 'vitest';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildCityApp, synthCityStackTemplates, synthCityTemplate } from '../../infra/cdk/synth.ts';
import { resourceNames } from '../../shared/runtime/manifest.ts';
import { services } from '../../services/manifests.ts';
import { fixtureService } from '../fixture/service.ts';
import { demo, props, resourcesOf } from './template.ts';

/**
 * Resources a single template may hold: CloudFormation allows 500, and a fifth of that is kept
 * free so a service can grow without another split.
 */
const RESOURCE_BUDGET = 400;

/** The types the parent stack holds: the city's shared parts and one nested stack per service. */
const SHARED_TYPES = new Set([
  'AWS::Events::EventBus',
  'AWS::Events::EventBusPolicy',
  'AWS::ApiGatewayV2::Api',
  'AWS::ApiGatewayV2::Stage',
  'AWS::Logs::LogGroup',
  'AWS::KMS::Key',
  'AWS::KMS::Alias',
  'AWS::CloudFormation::Stack',
]);

/** Nested stacks of the city's own besides one per service. */
const SHARED_NESTED = ['Monitoring', 'Backup', 'Edge'];

describe('the city split into a parent stack and one nested stack per service', () => {
  // Prepare: every service of a city, as deployed (each template) and as a whole (merged)
  const stacks = synthCityStackTemplates(demo, services, { nag: false });
  const merged = synthCityTemplate(demo, services, { nag: false });
  const sizeOf = (template: (typeof stacks)[number]['template']) => Object.keys(template.Resources).length;

  it(`keeps every stack at or under ${RESOURCE_BUDGET} resources`, () => {
    // Act
    const sizes = stacks.map(({ path, template }) => ({ path, resources: sizeOf(template) }));

    // Assess
    expect(sizes.map((s) => s.path)).toEqual([
      'Minqing-demo',
      ...services.map((s) => `Minqing-demo/Service-${s.name}`),
      ...SHARED_NESTED.map((name) => `Minqing-demo/${name}`),
    ]);
    for (const size of sizes) expect(size.resources, size.path).toBeLessThanOrEqual(RESOURCE_BUDGET);
  });

  it('deploys what one stack would hold, plus only a stack resource per nested stack, which no single template could', () => {
    // Act
    const total = stacks.reduce((sum, { template }) => sum + sizeOf(template), 0);
    const nestedStackResources = resourcesOf(stacks[0]!.template, 'AWS::CloudFormation::Stack');

    // Assess
    const nestedCount = services.length + SHARED_NESTED.length;
    expect(nestedStackResources).toHaveLength(nestedCount);
    expect(sizeOf(merged)).toBe(total - nestedCount);
    expect(sizeOf(merged)).toBeGreaterThan(RESOURCE_BUDGET);
    expect(resourcesOf(merged, 'AWS::DynamoDB::Table')).toHaveLength(services.length);
    expect(resourcesOf(merged, 'AWS::Events::Rule')).toHaveLength(services.reduce((n, s) => n + s.subscriptions.length + s.schedules.length, 0));
  });

  it("keeps the shared parts in the parent and each service's resources in its own stack, under the same names", () => {
    // Act
    const [parent, ...nested] = stacks;
    const parentTypes = new Set(Object.values(parent!.template.Resources).map((r) => r.Type));

    // Assess
    expect([...parentTypes].filter((type) => !SHARED_TYPES.has(type))).toEqual([]);
    services.forEach((service, i) => {
      const { template } = nested[i]!;
      expect(resourcesOf(template, 'AWS::DynamoDB::Table').map(([, t]) => props(t).TableName)).toEqual([resourceNames.table(demo.name, service.name)]);
      const queues = resourcesOf(template, 'AWS::SQS::Queue').map(([, q]) => props(q).QueueName as string);
      for (const subscription of service.subscriptions) {
        expect(queues).toContain(resourceNames.queue(demo.name, service.name, subscription.name));
        expect(queues).toContain(resourceNames.deadLetterQueue(demo.name, service.name, subscription.name));
      }
      for (const [, fn] of resourcesOf(template, 'AWS::Lambda::Function')) {
        expect(props(fn).FunctionName).toMatch(new RegExp(`^minqing-demo-${service.name}-`));
      }
      expect(resourcesOf(template, 'AWS::ApiGatewayV2::Route')).toHaveLength(service.routes.length);
    });
  });
});

describe('cdk-nag over the nested stacks', () => {
  it('finds nothing unacknowledged in any stack of the full city', () => {
    // Prepare
    const { app } = buildCityApp(demo, services, { nag: false });

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assess
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('makes synth fail on a finding inside a nested stack', () => {
    // Prepare: a queue with neither a dead-letter queue nor TLS enforcement, in the fixture's stack
    const { app, stack } = buildCityApp(demo, [fixtureService], { nag: true });
    new Queue(stack.services.get('fixture')!, 'Careless');

    // Act
    const synth = () => app.synth();

    // Assess
    expect(synth).toThrow(/Service-fixture\/Careless/);
  });
});
