import { SOURCE_KEY_ENV } from '../../shared/abuse/source-keys.ts';
import { basename, extname } from 'node:path';
import { createHash } from 'node:crypto';
import { CustomResource, NestedStack } from 'aws-cdk-lib';
import type { CfnTable, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import {
  ENV,
  type ExternalAccess,
  FIRST_START_SECRET_ENV,
  type HandlerRef,
  type ServiceManifest,
  tableEnvVar,
  workQueueEnvVar,
} from '../../shared/runtime/manifest.ts';
import { PREVIOUS_SIGNING_KEY_ENV } from '../../shared/auth/signing-key.ts';
import { EDGE_ORIGIN_TOKEN_ENV } from '../../shared/runtime/client-address.ts';
import type { CityApi } from './city-api.ts';
import type { CityKeys } from './city-keys.ts';
import { grantExternalAccess } from './external-access.ts';
import { acknowledge, NAG_REASONS } from './nag.ts';
import { kebabCase } from '../../shared/runtime/names.ts';
import { ScheduleTrigger } from './schedule-trigger.ts';
import { ServiceFunction } from './service-function.ts';
import type { Alias } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { ServiceTable } from './service-table.ts';
import { Subscription } from './subscription.ts';
import { WorkQueue } from './work-queue.ts';

/** Properties of a {@link ServiceStack}: the manifest, and the city's bus, keys and API it plugs into. */
export interface ServiceStackProps {
  readonly city: string;
  /** The city's config as JSON, compiled into every function. */
  readonly cityConfigJson: string;
  /** What the service reaches outside the stack in this city (the manifest's `externalAccess`). */
  readonly externalAccess?: ExternalAccess;
  readonly keys: CityKeys;
  readonly service: ServiceManifest;
  readonly bus: IEventBus;
  readonly api: CityApi;
  /**
   * Routes the API invokes through their function's `live` alias instead of the function itself:
   * provisioned concurrency is set on an alias, and only calls through it use the warm instances.
   */
  readonly aliasedRoutes?: ReadonlySet<string>;
}

/** A handler of the manifest and everything that invokes it. */
interface HandlerUse {
  readonly name: string;
  readonly handler: HandlerRef;
  readonly uses: string[];
}

/**
 * Everything one service deploys, built from its manifest alone, as a nested stack of the city
 * stack: its table, one function per distinct handler, its HTTP routes and their integrations on
 * the city's API, its subscriptions (rule → queue → function) and schedules. The city's bus, keys
 * and API stay in the parent; CDK passes their names and ARNs in as parameters of this stack.
 * IAM comes only from `grant*`, on this stack's side: the service's functions may read and write
 * its own table, and put events on the city bus only if the service publishes any.
 */
export class ServiceStack extends NestedStack {
  readonly table: Table;
  /** The execution role of the service's functions (all of them, but those declared `withoutKeys`). */
  readonly role: Role;
  /** The role of the functions declared `withoutKeys`, if the service has keys and such functions. */
  readonly keylessRole?: Role;
  readonly functions: ReadonlyMap<string, ServiceFunction>;
  /** The function behind each route, by route key (`POST /v1/messages`). */
  readonly routeFunctions = new Map<string, NodejsFunction>();
  /** The `live` alias the API invokes for each of the props' `aliasedRoutes` this service serves. */
  readonly routeAliases = new Map<string, Alias>();
  /** The manifest's internal functions by name (not on the API; the city stack grants their callers). */
  readonly internalFunctions: ReadonlyMap<string, ServiceFunction>;
  readonly subscriptions: readonly Subscription[];
  readonly schedules: readonly ScheduleTrigger[];
  readonly workQueues: readonly WorkQueue[];
  /** The secret of the service's first start, if it has one (e.g. the first admin's one-time password). */
  readonly firstStartSecret?: Secret;

  constructor(scope: Construct, id: string, props: ServiceStackProps) {
    const { city, service, bus, api } = props;
    super(scope, id, { description: `Minqing ${service.name} service of ${city}` });
    if (!/^[a-z][a-z0-9-]*$/.test(service.name)) throw new Error(`service name "${service.name}" must be lower-case kebab-case`);
    checkUnique(service.name, 'subscription, schedule or work queue', [
      ...service.subscriptions.map((s) => s.name),
      ...service.schedules.map((s) => s.name),
      ...(service.workQueues ?? []).map((q) => q.name),
    ]);
    checkUnique(
      service.name,
      'route',
      service.routes.map((r) => `${r.method} ${r.path}`),
    );
    checkUnique(
      service.name,
      'internal function',
      (service.internalFunctions ?? []).map((f) => f.name),
    );

    this.table = new ServiceTable(this, 'Table', { city, service: service.name, spec: service.table }).table;

    const environment: Record<string, string> = {
      [ENV.city]: city,
      [ENV.eventBus]: bus.eventBusName,
      [tableEnvVar(service.name)]: this.table.tableName,
    };
    this.workQueues = (service.workQueues ?? []).map((spec) => new WorkQueue(this, `WorkQueue-${spec.name}`, { city, service: service.name, spec }));
    for (const { spec, queue } of this.workQueues) environment[workQueueEnvVar(service.name, spec.name)] = queue.queueUrl;
    if (service.keys?.tokens) environment.MINQING_SIGNING_KEY_ID = props.keys.tokenSigning.keyArn;
    const previousSigningKey = service.keys?.tokens ? props.keys.previousTokenSigningKeyArn : undefined;
    if (previousSigningKey) environment[PREVIOUS_SIGNING_KEY_ENV] = previousSigningKey;
    if (service.keys?.personalData) environment.MINQING_DATA_KEY_ID = props.keys.personalData.keyArn;
    if (service.keys?.sources) environment[SOURCE_KEY_ENV] = props.keys.sourceHash.keyArn;
    // Behind the edge, a route believes CloudFront's report of the viewer's address only with this token.
    if (service.routes.length > 0) environment[EDGE_ORIGIN_TOKEN_ENV] = props.api.edgeOriginToken;
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${service.name} service's functions (${city})`,
    });
    if (props.externalAccess) grantExternalAccess(this.role, props.externalAccess);
    const uses = handlerUses(service);
    // Functions that use none of the service's keys get a second role without them (hole 5 of the
    // security review): one more role per service that has both kinds, not one per function.
    const keyed = Boolean(service.keys?.tokens || service.keys?.personalData);
    if (keyed && uses.some((use) => use.handler.withoutKeys)) {
      this.keylessRole = new Role(this, 'KeylessRole', {
        assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
        description: `Execution role of the ${service.name} service's functions that use no key (${city})`,
      });
    }
    const roleOf = (handler: HandlerRef) => (handler.withoutKeys && this.keylessRole) || this.role;
    const functions = new Map<string, ServiceFunction>();
    for (const use of uses) {
      const fn = new ServiceFunction(this, `Fn-${use.name}`, {
        city,
        service: service.name,
        name: use.name,
        handler: use.handler,
        description: `${service.name}: ${use.uses.join('; ')}`,
        environment,
        role: roleOf(use.handler),
        cityConfigJson: props.cityConfigJson,
      });
      functions.set(handlerKey(use.handler), fn);
    }
    this.functions = functions;
    const functionOf = (handler: HandlerRef) => functions.get(handlerKey(handler))!.fn;
    this.internalFunctions = new Map((service.internalFunctions ?? []).map((spec) => [spec.name, functions.get(handlerKey(spec.handler))!]));

    const routes = new Construct(this, 'Routes');
    for (const route of service.routes) {
      const routeKey = `${route.method} ${route.path}`;
      const fn = functionOf(route.handler);
      this.routeFunctions.set(routeKey, fn);
      if (!props.aliasedRoutes?.has(routeKey)) {
        api.addRoute(routes, route.method, route.path, fn);
        continue;
      }
      // One alias per function, whichever of its routes asks first; it follows each deploy's version.
      const alias = [...this.routeAliases.values()].find((a) => a.lambda === fn) ?? fn.addAlias('live');
      this.routeAliases.set(routeKey, alias);
      api.addRoute(routes, route.method, route.path, alias);
    }
    this.subscriptions = service.subscriptions.map(
      (spec) => new Subscription(this, `Subscription-${spec.name}`, { city, service: service.name, spec, bus, fn: functionOf(spec.handler) }),
    );
    this.schedules = service.schedules.map(
      (spec) => new ScheduleTrigger(this, `Schedule-${spec.name}`, { city, service: service.name, spec, fn: functionOf(spec.handler) }),
    );
    for (const workQueue of this.workQueues) workQueue.consumeWith(functionOf(workQueue.spec.handler));

    if (service.firstStart) this.firstStartSecret = this.firstStart(city, service, functionOf(service.firstStart.handler), props.cityConfigJson);

    const tableLogicalId = this.getLogicalId(this.table.node.defaultChild as CfnTable);
    acknowledge(this.role, `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`, NAG_REASONS.tableIndexWildcard);
    acknowledge(this.role, 'AwsSolutions-IAM5[Resource::*]', NAG_REASONS.xrayWrite);
    if (this.keylessRole) {
      acknowledge(this.keylessRole, `AwsSolutions-IAM5[Resource::<${tableLogicalId}.Arn>/index/*]`, NAG_REASONS.tableIndexWildcard);
      acknowledge(this.keylessRole, 'AwsSolutions-IAM5[Resource::*]', NAG_REASONS.xrayWrite);
    }
    // A service puts only its own events on the bus: EventBridge checks each entry's source.
    const sources = [...new Set(service.publishes.map((c) => c.source))];
    if (sources.length > 0) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({ actions: ['events:PutEvents'], resources: [bus.eventBusArn], conditions: { StringEquals: { 'events:source': sources } } }),
      );
    }
    // During a rotation the previous key only verifies: its public key, nothing more.
    if (previousSigningKey) this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['kms:GetPublicKey'], resources: [previousSigningKey] }));
    for (const { fn } of functions.values()) {
      this.table.grantReadWriteData(fn);
      // A keyless function reads its table and writes its logs; it puts nothing on the bus.
      if (this.keylessRole && fn.role === this.keylessRole) continue;
      for (const workQueue of this.workQueues) workQueue.queue.grantSendMessages(fn);
      if (service.keys?.tokens === 'sign') props.keys.tokenSigning.grant(fn, 'kms:Sign', 'kms:GetPublicKey');
      if (service.keys?.tokens === 'verify') props.keys.tokenSigning.grant(fn, 'kms:GetPublicKey');
    }
    // Exactly what the field cipher calls (envelope encryption), for data keys of this service only.
    if (service.keys?.personalData) props.keys.grantPersonalData(this.role, service.name);
    if (service.keys?.sources) props.keys.sourceHash.grant(this.role, 'kms:GenerateMac');
  }

  /**
   * The first start: the secret (generated by CloudFormation, readable by this function only) and a
   * custom resource invoking the function directly, on create and whenever the city's config
   * changes. It runs after the role's grants exist, so it can read the secret and the table.
   */
  private firstStart(city: string, service: ServiceManifest, fn: NodejsFunction, cityConfigJson: string): Secret | undefined {
    const spec = service.firstStart!;
    let secret: Secret | undefined;
    if (spec.secret) {
      secret = new Secret(this, 'FirstStartSecret', {
        secretName: `minqing/${city}/${spec.secret}`,
        description: `Minqing ${city}: ${spec.secret} (one-time, generated at deploy)`,
        generateSecretString: { passwordLength: 20, excludePunctuation: true, includeSpace: false },
      });
      secret.grantRead(fn);
      fn.addEnvironment(FIRST_START_SECRET_ENV, secret.secretArn);
      acknowledge(secret, 'AwsSolutions-SMG4', NAG_REASONS.oneTimeSecretRotation);
    }
    const run = new CustomResource(this, 'FirstStart', {
      serviceToken: fn.functionArn,
      resourceType: 'Custom::MinqingFirstStart',
      properties: { CityConfig: createHash('sha256').update(cityConfigJson).digest('hex') },
    });
    run.node.addDependency(this.role);
    return secret;
  }
}

