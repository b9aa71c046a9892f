import { describe, expect, it } from 'vitest';
import { synthCityTemplate } from '../../infra/cdk/synth.ts';
import { loadCityConfig } from '../../shared/city/config.ts';
import { LocalEventBus } from '../../infra/local/local-bus.ts';
import { createSubscriptions } from '../../infra/local/subscriptions.ts';
import { services } from '../../services/manifests.ts';
import { publicContracts } from '../../shared/events/catalog/index.ts';
import { createEvent, type EventContract } from '../../shared/events/envelope.ts';
import { matchesPattern, toBusEvent, type BusEvent, type EventPattern } from '../../shared/events/pattern.ts';
import { NoteCreated, NoteTallied } from '../fixture/events.ts';
import { fixtureService } from '../fixture/service.ts';

/**
 * Parity: the rules of the synthesized CloudFormation template route every sample event to the
 * same queues as the local bus built from the same manifests.
 */
describe('routing parity between the CDK template and the local bus', () => {
  const city = loadCityConfig('demo');
  const manifests = [...services, fixtureService];

  // Prepare: the rules as deployed (pattern → target queue name), read from the template
  const template = synthCityTemplate(city, manifests) as { Resources: Record<string, { Type: string; Properties: any }> };
  const deployedRules = Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::Events::Rule' && r.Properties.EventPattern)
    .map((r) => {
      const targetId = r.Properties.Targets[0].Arn['Fn::GetAtt'][0] as string;
      return { pattern: r.Properties.EventPattern as EventPattern, queue: template.Resources[targetId]!.Properties.QueueName as string };
    });

  // Prepare: the local bus as the local platform builds it
  const { rules } = createSubscriptions(city.name, manifests, { queueDir: undefined });
  const localBus = new LocalEventBus('minqing-demo', rules);

  const asBusEvent = (contract: EventContract, overrides: Partial<{ source: string; detailType: string }> = {}): BusEvent => {
    const event = createEvent(contract, contract.sample, { city: city.name, now: new Date('2026-03-05T01:30:00Z') });
    return toBusEvent({
      id: 'parity',
      source: overrides.source ?? event.source,
      detailType: overrides.detailType ?? event.detailType,
      detail: event.detail,
      time: '2026-03-05T01:30:00Z',
      account: '123456789012',
      region: 'cn-northwest-1',
    });
  };
  const samples: [string, BusEvent][] = [
    ...[...publicContracts, NoteCreated, NoteTallied].map((c): [string, BusEvent] => [`${c.source} ${c.detailType}`, asBusEvent(c)]),
    ['a foreign source', asBusEvent(NoteCreated, { source: 'other.agency' })],
    ['an unknown detail-type', asBusEvent(NoteCreated, { detailType: 'NoteDeleted' })],
  ];

  it('has one deployed rule per subscription of every manifest', () => {
    const subscriptions = manifests.flatMap((m) => m.subscriptions);
    expect(deployedRules).toHaveLength(subscriptions.length);
    expect(deployedRules.length).toBeGreaterThan(0);
  });

  it.each(samples)('routes %s to the same queues', (_name, event) => {
    // Act
    const deployed = deployedRules
      .filter((r) => matchesPattern(r.pattern, event))
      .map((r) => r.queue)
      .sort();
    const local = localBus.route(event).sort();

    // Assess
    expect(local).toEqual(deployed);
  });

  it('routes at least one sample somewhere, so agreement is not agreement on nothing', () => {
    const routed = samples.filter(([, event]) => localBus.route(event).length > 0);
    expect(routed.length).toBeGreaterThan(0);
  });
});
