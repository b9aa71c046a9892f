import { TimeZone } from 'aws-cdk-lib';
import type { CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import { Schedule } from 'aws-cdk-lib/aws-applicationautoscaling';
import { type Alias, CfnEventSourceMapping, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import type { CongressSession, PeakConfig } from '../../shared/city/peak.ts';
import type { CityApi } from './city-api.ts';
import type { ServiceStack } from './service-stack.ts';

/** The routes the session peak throttles on their own, by route key. */
export const PEAK_ROUTES = {
  intake: 'POST /v1/messages',
  signIn: 'POST /v1/auth/login',
  tracking: 'GET /v1/track/{trackingCode}',
} as const satisfies Record<keyof PeakConfig['routes'], string>;

/** Routes the API invokes through their function's `live` alias, so provisioned concurrency serves them: intake. */
export const PEAK_ALIASED_ROUTES: ReadonlySet<string> = new Set([PEAK_ROUTES.intake]);

/**
 * Hour of a session's opening day, city time, when intake's instances are warmed: two hours
 * before the usual 9 o'clock opening, and allocating them takes a few minutes.
 */
export const WARM_FROM_HOUR = 7;

/** When intake's provisioned concurrency is on for one session, as wall-clock times of the city. */
export interface SessionWindow {
  readonly name: string;
  /** `WARM_FROM_HOUR` on the opening day. */
  readonly on: Date;
  /** Midnight at the end of the closing day. */
  readonly off: Date;
}

/**
 * The windows of the config's sessions. The dates carry the city's wall clock in their UTC fields,
 * as Application Auto Scaling's `at()` reads them in the scheduled action's time zone.
 */
export function sessionWindows(sessions: readonly CongressSession[]): SessionWindow[] {
  const wallClock = (date: string, hour: number, dayOffset = 0) => {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(year, month - 1, day + dayOffset, hour));
  };
  return sessions.map((s) => ({ name: s.name, on: wallClock(s.opens, WARM_FROM_HOUR), off: wallClock(s.closes, 0, 1) }));
}

/**
 * Prepares a city's stack for the congress-session peak (numbers in the city config, argued in
 * docs/performance.md): intake's reserved concurrency, a ceiling on every queue consumer's
 * concurrency so consumers cannot starve intake of the account's concurrency or the table of its
 * capacity, per-route throttles on the API's stage for intake, sign-in and tracking, and intake's
 * provisioned concurrency switched on for each session and off after it (in `timeZone`).
 */
export function prepareForPeak(peak: PeakConfig, timeZone: string, api: CityApi, services: ReadonlyMap<string, ServiceStack>): void {
  const routed = (routeKey: string) => [...services.values()].map((s) => s.routeFunctions.get(routeKey)).find(Boolean);
  // A stack without messaging (a test's) has no intake to reserve for.
  const intake = routed(PEAK_ROUTES.intake);
  if (intake) (intake.node.defaultChild as CfnFunction).reservedConcurrentExecutions = peak.intakeReservedConcurrency;
  const intakeAlias = [...services.values()].map((s) => s.routeAliases.get(PEAK_ROUTES.intake)).find(Boolean);
  if (intakeAlias) warmForSessions(intakeAlias, peak, timeZone);

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

/**
 * An Application Auto Scaling target on intake's alias, with two scheduled actions per session:
 * at the window's start minimum and maximum become the provisioned concurrency, at its end both
 * become 0, so nothing is provisioned (nor paid for) between sessions. Without sessions there is
 * no target.
 */
function warmForSessions(alias: Alias, peak: PeakConfig, timeZone: string): void {
  if (peak.sessions.length === 0) return;
  const warm = peak.intakeProvisionedConcurrency;
  const capacity = alias.addAutoScaling({ minCapacity: 0, maxCapacity: warm });
  const zone = TimeZone.of(timeZone);
  for (const window of sessionWindows(peak.sessions)) {
    const day = window.on.toISOString().slice(0, 10);
    capacity.scaleOnSchedule(`session-${day}-on`, { schedule: Schedule.at(window.on), timeZone: zone, minCapacity: warm, maxCapacity: warm });
    capacity.scaleOnSchedule(`session-${day}-off`, { schedule: Schedule.at(window.off), timeZone: zone, minCapacity: 0, maxCapacity: 0 });
  }
}
