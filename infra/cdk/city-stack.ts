import { CfnOutput, CfnResource, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct, IConstruct } from 'constructs';
import type { CityConfig } from '../../shared/city/config.ts';
import { internalFunctionEnvVar, type ServiceManifest } from '../../shared/runtime/manifest.ts';
import { CityBackup } from './backup.ts';
import { CityApi } from './city-api.ts';
import { CityBus } from './city-bus.ts';
import { CityEdge, staticFolders } from './edge.ts';
import { CityKeys } from './city-keys.ts';
import { CityMonitoring } from './monitoring.ts';
import { PEAK_ALIASED_ROUTES, prepareForPeak } from './peak.ts';
import { ServiceStack } from './service-stack.ts';

/** Properties of a {@link CityStack}: the city's config and the services it runs. */
export interface CityStackProps extends StackProps {
  readonly config: CityConfig;
  readonly services: readonly ServiceManifest[];
  /** The web ACL made in us-east-1 for a city in another region; absent, the Edge nested stack makes it. */
  readonly webAclArn?: string;
}

/** The CloudFormation stack name of a city: `Minqing-<city>`. */
export function cityStackName(city: string): string {
  return `Minqing-${city}`;
}

/**
 * Everything one city runs, deployed as one stack: the shared parts (event bus, KMS keys, HTTP API)
 * here, and one nested {@link ServiceStack} per service manifest, so that no single template comes
 * near CloudFormation's 500-resource limit as services grow. Every resource is tagged
 * `city=<name>` and `app=minqing`, and every named resource carries the city, so cities deploy
 * side by side in one account.
 */
export class CityStack extends Stack {
  readonly bus: CityBus;
  readonly api: CityApi;
  readonly keys: CityKeys;
  readonly services: ReadonlyMap<string, ServiceStack>;
  readonly monitoring: CityMonitoring;
  readonly backup: CityBackup;
  readonly edge: CityEdge;

  constructor(scope: Construct, id: string, props: CityStackProps) {
    const { config, services: manifests, webAclArn, ...stackProps } = props;
    super(scope, id, { description: `Minqing (民情直通) for ${config.displayName} [${config.name}]`, ...stackProps });
    Tags.of(this).add('city', config.name);
    Tags.of(this).add('app', 'minqing');

    this.bus = new CityBus(this, 'Events', { config });
    this.api = new CityApi(this, 'Http', { config });
    this.keys = new CityKeys(this, 'Keys', { city: config.name, tokenSigning: config.tokenSigning });
    const cityConfigJson = JSON.stringify(config);
    const services = new Map<string, ServiceStack>();
    for (const service of manifests) {
      if (services.has(service.name)) throw new Error(`service ${service.name} is listed twice`);
      services.set(
        service.name,
        new ServiceStack(this, `Service-${service.name}`, {
          city: config.name,
          cityConfigJson,
          externalAccess: service.externalAccess?.(config),
          keys: this.keys,
          service,
          bus: this.bus.bus,
          api: this.api,
          aliasedRoutes: PEAK_ALIASED_ROUTES,
        }),
      );
    }
    this.services = services;
    grantInternalFunctions(manifests, services);
    prepareForPeak(config.peak, config.timeZone, this.api, services);
    this.monitoring = new CityMonitoring(this, 'Monitoring', { config, services, api: this.api });
    this.backup = new CityBackup(this, 'Backup', { city: config.name, termYears: config.archive.termYears, services });
    this.edge = new CityEdge(this, 'Edge', { config, api: this.api, folders: staticFolders(manifests), webAclArn });
    assertUniquePhysicalNames(this);

    new CfnOutput(this, 'PublicUrl', {
      value: config.edge.domain ? `https://${config.edge.domain}` : `https://${this.edge.distribution.distributionDomainName}`,
      description: 'Pages, console and API, behind WAF (publicBaseUrl in the city config)',
    });
    new CfnOutput(this, 'BackupRoleArn', { value: this.backup.role.roleArn, description: 'For aws backup start-restore-job --iam-role-arn' });
    new CfnOutput(this, 'EventBusName', { value: this.bus.bus.eventBusName });
    new CfnOutput(this, 'EventBusArn', { value: this.bus.bus.eventBusArn, description: 'For subscriber agencies' });
    for (const manifest of manifests) {
      if (!manifest.firstStart?.secret) continue;
      new CfnOutput(this, `SecretName-${manifest.name}-${manifest.firstStart.secret}`, {
        value: `minqing/${config.name}/${manifest.firstStart.secret}`,
        description: `Secrets Manager: ${manifest.name}'s ${manifest.firstStart.secret} (one-time; read it, use it, change it)`,
      });
    }
  }
}

/**
 * Lets each caller named by an internal function invoke it, and only those: the caller service's
 * role may `lambda:InvokeFunction` on exactly that function's ARN (callers invoke it by name,
 * unqualified, so no version or alias), and each of its functions gets the name in
 * `MINQING_FUNCTION_<SERVICE>_<NAME>`. A caller that is not in this stack gets nothing. The grant
 * is an identity policy in the caller's stack; CDK passes the callee's name and ARN across as an
 * output of its stack and a parameter of the caller's.
 */
function grantInternalFunctions(manifests: readonly ServiceManifest[], services: ReadonlyMap<string, ServiceStack>): void {
  for (const manifest of manifests) {
    for (const spec of manifest.internalFunctions ?? []) {
      const callee = services.get(manifest.name)!.internalFunctions.get(spec.name)!;
      for (const callerName of spec.callers) {
        const caller = services.get(callerName);
        if (!caller) continue;
        caller.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [callee.fn.functionArn] }));
        for (const { fn } of caller.functions.values()) {
          fn.addEnvironment(internalFunctionEnvVar(manifest.name, spec.name), callee.fn.functionName);
        }
      }
    }
  }
}

/** Name properties that must be unique per type; CloudFormation would only find a clash on deploy. */
const NAME_PROPERTIES: Record<string, string> = {
  'AWS::SQS::Queue': 'queueName',
  'AWS::Lambda::Function': 'functionName',
  'AWS::Events::Rule': 'name',
  'AWS::DynamoDB::Table': 'tableName',
  'AWS::Logs::LogGroup': 'logGroupName',
};

function assertUniquePhysicalNames(root: IConstruct): void {
  const seen = new Map<string, string>();
  for (const node of root.node.findAll()) {
    if (!CfnResource.isCfnResource(node)) continue;
    const property = NAME_PROPERTIES[node.cfnResourceType];
    if (!property) continue;
    const name = (node as unknown as Record<string, unknown>)[property];
    if (typeof name !== 'string') continue;
    const key = `${node.cfnResourceType} ${name}`;
    const other = seen.get(key);
    if (other) throw new Error(`${node.node.path} and ${other} would both be named ${name}`);
    seen.set(key, node.node.path);
  }
}
