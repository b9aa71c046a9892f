import { fileURLToPath } from 'node:url';
import type { CityConfig } from '../city/config.ts';
import type { EventContract } from '../events/envelope.ts';
import type { EventPattern } from '../events/pattern.ts';
import type { TableSpec } from '../store/table.ts';
import { cityResourceName, NAME_LIMITS } from './names.ts';

/**
 * A service's manifest (`services/<name>/src/service.ts`): the one description of a service that
 * both the CDK stack and the local platform read, so what runs locally is what deploys.
 */
export interface ServiceManifest {
  /** Lower-case service name: `identity`, `messaging`, … Used in resource names and `minqing.<name>`. */
  readonly name: string;
  readonly description: string;
  readonly table: TableSpec;
  readonly routes: readonly RouteSpec[];
  readonly subscriptions: readonly SubscriptionSpec[];
  readonly schedules: readonly ScheduleSpec[];
  /** The contracts this service publishes; it may put nothing else on the bus. */
  readonly publishes: readonly EventContract[];
  /**
   * The city's keys the service uses: `tokens` to sign or verify access tokens, `personalData` to
   * encrypt fields, `sources` to key the hash of client addresses its per-source limits count.
   */
  readonly keys?: { readonly tokens?: 'sign' | 'verify'; readonly personalData?: boolean; readonly sources?: boolean };
  /**
   * Functions that are not on the HTTP API and that only the listed services may invoke (a narrow,
   * authorised call between services, e.g. a contact lookup that must never travel on the bus).
   * Callers reach them through `shared/runtime/invoke.ts`.
   */
  readonly internalFunctions?: readonly InternalFunctionSpec[];
  /**
   * Local platform only: a module the platform runs once the tables exist, to fill them with demo
   * data (identity's demo directory and accounts). The CDK stack never reads it, so a deployed
   * stack is never seeded.
   */
  readonly localSeed?: LocalSeedRef;
  /** What the service does when its city's stack is deployed (its first data), if anything. */
  readonly firstStart?: FirstStartSpec;
  /**
   * What the service reaches outside the stack, as the city's config names it (providers'
   * credentials, a sender identity). The stack grants exactly these to the service's role.
   */
  readonly externalAccess?: (city: CityConfig) => ExternalAccess;
  /**
   * Queues of work the service hands itself, outside any HTTP request (not events: nothing on the
   * bus). Its functions may send to them; each is consumed by its worker, with retries and a DLQ.
   * Senders reach them through `shared/runtime/work-queue.ts`.
   */
  readonly workQueues?: readonly WorkQueueSpec[];
}

/**
 * A service's own work queue, e.g. identity's import chunks: in AWS an SQS queue with its DLQ and
 * the worker as its event source, locally the same queue kept on disk with a poller.
 */
export interface WorkQueueSpec {
  /** Kebab-case, unique among the service's subscriptions and work queues: names the queue and its DLQ. */
  readonly name: string;
  readonly handler: HandlerRef;
  /** Messages per worker invocation (1–10). */
  readonly batchSize: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
}

/** AWS resources outside the city stack that a service's functions use, by name. */
export interface ExternalAccess {
  /** Secrets Manager secrets (names or ARNs) read with `GetSecretValue`. */
  readonly secrets?: readonly string[];
  /** SES identities (domains or addresses) sent from with `ses:SendEmail`, and the configuration sets those sends name. */
  readonly sesIdentities?: readonly string[];
  readonly sesConfigurationSets?: readonly string[];
}

/** Where a service's {@link LocalSeed} is: a module file and its export. */
export interface LocalSeedRef {
  /** Absolute path of the TypeScript module. */
  readonly file: string;
  readonly exportName: string;
}

/** Seeds a city on the local platform, or leaves it alone (no demo section, seeded earlier). */
export type LocalSeed = (city: CityConfig) => Promise<LocalSeedResult | undefined>;

/** What a local seed did, for the platform's start banner. */
export interface LocalSeedResult {
  /** Lines to print under the banner, given the platform's URL. */
  banner(url: string): string[];
}

/**
 * A service's first start: in AWS a CloudFormation custom resource invoking `handler` on create and
 * whenever the city's config changes (so it must be harmless when repeated); with `secret`, a
 * random secret generated at deploy time in Secrets Manager (`minqing/<city>/<secret>`), readable
 * by this function alone, its ARN in {@link FIRST_START_SECRET_ENV}. The local platform runs the
 * service's `localSeed` instead, which does the same with a secret of its own.
 */
export interface FirstStartSpec {
  readonly handler: HandlerRef;
  /** Kebab-case name of the generated secret: `first-admin`. */
  readonly secret?: string;
}

/** Environment variable naming the secret of a service's first start. */
export const FIRST_START_SECRET_ENV = 'MINQING_FIRST_START_SECRET';

/**
 * An internal function of a service. In AWS only the callers' functions get `lambda:InvokeFunction`
 * on it (and its name in {@link internalFunctionEnvVar}); locally the platform's loopback endpoint
 * refuses any other caller.
 */
export interface InternalFunctionSpec {
  /** Kebab-case, unique within the service: `citizen-contact`. */
  readonly name: string;
  readonly handler: HandlerRef;
  /** Names of the services allowed to invoke it. */
  readonly callers: readonly string[];
}