/** Routes, subscriptions, schedules and internal functions grouped by the handler they invoke: one function each. */
function handlerUses(service: ServiceManifest): HandlerUse[] {
  const byKey = new Map<string, HandlerUse>();
  const add = (handler: HandlerRef, use: string) => {
    const key = handlerKey(handler);
    const existing = byKey.get(key);
    if (existing) {
      if (existing.handler.timeoutSeconds !== handler.timeoutSeconds || existing.handler.memoryMb !== handler.memoryMb) {
        throw new Error(`service ${service.name}: ${key} is declared with different timeout or memory (${use})`);
      }
      existing.uses.push(use);
      return;
    }
    const name = handlerName(handler);
    const clash = [...byKey.values()].find((u) => u.name === name);
    if (clash) throw new Error(`service ${service.name}: handlers ${key} and ${handlerKey(clash.handler)} would share the name "${name}"`);
    byKey.set(key, { name, handler, uses: [use] });
  };
  for (const route of service.routes) add(route.handler, `${route.method} ${route.path}`);
  for (const sub of service.subscriptions) add(sub.handler, `subscription ${sub.name}`);
  for (const schedule of service.schedules) add(schedule.handler, `schedule ${schedule.name}`);
  for (const internal of service.internalFunctions ?? []) add(internal.handler, `internal ${internal.name}`);
  for (const workQueue of service.workQueues ?? []) add(workQueue.handler, `work queue ${workQueue.name}`);
  if (service.firstStart) add(service.firstStart.handler, 'first start');
  return [...byKey.values()];
}

function handlerKey(handler: HandlerRef): string {
  return `${handler.file}#${handler.exportName}`;
}

/** `handlers/create-note.ts#handler` → `create-note`; another export adds its name: `create-note-retry`. */
function handlerName(handler: HandlerRef): string {
  const file = kebabCase(basename(handler.file, extname(handler.file)));
  return handler.exportName === 'handler' ? file : `${file}-${kebabCase(handler.exportName)}`;
}

function checkUnique(service: string, what: string, names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new Error(`service ${service}: ${what} "${name}" is declared twice`);
    seen.add(name);
  }
}
