import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { SOURCE_SECRET_FILE_ENV } from '../../shared/abuse/source-keys.ts';
import { dynamoClients } from '../../shared/store/client.ts';
import { METRICS_ENV } from '../../shared/runtime/business-metrics.ts';
import { ENV, internalFunctionEnvVar, resourceNames, tableEnvVar, workQueueEnvVar, type ServiceManifest } from '../../shared/runtime/manifest.ts';
import type { CityConfig } from '../../shared/city/config.ts';
import { serveCity } from '../../shared/runtime/city.ts';
import { localQueueUrl, startAwsEndpoint } from './aws-endpoint.ts';
import { internalFunctions } from './internal-functions.ts';
import { startGateway } from './gateway.ts';
import { type FaultInjector, startThrottlingProxy } from './faults.ts';
import { LocalLambdaRuntime } from './lambda-runtime.ts';
import { LocalEventBus } from './local-bus.ts';
import { createSubscriptions } from './subscriptions.ts';
import { ensureTable, startDynalite } from './local-dynamo.ts';
import type { LocalQueue } from './local-queue.ts';
import { platformLogger } from './platform-log.ts';
import { operatorRoutes } from './operator-routes.ts';
import { outboxStatus } from '../ops/outbox-status.ts';
import { QueuePoller } from './queue-poller.ts';
import { directoryBacklog } from './readiness.ts';
import { compileRoute, sortRoutes } from './routes.ts';
import { LocalScheduler } from './scheduler.ts';
import type { MeterRow } from './metering/meter.ts';
import { PlatformMeter } from './metering/platform-meter.ts';

export interface PlatformOptions {
  city: CityConfig;
  services: readonly ServiceManifest[];
  /** Folder for DynamoDB and queue data; undefined keeps everything in memory. */
  dataDir: string | undefined;
  port?: number;
  host?: string;
  quiet?: boolean;
  /** Overrides every queue's visibility timeout (tests use a short one instead of 6× the Lambda timeout). */
  visibilityTimeoutMs?: number;
  pollIntervalMs?: number;
  /**
   * Batches each queue's consumer handles at once (default 1). Consumers share the process with
   * intake; keeping them to one batch each lets a burst of submissions through first while the
   * queues hold the work, as Lambda's separate concurrency would in AWS.
   */
  consumerConcurrency?: number;
  /** Run the manifests' schedules on their own clock (off in tests, which run them on demand). */
  runSchedules?: boolean;
  /** Called once the tables exist and before handlers load (the demo seed hooks in here). */
  beforeServe?: (platform: { endpoint: string }) => Promise<void>;
  /**
   * Injects faults as the injector's plan says (invocation errors and delays, PutEvents failures,
   * DynamoDB throttling): tests only. DynamoDB is then reached through a proxy that throttles.
   */
  faults?: FaultInjector;
}

/** The running local platform. */
export interface LocalPlatform {
  url: string;
  bus: LocalEventBus;
  queues: Map<string, LocalQueue>;
  scheduler: LocalScheduler;
  /** Moves a dead-letter queue's messages back to its source queue. */
  redrive(queueName: string): number;
  /** What AWS would have billed so far, per service and operation (every call answered so far included). */
  billing(): Promise<MeterRow[]>;
  stop(): Promise<void>;
}

/**
 * Starts the whole city on one machine: dynalite with every service's table, the in-process
 * EventBridge and SQS with every manifest's subscriptions, the API gateway with every route, and
 * the scheduler. The same manifests build the CDK stack (infra/cdk).
 */
