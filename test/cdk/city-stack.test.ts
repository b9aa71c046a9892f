import { describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { SUBSCRIBER_RULE_ACTIONS } from '../../infra/cdk/city-bus.ts';
import { mergedTemplate } from '../../infra/cdk/city-template.ts';
import { buildCityApp, synthCityTemplate } from '../../infra/cdk/synth.ts';
import { fixtureService } from '../fixture/service.ts';
import { demo, otherCity, physicalNames, props, resourcesOf, tagsOf } from './template.ts';

describe('city bus', () => {
  it('is the custom bus minqing-<city>', () => {
    // Prepare
    const config = demo;

    // Act
    const buses = resourcesOf(synthCityTemplate(config, [fixtureService], { nag: false }), 'AWS::Events::EventBus');

    // Assess
    expect(buses.map(([, b]) => props(b).Name)).toEqual(['minqing-demo']);
  });

  it('lets exactly the subscriber accounts manage the rules they created, and nothing else', () => {
    // Prepare
    const expectedAccounts = demo.subscriberAccounts.map((s) => s.accountId).sort();

    // Act
    const statements = resourcesOf(synthCityTemplate(demo, [fixtureService], { nag: false }), 'AWS::Events::EventBusPolicy').map(
      ([, p]) => props(p).Statement as Record<string, any>,
    );

    // Assess
    const accounts = statements.map((s) => JSON.stringify(s.Principal).match(/:iam::(\d{12}):root/)?.[1]).sort();
    expect(accounts).toEqual(expectedAccounts);
    for (const statement of statements) {
      const account = JSON.stringify(statement.Principal).match(/:iam::(\d{12}):root/)![1];
      expect(statement.Effect).toBe('Allow');
      expect(statement.Action).toEqual([...SUBSCRIBER_RULE_ACTIONS]);
      expect(statement.Condition).toEqual({ StringEqualsIfExists: { 'events:creatorAccount': account } });
      expect(JSON.stringify(statement.Resource)).toContain(':rule/minqing-demo/*');
    }
  });

  it('has no resource policy when the city has no subscribers', () => {
    // Prepare
    const config = otherCity('lufeng', { subscriberAccounts: [] });

    // Act
    const policies = resourcesOf(synthCityTemplate(config, [fixtureService], { nag: false }), 'AWS::Events::EventBusPolicy');

    // Assess
    expect(policies).toEqual([]);
  });
});

describe('city HTTP API', () => {
  it('throttles the default stage from the config and writes access logs to its log group', () => {
    // Prepare
    const config = otherCity('lufeng', { api: { rateLimitPerSecond: 50, burstLimit: 80 } });

    // Act
    const template = Template.fromJSON(synthCityTemplate(config, [fixtureService], { nag: false }));

    // Assess
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'minqing-lufeng-api', ProtocolType: 'HTTP' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 80 },
      AccessLogSettings: {
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^HttpAccessLogs'), 'Arn'] },
        Format: Match.stringLikeRegexp('\\$context\\.requestId'),
      },
    });
  });
});

describe('city HTTP API: CORS', () => {
  it("answers preflights in AWS for the console's origin only, with the headers the API reads and the ones it exposes", () => {
    // Act
    const template = Template.fromJSON(synthCityTemplate(otherCity('lufeng'), [fixtureService], { nag: false }));

    // Assess
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: [new URL(otherCity('lufeng').publicBaseUrl).origin],
        AllowMethods: ['*'],
        AllowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Tracking-Token'],
        ExposeHeaders: ['X-Request-Id', 'Retry-After'],
        MaxAge: 600,
      },
    });
  });
});

describe('city stack', () => {
  it('is named Minqing-<city> and tags every taggable resource with city and app', () => {
    // Prepare
    const { app, stack } = buildCityApp(demo, [fixtureService], { nag: false });

    // Act
    const template = mergedTemplate(app.synth(), stack);
    const taggable = Object.values(template.Resources).filter((r) => props(r).Tags !== undefined);

    // Assess
    expect(stack.stackName).toBe('Minqing-demo');
    expect(stack.tags.tagValues()).toEqual({ city: 'demo', app: 'minqing' });
    expect(taggable.length).toBeGreaterThan(15);
    for (const resource of taggable) expect(tagsOf(resource)).toMatchObject({ city: 'demo', app: 'minqing' });
    for (const type of ['AWS::DynamoDB::Table', 'AWS::SQS::Queue', 'AWS::Lambda::Function', 'AWS::Events::Rule', 'AWS::Events::EventBus']) {
      for (const [, resource] of resourcesOf(template, type)) expect(tagsOf(resource)).toMatchObject({ city: 'demo', app: 'minqing' });
    }
  });

  it('puts the city in every physical name', () => {
    // Prepare
    const template = synthCityTemplate(demo, [fixtureService], { nag: false });

    // Act
    const names = physicalNames(template);

    // Assess
    expect(names.length).toBeGreaterThan(15);
    for (const { type, name } of names) {
      expect(typeof name, `${type} has a literal name`).toBe('string');
      expect(name as string).toMatch(/(^|\/)minqing-demo(-|$)/);
    }
  });

  it('lets a second city synthesize side by side with names of its own', () => {
    // Prepare
    const second = otherCity('lufeng');

    // Act
    const demoTemplate = synthCityTemplate(demo, [fixtureService], { nag: false });
    const secondApp = buildCityApp(second, [fixtureService], { nag: false });
    const secondTemplate = mergedTemplate(secondApp.app.synth(), secondApp.stack);

    // Assess
    expect(secondApp.stack.stackName).toBe('Minqing-lufeng');
    const demoNames = new Set(physicalNames(demoTemplate).map((n) => `${n.type} ${String(n.name)}`));
    const secondNames = physicalNames(secondTemplate).map((n) => `${n.type} ${String(n.name)}`);
    expect(secondNames.length).toBe(demoNames.size);
    for (const name of secondNames) {
      expect(demoNames.has(name)).toBe(false);
      expect(name).toContain('minqing-lufeng');
    }
  });

  it('deploys to the account and region of the config when it names them', () => {
    // Prepare
    const config = otherCity('lufeng', { account: '123456789012', region: 'cn-north-1' });

    // Act
    const { stack } = buildCityApp(config, [], { nag: false });

    // Assess
    expect(stack.account).toBe('123456789012');
    expect(stack.region).toBe('cn-north-1');
  });

  it('refuses two resources with one physical name', () => {
    // Prepare: a subscription named "x-schedule" and a schedule "x" would share a dead-letter queue name
    const clash = {
      ...fixtureService,
      subscriptions: [{ ...fixtureService.subscriptions[0]!, name: 'x-schedule' }],
      schedules: [{ ...fixtureService.schedules[0]!, name: 'x' }],
    };

    // Act
    const build = () => buildCityApp(demo, [clash], { nag: false });

    // Assess
    expect(build).toThrow(/would both be named minqing-demo-fixture-x-schedule-dlq/);
  });

  it('refuses a route that two services both declare', () => {
    // Prepare
    const twin = { ...fixtureService, name: 'twin' };

    // Act
    const build = () => buildCityApp(demo, [fixtureService, twin], { nag: false });

    // Assess
    expect(build).toThrow(/route POST \/v1\/fixture\/notes is declared by more than one handler/);
  });
});
