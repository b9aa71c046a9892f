import { describe, expect, it } from 'vitest';
import { synthCityTemplate } from '../../infra/cdk/synth.ts';
import { services } from '../../services/manifests.ts';
import { fixtureService } from '../fixture/service.ts';
import { demo, iamStatements, props, resourcesOf } from './template.ts';

/** The logical ids an IAM resource entry points at (through Ref, GetAtt, or Join parts). */
function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v['Fn::GetAtt'])) return [String(v['Fn::GetAtt'][0])];
    if (typeof v.Ref === 'string') return [v.Ref];
    return Object.values(v).flatMap(referencedIds);
  }
  return [];
}

describe('per-service grants in the city stack', () => {
  // Prepare: the real services plus the fixture (which uses no keys), so there is something to tell apart
  const template = synthCityTemplate(demo, [...services, fixtureService]);
  const logicalIdOf = (type: string, predicate: (p: Record<string, any>) => boolean) => resourcesOf(template, type).find(([, r]) => predicate(props(r)))?.[0];
  const identityTable = logicalIdOf('AWS::DynamoDB::Table', (p) => p.TableName === 'minqing-demo-identity')!;
  const fixtureTable = logicalIdOf('AWS::DynamoDB::Table', (p) => p.TableName === 'minqing-demo-fixture')!;
  const signingKey = resourcesOf(template, 'AWS::KMS::Key').find(([, r]) => props(r).KeySpec === 'ECC_NIST_P256')![0];
  const dataKey = resourcesOf(template, 'AWS::KMS::Key').find(([, r]) => props(r).EnableKeyRotation === true)![0];

  const statementsOfRolesNamed = (fragment: string) => {
    const roles = resourcesOf(template, 'AWS::IAM::Role')
      .filter(([id]) => id.includes(fragment))
      .map(([id]) => id);
    return iamStatements(template).filter(({ where, statement }) => {
      const policy = template.Resources[where]!;
      const attached = (props(policy).Roles ?? []).flatMap(referencedIds);
      return roles.some((r) => attached.includes(r) || where === r) && statement.Effect === 'Allow';
    });
  };

  it('lets identity functions use only their own table and the city keys', () => {
    // Act
    const statements = statementsOfRolesNamed('Serviceidentity');
    const touched = new Set(statements.flatMap(({ statement }) => referencedIds(statement.Resource)));

    // Assess
    expect(statements.length).toBeGreaterThan(0);
    expect(touched.has(identityTable)).toBe(true);
    expect(touched.has(fixtureTable)).toBe(false);
    const signs = statements.filter(({ statement }) => [statement.Action].flat().includes('kms:Sign'));
    expect(signs.length).toBeGreaterThan(0);
    for (const { statement } of signs) expect(referencedIds(statement.Resource)).toEqual([signingKey]);
    expect(statements.some(({ statement }) => referencedIds(statement.Resource).includes(dataKey))).toBe(true);
  });

  it("runs identity's public QR code and poster functions under a role that can neither sign tokens nor touch the personal-data key", () => {
    // Prepare: the functions behind the public images, and the roles they run under
    const functions = resourcesOf(template, 'AWS::Lambda::Function').filter(([id]) => id.includes('Serviceidentity'));
    const roleOf = (fn: unknown) => referencedIds(props(fn as never).Role)[0]!;
    const publicImages = functions.filter(([, fn]) => /qr\.svg|poster/.test(props(fn).Description));
    const keyless = new Set(publicImages.map(([, fn]) => roleOf(fn)));
    const signIn = functions.find(([, fn]) => props(fn).Description.includes('POST /v1/auth/login'))!;

    // Act
    const statementsOf = (role: string) =>
      iamStatements(template).filter(({ where, statement }) => {
        const attached = (props(template.Resources[where]!).Roles ?? []).flatMap(referencedIds);
        return (attached.includes(role) || where === role) && statement.Effect === 'Allow';
      });
    const keylessStatements = [...keyless].flatMap(statementsOf);

    // Assess: three public image functions, one role of their own, readable table, no key, no bus
    expect(publicImages).toHaveLength(3);
    expect(keyless.size).toBe(1);
    expect(keyless.has(roleOf(signIn[1]))).toBe(false);
    expect(keylessStatements.some(({ statement }) => referencedIds(statement.Resource).includes(identityTable))).toBe(true);
    for (const { statement } of keylessStatements) {
      const actions = [statement.Action].flat() as string[];
      expect(actions.filter((a) => a.startsWith('kms:') || a === 'events:PutEvents')).toEqual([]);
      expect(referencedIds(statement.Resource)).not.toContain(signingKey);
      expect(referencedIds(statement.Resource)).not.toContain(dataKey);
    }
    // The sign-in function still signs with the token key.
    const signInSigns = statementsOf(roleOf(signIn[1])).filter(({ statement }) => [statement.Action].flat().includes('kms:Sign'));
    expect(signInSigns.map(({ statement }) => referencedIds(statement.Resource))).toEqual([[signingKey]]);
  });

  it('lets each service put on the bus only events whose source is its own (minqing.<service>)', () => {
    // Act
    const putters = iamStatements(template).filter(({ statement }) => [statement.Action].flat().includes('events:PutEvents'));

    // Assess
    expect(putters.length).toBeGreaterThan(0);
    for (const { where, statement } of putters) {
      // Logical ids drop the hyphen: ServicecaseroutingRole… is case-routing's.
      const service = [...services, fixtureService].find((s) => where.startsWith(`Service${s.name.replaceAll('-', '')}Role`))!;
      expect(statement.Condition, where).toEqual({ StringEquals: { 'events:source': [`minqing.${service.name}`] } });
    }
  });

  it('gives a service that declares no keys no access to them, nor to other tables', () => {
    const statements = statementsOfRolesNamed('Servicefixture');
    const touched = new Set(statements.flatMap(({ statement }) => referencedIds(statement.Resource)));
    expect(touched.has(fixtureTable)).toBe(true);
    expect(touched.has(identityTable)).toBe(false);
    expect(touched.has(signingKey)).toBe(false);
    expect(touched.has(dataKey)).toBe(false);
  });

  it('compiles the city config into the functions instead of reading a file', () => {
    const functions = resourcesOf(template, 'AWS::Lambda::Function').filter(([id]) => id.includes('Serviceidentity'));
    expect(functions.length).toBeGreaterThan(5);
    for (const [, fn] of functions) expect(props(fn).Environment.Variables.MINQING_SIGNING_KEY_ID).toBeDefined();
  });
});
