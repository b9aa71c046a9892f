import { describe, expect, it } from 'vitest';
import { synthCityTemplate } from '../../infra/cdk/synth.ts';
import { fixtureService } from '../fixture/service.ts';
import { demo, props, referencedId, resourcesOf } from './template.ts';

describe('synthCityTemplate', () => {
  it('returns the template with cdk-nag on, from which each rule pattern and its queue name can be read', () => {
    // Prepare
    const expected = fixtureService.subscriptions.map((s) => ({
      pattern: s.pattern,
      queueName: `minqing-demo-fixture-${s.name}`,
    }));

    // Act
    const template = synthCityTemplate(demo, [fixtureService]);
    const routes = resourcesOf(template, 'AWS::Events::Rule')
      .filter(([, rule]) => props(rule).EventPattern)
      .map(([, rule]) => ({
        pattern: props(rule).EventPattern,
        queueName: props(template.Resources[referencedId(props(rule).Targets[0].Arn)!]!).QueueName,
      }));

    // Assess
    expect(routes).toEqual(expected);
  });
});
