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
});
