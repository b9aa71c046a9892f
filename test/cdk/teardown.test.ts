import { describe, expect, it } from 'vitest';
import { synthCityTemplate } from '../../infra/cdk/synth.ts';
import { services } from '../../services/manifests.ts';
import { demo, props, resourcesOf } from './template.ts';

/**
 * Taking a city down keeps its archive (docs/operations.md, "Take a city down without losing its
 * archive"): `cdk destroy` leaves every table, key, bucket and the backup vault in the account.
 */
describe('tearing a city down', () => {
  // Prepare: the demo city with every service
  const template = synthCityTemplate(demo, services, { nag: false });
  const retained = (type: string) => resourcesOf(template, type).map(([id, r]) => ({ id, deletion: r.DeletionPolicy, replace: r.UpdateReplacePolicy }));

  it('keeps every table, protected from deletion too, the backup vault and the edge buckets', () => {
    // Act
    const kept = ['AWS::DynamoDB::Table', 'AWS::Backup::BackupVault', 'AWS::S3::Bucket'].map((type) => ({ type, resources: retained(type) }));

    // Assess
    for (const { type, resources } of kept) {
      expect(resources.length, type).toBeGreaterThan(0);
      for (const r of resources) expect(r, type).toMatchObject({ deletion: 'Retain', replace: 'Retain' });
    }
    expect(retained('AWS::DynamoDB::Table')).toHaveLength(services.length);
    for (const [, table] of resourcesOf(template, 'AWS::DynamoDB::Table')) expect(props(table).DeletionProtectionEnabled).toBe(true);
  });

  it('keeps every KMS key but the one that only keys the hourly per-source counts', () => {
    // Act
    const aliases = new Map(resourcesOf(template, 'AWS::KMS::Alias').map(([, a]) => [JSON.stringify(props(a).TargetKeyId), props(a).AliasName as string]));
    const keys = resourcesOf(template, 'AWS::KMS::Key').map(([id, key]) => ({
      alias: aliases.get(JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] })),
      deletion: key.DeletionPolicy,
    }));
    const dropped = keys.filter((k) => k.deletion !== 'Retain');

    // Assess
    expect(keys.filter((k) => k.alias?.endsWith('-token-signing') || k.alias?.endsWith('-personal-data'))).toHaveLength(2);
    expect(dropped.map((k) => k.alias)).toEqual([`alias/minqing-${demo.name}-source-hash`]);
  });
});
