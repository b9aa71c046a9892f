import { App } from 'aws-cdk-lib';
import { BUNDLING_STACKS } from 'aws-cdk-lib/cx-api';
import type { CityConfig } from '../../shared/city/config.ts';
import type { ServiceManifest } from '../../shared/runtime/manifest.ts';
import { CityStack, cityStackName } from './city-stack.ts';
import { mergedTemplate, stackTemplates, type StackTemplate, type TemplateJson } from './city-template.ts';
import { EdgeFirewallStack, edgeFirewallStackName, needsEdgeFirewallStack } from './edge-firewall.ts';
import { enableNag } from './nag.ts';

export type { StackTemplate, TemplateJson } from './city-template.ts';

/**
 * Builds a city's stack in an app: `Minqing-<city>` with its nested stacks, in the config's account
 * and region if set. A city whose region is not us-east-1 also gets `Minqing-<city>-edge` there,
 * holding its web ACL, which the city stack references across regions (decision 49).
 */
export function addCityStack(app: App, config: CityConfig, services: readonly ServiceManifest[]): CityStack {
  const env = config.account || config.region ? { account: config.account, region: config.region } : undefined;
  if (!needsEdgeFirewallStack(config)) return new CityStack(app, cityStackName(config.name), { config, services, ...(env ? { env } : {}) });
  const firewall = new EdgeFirewallStack(app, edgeFirewallStackName(config.name), { config });
  return new CityStack(app, cityStackName(config.name), {
    config,
    services,
    env,
    crossRegionReferences: true,
    webAclArn: firewall.firewall.webAcl.attrArn,
  });
}

export interface CityAppOptions {
  /** Run esbuild for every function (slow); off, assets are placeholders. Default false. */
  readonly bundle?: boolean;
  /** Run the cdk-nag AwsSolutions checks during synth. Default true. */
  readonly nag?: boolean;
  /**
   * Run CDK's built-in CloudFormation template validation (a WASM rule engine; about 2.5 s the
   * first time in a process, 0.15 s after). `cdk synth` (app.ts) runs it too. Default false.
   */
  readonly cfnValidation?: boolean;
}

/**
 * A fresh app holding one city stack, for tests and tools. Without `bundle`, the app's context
 * `aws:cdk:bundling-stacks` is empty, so NodejsFunction skips esbuild (entry files must still exist).
 * The app writes its cloud assembly to a temporary directory.
 */
export function buildCityApp(config: CityConfig, services: readonly ServiceManifest[], options: CityAppOptions = {}): { app: App; stack: CityStack } {
  const app = new App({
    context: options.bundle ? {} : { [BUNDLING_STACKS]: [] },
    builtinCloudFormationValidation: options.cfnValidation ?? false,
  });
  const stack = addCityStack(app, config, services);
  if (options.nag ?? true) enableNag(app);
  return { app, stack };
}

/**
 * Synthesizes a city's stacks and returns them as one template ({@link mergedTemplate}: the
 * nested stacks' resources merged into the parent's, references between them resolved); by
 * default cdk-nag on, bundling and CloudFormation validation off.
 * The parity test reads every rule's `EventPattern` and its target queue's `QueueName` from it.
 */
export function synthCityTemplate(config: CityConfig, services: readonly ServiceManifest[], options: CityAppOptions = {}): TemplateJson {
  const { app, stack } = buildCityApp(config, services, options);
  return mergedTemplate(app.synth(), stack);
}

/** Synthesizes a city's stacks and returns each template as CloudFormation deploys it, parent first. */
export function synthCityStackTemplates(config: CityConfig, services: readonly ServiceManifest[], options: CityAppOptions = {}): StackTemplate[] {
  const { app, stack } = buildCityApp(config, services, options);
  return stackTemplates(app.synth(), stack);
}
