import { Stack } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { AccountPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { CityConfig } from '../../shared/city/config.ts';
import { cityResourceName, NAME_LIMITS } from '../../shared/runtime/names.ts';

/**
 * What a subscriber agency may do on the city bus: manage its own rules and their targets.
 * It cannot put events, and cannot see or touch rules created by anyone else.
 */
export const SUBSCRIBER_RULE_ACTIONS = [
  'events:PutRule',
  'events:PutTargets',
  'events:DeleteRule',
  'events:RemoveTargets',
  'events:DescribeRule',
  'events:ListTargetsByRule',
] as const;

/** Properties of a {@link CityBus}. */
export interface CityBusProps {
  readonly config: CityConfig;
}

/**
 * The city's custom EventBridge bus `minqing-<city>`, with a resource policy that lets exactly the
 * config's `subscriberAccounts` manage the rules they create on it, and nobody else.
 */
export class CityBus extends Construct {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string, props: CityBusProps) {
    super(scope, id);
    const { config } = props;
    const busName = cityResourceName(config.name, [], NAME_LIMITS.eventBus);
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: busName,
      description: `Minqing events of ${config.name}`,
    });

    const seen = new Set<string>();
    for (const subscriber of config.subscriberAccounts) {
      if (seen.has(subscriber.accountId)) {
        throw new Error(`city ${config.name}: subscriber account ${subscriber.accountId} is listed twice`);
      }
      seen.add(subscriber.accountId);
      // Cross-account rule management: the other account calls PutRule/PutTargets with this bus's
      // ARN; `events:creatorAccount` limits it to the rules it created itself (our own rules have
      // our account as creator). See
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-perms.html and
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-bus-example-policy-same-account-creator.html
      this.bus.addToResourcePolicy(
        new PolicyStatement({
          sid: `SubscriberRules${subscriber.accountId}`,
          principals: [new AccountPrincipal(subscriber.accountId)],
          actions: [...SUBSCRIBER_RULE_ACTIONS],
          resources: [Stack.of(this).formatArn({ service: 'events', resource: 'rule', resourceName: `${busName}/*` })],
          conditions: { StringEqualsIfExists: { 'events:creatorAccount': subscriber.accountId } },
        }),
      );
    }
  }
}
