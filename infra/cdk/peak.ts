import type { CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { CfnEventSourceMapping, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { PeakConfig } from '../../shared/city/peak.ts';
import type { CityApi } from './city-api.ts';
import type { ServiceStack } from './service-stack.ts';

/** The routes the session peak throttles on their own, by route key. */
export const PEAK_ROUTES = {
  intake: 'POST /v1/messages',
  signIn: 'POST /v1/auth/login',
  tracking: 'GET /v1/track/{trackingCode}',
} as const satisfies Record<keyof PeakConfig['routes'], string>;

/**
 * Prepares a city's stack for the congress-session peak (numbers in the city config, argued in
 * docs/performance.md): intake's reserved concurrency, a ceiling on every queue consumer's
 * concurrency so consumers cannot starve intake of the account's concurrency or the table of its
 * capacity, and per-route throttles on the API's stage for intake, sign-in and tracking.
 */
export function prepareForPeak(peak: PeakConfig, api: CityApi, services: ReadonlyMap<string, ServiceStack>): void {
  const routed = (routeKey: string) => [...services.values()].map((s) => s.routeFunctions.get(routeKey)).find(Boolean);
  // A stack without messaging (a test's) has no intake to reserve for.
  const intake = routed(PEAK_ROUTES.intake);
  if (intake) (intake.node.defaultChild as CfnFunction).reservedConcurrentExecutions = peak.intakeReservedConcurrency;

  for (const stack of services.values()) {
    for (const mapping of stack.node.findAll().filter((c): c is CfnEventSourceMapping => c instanceof CfnEventSourceMapping)) {
      mapping.scalingConfig = { maximumConcurrency: peak.consumerMaxConcurrency };
    }
  }

  const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
  for (const [name, routeKey] of Object.entries(PEAK_ROUTES) as [keyof typeof PEAK_ROUTES, string][]) {
    const { rateLimitPerSecond, burstLimit } = peak.routes[name];
    if (!routed(routeKey)) continue;
    routeSettings[routeKey] = { ThrottlingRateLimit: rateLimitPerSecond, ThrottlingBurstLimit: burstLimit };
  }
  if (Object.keys(routeSettings).length > 0) (api.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;
  // A route's settings can name only a route that exists: the stage waits for the services' routes.
  for (const stack of services.values()) api.stage.node.addDependency(stack);
}
