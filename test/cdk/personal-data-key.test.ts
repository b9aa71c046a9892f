import { describe, expect, it } from 'vitest';
import { PERSONAL_DATA_TAG } from '../../infra/cdk/city-keys.ts';
import { synthCityTemplate } from '../../infra/cdk/synth.ts';
import { services } from '../../services/manifests.ts';
import { demo, iamStatements, props, referencedId, resourcesOf, tagsOf } from './template.ts';

/** The personal-data key: administered by the account, used only by the services that hold personal data, each for its own data keys. */

describe('the personal-data key', () => {
  // Prepare
  const template = synthCityTemplate(demo, services);
  const [dataKey, key] = resourcesOf(template, 'AWS::KMS::Key').find(([, r]) => String(props(r).Description).includes('encrypt personal fields'))!;
  const keyStatements: Record<string, any>[] = props(key).KeyPolicy.Statement;
  const uses = (statement: Record<string, any>) =>
    [statement.Action].flat().some((a: string) => a === 'kms:*' || /^kms:(Decrypt|GenerateDataKey|ReEncrypt|CreateGrant|Create\*)/.test(a));
  const holders = services.filter((s) => s.keys?.personalData).map((s) => s.name);

  it('lets no account administrator decrypt: every use needs a tagged role and its own service in the context', () => {
    // Act
    const using = keyStatements.filter(uses);

    // Assess
    expect(keyStatements.some((s) => [s.Action].flat().includes('kms:Put*'))).toBe(true);
    expect(using.flatMap((s) => [s.Action].flat()).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    for (const statement of using) {
      expect(statement.Condition.Null).toEqual({ [`aws:PrincipalTag/${PERSONAL_DATA_TAG}`]: 'false' });
      const match = statement.Condition.StringEquals ?? statement.Condition.StringEqualsIfExists;
      expect(match).toEqual({ 'kms:EncryptionContext:service': `\${aws:PrincipalTag/${PERSONAL_DATA_TAG}}` });
    }
    expect(using.find((s) => [s.Action].flat().includes('kms:GenerateDataKey'))!.Condition.StringEquals).toBeDefined();
  });

  it('is used only by the roles of the services that hold personal data, each bound to its own service', () => {
    // Act
    const grants = iamStatements(template).filter(({ statement }) => [statement.Resource].flat().some((r) => referencedId(r) === dataKey));
    const taggedRoles = resourcesOf(template, 'AWS::IAM::Role').filter(([, r]) => tagsOf(r)[PERSONAL_DATA_TAG] !== undefined);

    // Assess
    expect(holders.sort()).toEqual(['identity', 'messaging', 'participation']);
    expect(taggedRoles.map(([, r]) => tagsOf(r)[PERSONAL_DATA_TAG]).sort()).toEqual(holders);
    expect(grants.length).toBe(2 * holders.length);
    for (const { where, statement } of grants) {
      const service = holders.find((name) => where.startsWith(`Service${name}Role`));
      expect(service, where).toBeDefined();
      const condition = statement.Condition.StringEquals ?? statement.Condition.StringEqualsIfExists;
      expect(condition).toEqual({ 'kms:EncryptionContext:service': service });
      expect([statement.Action].flat()).toHaveLength(1);
    }
  });
});
