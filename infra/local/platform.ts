import { join } from 'node:path';
import type { Server } from 'node:http';
import { dynamoClients } from '../../shared/store/client.ts';
import { ENV, resourceNames, tableEnvVar, type ServiceManifest } from '../../shared/runtime/manifest.ts';
import type { CityConfig } from '../cities/city-config.ts';
import { startAwsEndpoint } from './aws-endpoint.ts';
import { startGateway, type PlatformRoute } from './gateway.ts';
import { LocalLambdaRuntime } from './lambda-runtime.ts';
import { LocalEventBus, type LocalRule } from './local-bus.ts';
import { ensureTable, startDynalite } from './local-dynamo.ts';
import { LocalQueue } from './local-queue.ts';
import { platformLogger } from './platform-log.ts';
import { QueuePoller } from './queue-poller.ts';
import { compileRoute, sortRoutes } from './routes.ts';
import { LocalScheduler } from './scheduler.ts';

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
  /** Run the manifests' schedules on their own clock (off in tests, which run them on demand). */
  runSchedules?: boolean;
  /** Called once the tables exist and before handlers load (the demo seed hooks in here). */
  beforeServe?: (platform: { endpoint: string }) => Promise<void>;
}

/** The running local platform. */
export interface LocalPlatform {
  url: string;
  bus: LocalEventBus;
  queues: Map<string, LocalQueue>;
  scheduler: LocalScheduler;
  /** Moves a dead-letter queue's messages back to its source queue. */
  redrive(queueName: string): number;
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
  const dynamo = await startDynalite(options.dataDir ? join(options.dataDir, 'dynamodb') : undefined);

  const busName = resourceNames.eventBus(city);
  const queues = new Map<string, LocalQueue>();
  const rules: LocalRule[] = [];
  const pollerSpecs: { functionName: string; queue: LocalQueue; sub: ServiceManifest['subscriptions'][number] }[] = [];
  const queueDir = options.dataDir ? join(options.dataDir, 'queues') : undefined;
  for (const service of options.services) {
    for (const sub of service.subscriptions) {
      const visibilityTimeoutMs = options.visibilityTimeoutMs ?? sub.handler.timeoutSeconds * 6 * 1000;
      const dlqName = resourceNames.deadLetterQueue(city, service.name, sub.name);
      const dlq = new LocalQueue({ name: dlqName, dataDir: queueDir, visibilityTimeoutMs });
      const queueName = resourceNames.queue(city, service.name, sub.name);
      const queue = new LocalQueue({
        name: queueName,
        dataDir: queueDir,
        visibilityTimeoutMs,
        deadLetter: { queue: dlq, maxReceiveCount: sub.maxReceiveCount },
      });
      queues.set(dlqName, dlq);
      queues.set(queueName, queue);
      rules.push({ name: queueName, pattern: sub.pattern, queue });
      pollerSpecs.push({ functionName: resourceNames.function(service.name, 'subscription', sub.name), queue, sub });
    }
  }
  const bus = new LocalEventBus(busName, rules);
  const aws = await startAwsEndpoint(bus);

  // Handlers read their wiring from the environment, as they do in Lambda.
  process.env[ENV.city] = city;
  process.env[ENV.eventBus] = busName;
  process.env[ENV.dynamoEndpoint] = dynamo.endpoint;
  process.env[ENV.eventsEndpoint] = aws.url;
  process.env.AWS_REGION ??= 'local';
  for (const service of options.services) process.env[tableEnvVar(service.name)] = resourceNames.table(city, service.name);

  const { raw } = dynamoClients();
  for (const service of options.services) await ensureTable(raw, resourceNames.table(city, service.name), service.table);
  await options.beforeServe?.({ endpoint: dynamo.endpoint });

  const runtime = new LocalLambdaRuntime();
  const routes = sortRoutes(
    options.services.flatMap((service) =>
      service.routes.map((route) =>
        compileRoute(resourceNames.function(service.name, 'route', `${route.method} ${route.path}`), route),
      ),
    ),
  );
  const jobs = options.services.flatMap((service) =>
    service.schedules.map((spec) => ({ functionName: resourceNames.function(service.name, 'schedule', spec.name), spec })),
  );
  await runtime.preload([
    ...routes.map((r) => r.handler),
    ...pollerSpecs.map((p) => p.sub.handler),
    ...jobs.map((j) => j.spec.handler),
  ]);

  const scheduler = new LocalScheduler(jobs, runtime, log);
  const redrive = (queueName: string): number => {
    const dlq = queues.get(queueName);
    const source = [...queues.values()].find((q) => q.deadLetterQueue === dlq);
    if (!dlq || !source) throw new Error(`${queueName} is not a dead-letter queue`);
    return dlq.redriveTo(source);
  };

  let ready = false;
  const platformRoutes: PlatformRoute = async (req, url) => {
    if (url.pathname === '/health' && req.method === 'GET') {
      return ready ? { status: 200, body: { status: 'ok' } } : { status: 503, body: { status: 'starting' } };
    }
    if (!url.pathname.startsWith('/_local/')) return undefined;
    req.resume();
    if (url.pathname === '/_local/queues' && req.method === 'GET') {
      return { status: 200, body: { items: [...queues.values()].map((q) => ({ name: q.name, ...q.depth() })) } };
    }
    const redriveMatch = /^\/_local\/queues\/([^/]+)\/redrive$/.exec(url.pathname);
    if (redriveMatch && req.method === 'POST') {
      try {
        return { status: 200, body: { moved: redrive(decodeURIComponent(redriveMatch[1]!)) } };
      } catch (error) {
        return { status: 404, body: { error: { code: 'NOT_FOUND', message: (error as Error).message } } };
      }
    }
    const runMatch = /^\/_local\/schedules\/([^/]+)\/run$/.exec(url.pathname);
    if (runMatch && req.method === 'POST') {
      const name = decodeURIComponent(runMatch[1]!);
      if (!scheduler.names().includes(name)) return { status: 404, body: { error: { code: 'NOT_FOUND', message: `no schedule ${name}` } } };
      return { status: 200, body: { result: await scheduler.run(name) } };
    }
    return { status: 404, body: { error: { code: 'NOT_FOUND', message: `No route for ${req.method} ${url.pathname}.` } } };
  };
  const gateway = await startGateway({
    port: options.port ?? 3000,
    host: options.host ?? '127.0.0.1',
    routes,
    runtime,
    log,
    platformRoutes,
  });

  const pollers = pollerSpecs.map(
    (p) =>
      new QueuePoller({
        functionName: p.functionName,
        queue: p.queue,
        handler: p.sub.handler,
        batchSize: p.sub.batchSize,
        runtime,
        log,
        pollIntervalMs: options.pollIntervalMs ?? 250,
        concurrency: 4,
      }),
  );
  for (const poller of pollers) poller.start();
  if (options.runSchedules ?? true) scheduler.start();
  ready = true;

  return {
    url: gateway.url,
    bus,
    queues,
    scheduler,
    redrive,
    stop: async () => {
      ready = false;
      await closeServer(gateway.server);
      await Promise.all(pollers.map((p) => p.stop()));
      await scheduler.stop();
      await closeServer(aws.server);
      for (const queue of queues.values()) queue.close();
      await dynamo.stop();
    },
  };
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}
