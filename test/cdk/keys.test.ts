import { describe, expect, it } from 'vitest';
import { PREVIOUS_SIGNING_KEY_ENV } from '../../shared/auth/signing-key.ts';
import { synthCityTemplate } from '../../infra/cdk/synth.ts';
import { services } from '../../services/manifests.ts';
import { demo, iamStatements, otherCity, props, resourcesOf } from './template.ts';

const PREVIOUS = 'arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789';

describe('token-signing key rotation in the stack', () => {
  // Prepare: the demo city as first deployed, and one in the middle of its first rotation
  const template = synthCityTemplate(demo, services, { nag: false });
  const rotating = synthCityTemplate(otherCity('lufeng', { tokenSigning: { generation: 2, previousKeyArn: PREVIOUS } }), services, { nag: false });
  const aliases = (t: typeof template) => resourcesOf(t, 'AWS::KMS::Alias').map(([, a]) => props(a).AliasName as string);
  const tokenServices = services.filter((s) => s.keys?.tokens).map((s) => s.name);

  it('signs with a new key under a new alias, and keeps the first key where it was', () => {
    // Assess
    expect(aliases(template)).toContain('alias/minqing-demo-token-signing');
    expect(aliases(rotating)).toContain('alias/minqing-lufeng-token-signing-2');
    expect(aliases(rotating)).not.toContain('alias/minqing-lufeng-token-signing');
  });

  it('lets every function that verifies tokens read the previous public key, and nothing else of it', () => {
    // Act
    const functions = resourcesOf(rotating, 'AWS::Lambda::Function').map(([, f]) => props(f));
    const withPrevious = functions.filter((f) => f.Environment?.Variables?.[PREVIOUS_SIGNING_KEY_ENV] === PREVIOUS);
    const grants = iamStatements(rotating).filter(({ statement }) => JSON.stringify(statement.Resource).includes(PREVIOUS));

    // Assess
    expect(tokenServices.length).toBeGreaterThan(1);
    const servicesWithPrevious = tokenServices.filter((s) => withPrevious.some((f) => (f.FunctionName as string).startsWith(`minqing-lufeng-${s}-`)));
    expect(servicesWithPrevious).toEqual(tokenServices);
    expect(withPrevious.length).toBe(functions.filter((f) => f.Environment?.Variables?.MINQING_SIGNING_KEY_ID).length);
    expect(grants.length).toBe(tokenServices.length);
    for (const { statement } of grants) expect(statement.Action).toBe('kms:GetPublicKey');
    expect(resourcesOf(template, 'AWS::Lambda::Function').some(([, f]) => props(f).Environment?.Variables?.[PREVIOUS_SIGNING_KEY_ENV])).toBe(false);
  });
});
