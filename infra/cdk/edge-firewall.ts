import { CfnOutput, Stack, Tags, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { CityConfig } from '../../shared/city/config.ts';
import { cityResourceName, NAME_LIMITS } from '../../shared/runtime/names.ts';

/** The one region where CloudFront reads web ACLs (scope CLOUDFRONT) and certificates. */
export const CLOUDFRONT_REGION = 'us-east-1';

/**
 * The city's AWS WAF web ACL for its CloudFront distribution, so in front of the pages, the console
 * and the API alike: AWS's common rule set, then a rate-based rule that blocks an address sending
 * more than the config's `edge.requestsPerFiveMinutesPerAddress` in five minutes.
 */
export class EdgeFirewall extends Construct {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: { config: CityConfig }) {
    super(scope, id);
    const { config } = props;
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      name: cityResourceName(config.name, ['edge'], NAME_LIMITS.rule),
      scope: 'CLOUDFRONT',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(config.name, 'edge'),
      rules: [
        {
          name: 'common',
          priority: 0,
          statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
          overrideAction: { none: {} },
          visibilityConfig: visibility(config.name, 'common'),
        },
        {
          name: 'rate-per-address',
          priority: 1,
          statement: { rateBasedStatement: { limit: config.edge.requestsPerFiveMinutesPerAddress, aggregateKeyType: 'IP' } },
          action: { block: {} },
          visibilityConfig: visibility(config.name, 'rate'),
        },
      ],
    });
  }
}

/** The stack name of a city's web ACL when the city lives outside us-east-1: `Minqing-<city>-edge`. */
export function edgeFirewallStackName(city: string): string {
  return `Minqing-${city}-edge`;
}

/**
 * Whether a city's web ACL needs a stack of its own in us-east-1: yes when the config names another
 * region. A city without a region is environment-agnostic and keeps the web ACL in its Edge nested
 * stack, so it deploys to us-east-1 (docs/operations.md, decision 49).
 */
export function needsEdgeFirewallStack(config: CityConfig): boolean {
  return config.region !== undefined && config.region !== CLOUDFRONT_REGION;
}

/**
 * The small us-east-1 stack of a city deployed elsewhere: only its {@link EdgeFirewall}. The city
 * stack reads the web ACL's ARN through CDK's cross-region references (an SSM parameter written in
 * the city's region), and `cdk deploy --all` deploys this stack first.
 */
export class EdgeFirewallStack extends Stack {
  readonly firewall: EdgeFirewall;

  constructor(scope: Construct, id: string, props: StackProps & { config: CityConfig }) {
    const { config, ...stackProps } = props;
    super(scope, id, {
      ...stackProps,
      description: `Minqing web ACL of ${config.displayName} [${config.name}] (CloudFront reads it only in ${CLOUDFRONT_REGION})`,
      env: { account: config.account, region: CLOUDFRONT_REGION },
      crossRegionReferences: true,
    });
    Tags.of(this).add('city', config.name);
    Tags.of(this).add('app', 'minqing');
    this.firewall = new EdgeFirewall(this, 'Firewall', { config });
    new CfnOutput(this, 'WebAclArn', { value: this.firewall.webAcl.attrArn });
  }
}

function visibility(city: string, name: string): CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName: `minqing-${city}-${name}` };
}
