import { describe, expect, it } from 'vitest';
import { PEAK_ROUTES } from '../../infra/cdk/peak.ts';
import { synthCityStackTemplates, synthCityTemplate } from '../../infra/cdk/synth.ts';
import { services } from '../../services/manifests.ts';
import { demo, otherCity, props, resourcesOf } from './template.ts';

describe('the congress-session peak', () => {
  // Prepare: the demo city, and one whose config sets its own numbers
  const template = synthCityTemplate(demo, services, { nag: false });
  const busy = otherCity('lufeng', {
    peak: {
      intakeReservedConcurrency: 120,
      consumerMaxConcurrency: 8,
      routes: { intake: { rateLimitPerSecond: 900, burstLimit: 1800 }, signIn: { rateLimitPerSecond: 30, burstLimit: 60 } },
    },
  });
  const busyTemplate = synthCityTemplate(busy, services, { nag: false });
  const reserved = (t: typeof template) =>
    resourcesOf(t, 'AWS::Lambda::Function')
      .map(([, fn]) => props(fn))
      .filter((fn) => fn.ReservedConcurrentExecutions !== undefined)
      .map((fn) => [fn.FunctionName, fn.ReservedConcurrentExecutions]);

  it("reserves intake's concurrency from the config, and no other function's", () => {
    // Assess
    // The function behind POST /v1/messages: messaging's `submit` handler.
    expect(reserved(template)).toEqual([[expect.stringMatching(/^minqing-demo-messaging-.*submit/), demo.peak.intakeReservedConcurrency]]);
    expect(reserved(busyTemplate)).toEqual([[expect.stringMatching(/^minqing-lufeng-messaging-.*submit/), 120]]);
  });

  it("caps every queue consumer's concurrency", () => {
    // Act
    const ceilings = (t: typeof template) => resourcesOf(t, 'AWS::Lambda::EventSourceMapping').map(([, m]) => props(m).ScalingConfig);

    // Assess
    expect(ceilings(template).length).toBe(services.reduce((n, s) => n + s.subscriptions.length + (s.workQueues?.length ?? 0), 0));
    expect(new Set(ceilings(template).map((c) => c?.MaximumConcurrency))).toEqual(new Set([demo.peak.consumerMaxConcurrency]));
    expect(new Set(ceilings(busyTemplate).map((c) => c?.MaximumConcurrency))).toEqual(new Set([8]));
  });

  it('throttles intake, sign-in and tracking per route from the config, once their routes exist', () => {
    // Act
    const stageOf = (t: typeof template) => resourcesOf(t, 'AWS::ApiGatewayV2::Stage')[0]![1];
    const parent = synthCityStackTemplates(demo, services, { nag: false })[0]!;
    const [, stage] = resourcesOf(parent.template, 'AWS::ApiGatewayV2::Stage')[0]!;
    const nested = resourcesOf(parent.template, 'AWS::CloudFormation::Stack').map(([id]) => id);

    // Assess
    expect(props(stageOf(template)).RouteSettings).toEqual({
      [PEAK_ROUTES.intake]: { ThrottlingRateLimit: demo.peak.routes.intake.rateLimitPerSecond, ThrottlingBurstLimit: demo.peak.routes.intake.burstLimit },
      [PEAK_ROUTES.signIn]: { ThrottlingRateLimit: demo.peak.routes.signIn.rateLimitPerSecond, ThrottlingBurstLimit: demo.peak.routes.signIn.burstLimit },
      [PEAK_ROUTES.tracking]: { ThrottlingRateLimit: demo.peak.routes.tracking.rateLimitPerSecond, ThrottlingBurstLimit: demo.peak.routes.tracking.burstLimit },
    });
    expect(props(stageOf(busyTemplate)).RouteSettings[PEAK_ROUTES.intake]).toEqual({ ThrottlingRateLimit: 900, ThrottlingBurstLimit: 1800 });
    expect(props(stageOf(busyTemplate)).RouteSettings[PEAK_ROUTES.signIn]).toEqual({ ThrottlingRateLimit: 30, ThrottlingBurstLimit: 60 });
    expect(stage.DependsOn).toEqual(expect.arrayContaining(nested.filter((id) => id.startsWith('Service'))));
  });

  it("keeps intake's instances warm from each session's opening morning to the night it closes, through the alias the API calls", () => {
    // Prepare: a city with two sessions, and one with none
    const twice = otherCity('lufeng', {
      peak: {
        intakeProvisionedConcurrency: 30,
        sessions: [
          { name: '一次会议', opens: '2027-01-08', closes: '2027-01-11' },
          { name: '二次会议', opens: '2028-01-06', closes: '2028-01-06' },
        ],
      },
    });
    const noSessions = otherCity('yaoan', { peak: { sessions: [] } });

    // Act
    const targetsOf = (t: typeof template) => resourcesOf(t, 'AWS::ApplicationAutoScaling::ScalableTarget').map(([, r]) => props(r));
    const [target] = targetsOf(synthCityTemplate(twice, services, { nag: false }));
    const [demoTarget] = targetsOf(template);
    const aliases = resourcesOf(template, 'AWS::Lambda::Alias');
    const intakeIntegration = resourcesOf(template, 'AWS::ApiGatewayV2::Integration').find(([id]) => id.includes('POSTv1messages'));
    const intakeFunctionId = resourcesOf(template, 'AWS::Lambda::Function').find(([, fn]) => /messaging-.*submit/.test(props(fn).FunctionName))![0];

    // Assess: the API calls intake through its one alias, on which the provisioned concurrency sits
    expect(aliases).toHaveLength(1);
    const [aliasId, alias] = aliases[0]!;
    expect(props(alias)).toMatchObject({ Name: 'live', FunctionName: { Ref: intakeFunctionId } });
    expect(props(intakeIntegration![1]).IntegrationUri).toEqual({ Ref: aliasId });
    expect(JSON.stringify(demoTarget!.ResourceId)).toContain(aliasId);
    expect(demoTarget).toMatchObject({
      ServiceNamespace: 'lambda',
      ScalableDimension: 'lambda:function:ProvisionedConcurrency',
      MinCapacity: 0,
      MaxCapacity: demo.peak.intakeProvisionedConcurrency,
    });
    expect(demo.peak.sessions).not.toHaveLength(0);
    // Each action as `name at min/max`: the window's start sets both to the warm count, its end to 0.
    const actions = target!.ScheduledActions.map(
      (a: any) => `${a.ScheduledActionName} ${a.Schedule} ${a.Timezone} ${a.ScalableTargetAction.MinCapacity}/${a.ScalableTargetAction.MaxCapacity}`,
    );
    expect(actions).toEqual([
      'session-2027-01-08-on at(2027-01-08T07:00:00) Asia/Shanghai 30/30',
      'session-2027-01-08-off at(2027-01-12T00:00:00) Asia/Shanghai 0/0',
      'session-2028-01-06-on at(2028-01-06T07:00:00) Asia/Shanghai 30/30',
      'session-2028-01-06-off at(2028-01-07T00:00:00) Asia/Shanghai 0/0',
    ]);
    expect(targetsOf(synthCityTemplate(noSessions, services, { nag: false }))).toEqual([]);
  });

  it('refuses more warm instances than intake has reserved, and a session that closes before it opens', () => {
    // Act
    const tooWarm = () => otherCity('lufeng', { peak: { intakeReservedConcurrency: 10, intakeProvisionedConcurrency: 11 } });
    const backwards = () => otherCity('lufeng', { peak: { sessions: [{ name: '会议', opens: '2027-01-08', closes: '2027-01-07' }] } });

    // Assess
    expect(tooWarm).toThrow(/provisioned concurrency cannot exceed/);
    expect(backwards).toThrow(/closes on or after/);
  });
});