export async function startPlatform(options: PlatformOptions): Promise<LocalPlatform> {
  const city = options.city.name;
  const log = platformLogger(options.quiet ?? false);
  const meter = new PlatformMeter(city, options.services);
  const dynamo = await startDynalite(options.dataDir ? join(options.dataDir, 'dynamodb') : undefined, meter.dynamoFacts);
  const billing = async () => {
    await dynamo.flushFacts();
    return meter.meter.snapshot();
  };

  const busName = resourceNames.eventBus(city);
  const { queues, rules, consumers } = createSubscriptions(city, options.services, {
    queueDir: options.dataDir ? join(options.dataDir, 'queues') : undefined,
    visibilityTimeoutMs: options.visibilityTimeoutMs,
  });
  const bus = new LocalEventBus(busName, rules);
  bus.onTargetSend(meter.targetSent);
  const runtime = new LocalLambdaRuntime(meter.invoked, options.faults);
  if (options.faults) bus.injectFaults(options.faults);
  const throttling = options.faults ? await startThrottlingProxy(dynamo.endpoint, options.faults) : undefined;
  const internal = internalFunctions(options.services, runtime);
  const workQueueNames = new Set(
    options.services.flatMap((service) => (service.workQueues ?? []).map((spec) => resourceNames.queue(city, service.name, spec.name))),
  );
  const aws = await startAwsEndpoint(bus, internal, (name) => (workQueueNames.has(name) ? queues.get(name) : undefined), meter.awsCall);
  meter.meterLogs();

  // Handlers read their wiring from the environment, as they do in Lambda.
  process.env[ENV.city] = city;
  serveCity(options.city);
  process.env[ENV.eventBus] = busName;
  process.env[ENV.dynamoEndpoint] = throttling?.url ?? dynamo.endpoint;
  process.env[ENV.eventsEndpoint] = aws.url;
  // Business figures are CloudWatch's (EMF on stdout); here they would only bury the platform's log.
  process.env[METRICS_ENV.disabled] ??= 'true';
  process.env[ENV.invokeEndpoint] = aws.url;
  process.env[ENV.queuesEndpoint] = aws.url;
  for (const service of options.services) {
    for (const spec of service.workQueues ?? []) {
      process.env[workQueueEnvVar(service.name, spec.name)] = localQueueUrl(aws.url, resourceNames.queue(city, service.name, spec.name));
    }
  }
  // Locally every service sees every name; the endpoint checks the caller against the manifest.
  for (const fn of internal.functions) process.env[internalFunctionEnvVar(fn.service, fn.spec.name)] = fn.functionName;
  process.env.AWS_REGION ??= 'local';
  // Keys that KMS holds in AWS: locally files beside the data (a fresh folder when in memory).
  const keyDir = options.dataDir ? join(options.dataDir, 'keys') : mkdtempSync(join(tmpdir(), 'minqing-keys-'));
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  process.env.MINQING_SIGNING_KEY_FILE = join(keyDir, 'token-signing-key.pem');
  process.env.MINQING_DATA_KEY_FILE = join(keyDir, 'field-data-key');
  process.env[SOURCE_SECRET_FILE_ENV] = join(keyDir, 'source-secret');
  for (const service of options.services) process.env[tableEnvVar(service.name)] = resourceNames.table(city, service.name);

  const { raw, doc } = dynamoClients();
  for (const service of options.services) await ensureTable(raw, resourceNames.table(city, service.name), service.table);
  await options.beforeServe?.({ endpoint: dynamo.endpoint });

  const routes = sortRoutes(
    options.services.flatMap((service) =>
      service.routes.map((route) => compileRoute(resourceNames.function(service.name, 'route', `${route.method} ${route.path}`), route)),
    ),
  );
  const jobs = options.services.flatMap((service) =>
    service.schedules.map((spec) => ({ functionName: resourceNames.function(service.name, 'schedule', spec.name), spec })),
  );
  await runtime.preload([
    ...routes.map((r) => r.handler),
    ...consumers.map((c) => c.spec.handler),
    ...jobs.map((j) => j.spec.handler),
    ...internal.functions.map((f) => f.spec.handler),
  ]);

  const scheduler = new LocalScheduler(jobs, runtime, log);
  const redrive = (queueName: string): number => {
    const dlq = queues.get(queueName);
    const source = [...queues.values()].find((q) => q.deadLetterQueue === dlq);
    if (!dlq || !source) throw new Error(`${queueName} is not a dead-letter queue`);
    return dlq.redriveTo(source);
  };

  let serving = false;
  let caughtUp = false;
  // Ready means every service's view of the directory has caught up with identity's (the seed or
  // the config's townships included). Once it has, it stays ready: later imports are ordinary work.
  const waiting = async (): Promise<string[]> => {
    if (!serving) return ['consumers'];
    if (caughtUp) return [];
    const backlog = await directoryBacklog(city, options.services, rules, doc);
    caughtUp = backlog.length === 0;
    return backlog;
  };
  const outbox = () => outboxStatus(doc, city, options.services, new Date());
  const platformRoutes = operatorRoutes({ queues, scheduler, redrive, waiting, billing, outbox });
  const gateway = await startGateway({
    port: options.port ?? 3000,
    host: options.host ?? '127.0.0.1',
    routes,
    runtime,
    log,
    platformRoutes,
    onRequest: meter.apiRequest,
  });

  const pollers = consumers.map(
    (c) =>
      new QueuePoller({
        functionName: c.functionName,
        queue: c.queue,
        handler: c.spec.handler,
        batchSize: c.spec.batchSize,
        runtime,
        log,
        onRequest: meter.pollerRequests(c.service),
        pollIntervalMs: options.pollIntervalMs ?? 250,
        concurrency: options.consumerConcurrency ?? 1,
        // While requests are being served, consumers take a batch at most every 250 ms each: intake
        // goes first and the queues hold the work, as separate Lambda concurrency would in AWS.
        pauseBetweenBatches: () => (gateway.inFlight() > 0 ? 250 : 0),
      }),
  );
  for (const poller of pollers) poller.start();
  if (options.runSchedules ?? true) scheduler.start();
  serving = true;

  return {
    url: gateway.url,
    bus,
    queues,
    scheduler,
    redrive,
    billing,
    stop: async () => {
      serving = false;
      await closeServer(gateway.server);
      await Promise.all(pollers.map((p) => p.stop()));
      await scheduler.stop();
      await closeServer(aws.server);
      for (const queue of queues.values()) queue.close();
      await throttling?.close();
      await dynamo.stop();
      meter.stop();
    },
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
