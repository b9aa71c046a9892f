import { fileURLToPath } from 'node:url';
import { Duration } from 'aws-cdk-lib';
import type { Role } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { HandlerRef } from '../../shared/runtime/manifest.ts';
import { cityResourceName, NAME_LIMITS } from '../../shared/runtime/names.ts';
import { LAMBDA_BUNDLE } from './bundling.ts';

/** The repository's lock file: it fixes the project root esbuild bundles from. */
const LOCK_FILE = fileURLToPath(new URL('../../package-lock.json', import.meta.url));

/** Properties of a {@link ServiceFunction}. */
export interface ServiceFunctionProps {
  readonly city: string;
  readonly service: string;
  /** Short kebab-case name of the handler within its service: `create-note`. */
  readonly name: string;
  readonly handler: HandlerRef;
  readonly description: string;
  readonly environment: Record<string, string>;
  /**
   * The service's execution role, shared by its functions: they all get the same grants anyway,
   * and a role and a policy per function would take a city stack past CloudFormation's 500
   * resources.
   */
  readonly role: Role;
  /** The city's config, compiled into the bundle (read by shared/runtime/city.ts). */
  readonly cityConfigJson: string;
}

/**
 * One Lambda function of a service, `minqing-<city>-<service>-<name>`: Node.js 24 on arm64, an
 * ESM bundle (infra/cdk/bundling.ts: the runtime's AWS SDK, no source map), X-Ray active tracing, its own log group, and its service's role. The role starts with
 * nothing but writing to that log group (no AWS managed policy); everything else comes from
 * `grant*` calls by the service construct.
 */
export class ServiceFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ServiceFunctionProps) {
    super(scope, id);
    const functionName = cityResourceName(props.city, [props.service, props.name], NAME_LIMITS.function);
    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: RetentionDays.THREE_MONTHS,
    });
    this.role = props.role;
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      functionName,
      description: props.description.slice(0, 256),
      entry: props.handler.file,
      handler: props.handler.exportName,
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      timeout: Duration.seconds(props.handler.timeoutSeconds),
      memorySize: props.handler.memoryMb,
      role: this.role,
      logGroup: this.logGroup,
      depsLockFilePath: LOCK_FILE,
      // Active tracing: X-Ray samples requests, and Powertools Tracer (shared/runtime/tracing.ts) records them.
      tracing: Tracing.ACTIVE,
      environment: { POWERTOOLS_SERVICE_NAME: `minqing-${props.service}`, ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        target: LAMBDA_BUNDLE.target,
        mainFields: [...LAMBDA_BUNDLE.mainFields],
        externalModules: [...LAMBDA_BUNDLE.runtimeProvided],
        minify: LAMBDA_BUNDLE.minify,
        sourceMap: LAMBDA_BUNDLE.sourceMap,
        banner: LAMBDA_BUNDLE.banner,
        define: { __MINQING_CITY_CONFIG__: JSON.stringify(props.cityConfigJson) },
        ...(props.handler.copyDir ? { commandHooks: copyBesideBundle(props.handler.copyDir) } : {}),
      },
    });
  }
}

/** Bundling hooks that copy a folder of static files next to the bundle as `web/`. */
function copyBesideBundle(dir: string) {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => [`cp -R "${dir.replace(/\/$/, '')}" "${outputDir}/web"`],
  };
}
