import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../shared/city/config.ts';
import { buildCityApp, mergedTemplate } from '../../../test/support/cdk.ts';
import { services } from '../../manifests.ts';

/** A city that is not the demo, synthesized: it starts with its townships and a first admin, nothing else. */
describe('first start of a deployed city (sample city, synthesized)', () => {
  const city = loadCityConfig('sample');
  const { app, stack } = buildCityApp(city, services);
  const template = mergedTemplate(app.synth(), stack);
  const resources = Object.entries(template.Resources) as [string, { Type: string; Properties?: Record<string, any> }][];
  const ofType = (type: string) => resources.filter(([, r]) => r.Type === type);

  it("creates the first admin's one-time password as a generated secret, named for the city", () => {
    // Act
    const secrets = ofType('AWS::SecretsManager::Secret');

    // Assess
    expect(secrets).toHaveLength(1);
    expect(secrets[0]![1].Properties).toMatchObject({
      Name: 'minqing/sample/first-admin',
      GenerateSecretString: { PasswordLength: 20, ExcludePunctuation: true },
    });
    expect(secrets[0]![1].Properties!.SecretString).toBeUndefined();
  });

  it("runs identity's first start as a custom resource, again whenever the config (its townships) changes", () => {
    // Act
    const firstStarts = ofType('Custom::MinqingFirstStart');

    // Assess
    expect(firstStarts).toHaveLength(1);
    expect(firstStarts[0]![1].Properties!.CityConfig).toBe(createHash('sha256').update(JSON.stringify(city)).digest('hex'));
    const functions = ofType('AWS::Lambda::Function').map(([, r]) => r.Properties!.FunctionName as string);
    expect(functions).toContain('minqing-sample-identity-first-start');
  });

  it('seeds no demo accounts: the city config has no demo section and nothing in the stack writes items', () => {
    // Act
    const itemWrites = resources.filter(([, r]) => /DynamoDB::(Item|GlobalTable)|AwsCustomResource/.test(r.Type));

    // Assess
    expect(city.demo).toBeUndefined();
    expect(itemWrites).toEqual([]);
    expect(ofType('Custom::MinqingFirstStart')).toHaveLength(1);
  });
});