/** A Lambda entry point: a module file and its exported handler. */
export interface HandlerRef {
  /** Absolute path of the TypeScript module. */
  readonly file: string;
  readonly exportName: string;
  /** Lambda timeout; queues get a visibility timeout of six times this. */
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** A folder of static files the handler reads at run time, copied beside the bundle as `web/`. */
  readonly copyDir?: string;
  /**
   * The handler uses none of its service's keys (a public image or page): in AWS its function runs
   * under a role of its own that holds neither the token key nor the personal-data key, so a flaw
   * in it cannot sign tokens or decrypt phones.
   */
  readonly withoutKeys?: boolean;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  readonly method: HttpMethod;
  /** API Gateway route path, with `{param}` segments: `/v1/stations/{code}`. */
  readonly path: string;
  readonly handler: HandlerRef;
}

export interface SubscriptionSpec {
  /** Kebab-case, unique within the service: names the queue and its DLQ. */
  readonly name: string;
  /** EventBridge rule pattern, e.g. from {@link patternFor}. */
  readonly pattern: EventPattern;
  readonly handler: HandlerRef;
  /** Records per handler invocation (1–10). */
  readonly batchSize: number;
  /** Receives before a message moves to the dead-letter queue. */
  readonly maxReceiveCount: number;
}

/** AWS cron fields (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html), in UTC. */
export interface CronSpec {
  readonly minute: string;
  readonly hour: string;
  readonly day?: string;
  readonly month?: string;
  readonly weekDay?: string;
}

export interface ScheduleSpec {
  readonly name: string;
  readonly every: { readonly minutes: number } | { readonly cron: CronSpec };
  readonly handler: HandlerRef;
}

/**
 * Points at a handler module relative to the manifest: `handler(import.meta.url, './handlers/x.ts')`.
 */
export function handlerRef(base: string, relativePath: string, options: HandlerOptions & { exportName?: string } = {}): HandlerRef {
  return {
    file: fileURLToPath(new URL(relativePath, base)),
    exportName: options.exportName ?? 'handler',
    timeoutSeconds: options.timeoutSeconds ?? 10,
    memoryMb: options.memoryMb ?? 512,
    ...(options.copyDir ? { copyDir: options.copyDir } : {}),
    ...(options.withoutKeys ? { withoutKeys: true } : {}),
  };
}

/** Options of a handler reference besides its export name. */
export type HandlerOptions = { timeoutSeconds?: number; memoryMb?: number; copyDir?: string; withoutKeys?: boolean };

/**
 * A manifest's handler references in one short form: `const at = handlersAt(import.meta.url)`,
 * then `at('./handlers/inbox.ts', 'list', { timeoutSeconds: 30 })`; the export defaults to `handler`.
 */
export function handlersAt(base: string): (relativePath: string, exportName?: string, options?: HandlerOptions) => HandlerRef {
  return (relativePath, exportName = 'handler', options = {}) => handlerRef(base, relativePath, { exportName, ...options });
}

/** The rule pattern that selects the given contracts (matching source and detail-type). */
export function patternFor(...contracts: readonly EventContract[]): EventPattern {
  const sources = [...new Set(contracts.map((c) => c.source))];
  const detailTypes = [...new Set(contracts.map((c) => c.detailType))];
  return { source: sources, 'detail-type': detailTypes };
}

/** Environment variable naming a service's table: `MINQING_TABLE_MESSAGING`. */
export function tableEnvVar(serviceName: string): string {
  return `MINQING_TABLE_${serviceName.toUpperCase().replace(/-/g, '_')}`;
}

/** Environment shared by every function of a city stack. */
export const ENV = {
  city: 'MINQING_CITY',
  eventBus: 'MINQING_EVENT_BUS',
  /** Local platform only: where the DynamoDB and EventBridge endpoints listen. */
  dynamoEndpoint: 'MINQING_DYNAMODB_ENDPOINT',
  eventsEndpoint: 'MINQING_EVENTS_ENDPOINT',
  /** Local platform only: the loopback endpoint that emulates Lambda's Invoke API for internal functions. */
  invokeEndpoint: 'MINQING_INVOKE_ENDPOINT',
  /** Local platform only: the loopback endpoint that emulates SQS's SendMessageBatch for work queues. */
  queuesEndpoint: 'MINQING_QUEUES_ENDPOINT',
} as const;

/** Environment variable giving a service's functions the URL of one of its work queues: `MINQING_QUEUE_IDENTITY_IMPORT_CHUNKS`. */
export function workQueueEnvVar(serviceName: string, queueName: string): string {
  const part = (s: string) => s.toUpperCase().replace(/-/g, '_');
  return `MINQING_QUEUE_${part(serviceName)}_${part(queueName)}`;
}

/**
 * Environment variable that gives a caller the name of another service's internal function:
 * `MINQING_FUNCTION_MESSAGING_CITIZEN_CONTACT`. Only callers listed in the spec get it.
 */
export function internalFunctionEnvVar(serviceName: string, functionName: string): string {
  const part = (s: string) => s.toUpperCase().replace(/-/g, '_');
  return `MINQING_FUNCTION_${part(serviceName)}_${part(functionName)}`;
}

/**
 * Physical names of a city's resources, the same in the CDK stack and on the local platform. The
 * city is in every name so several cities deploy side by side in one account.
 */
export const resourceNames = {
  eventBus: (city: string) => cityResourceName(city, [], NAME_LIMITS.eventBus),
  table: (city: string, service: string) => cityResourceName(city, [service], NAME_LIMITS.table),
  queue: (city: string, service: string, subscription: string) => cityResourceName(city, [service, subscription], NAME_LIMITS.queue),
  deadLetterQueue: (city: string, service: string, subscription: string) => cityResourceName(city, [service, subscription, 'dlq'], NAME_LIMITS.queue),
  /** Logical function name: `<service>-<kind>-<name>`. */
  function: (service: string, kind: 'route' | 'subscription' | 'schedule' | 'internal' | 'worker', name: string) => `${service}-${kind}-${name}`,
} as const;
