import { describe, expect, it } from 'vitest';
import { synthCityStackTemplates, synthCityTemplate } from '../../infra/cdk/synth.ts';
import { services } from '../../services/manifests.ts';
import { demo, otherCity, props, resourcesOf } from './template.ts';

describe("backups for the deputies' term", () => {
  // Prepare: the demo city (default term, five years) and one that keeps its archive for three
  const template = synthCityTemplate(demo, services, { nag: false });
  const shortTerm = synthCityTemplate(otherCity('lufeng', { archive: { termYears: 3 } }), services, { nag: false });
  const rules = (t: typeof template) => resourcesOf(t, 'AWS::Backup::BackupPlan').flatMap(([, plan]) => props(plan).BackupPlan.BackupPlanRule);

  it('keeps a monthly backup for the whole term and a daily one for 35 days', () => {
    // Act
    const byName = Object.fromEntries(rules(template).map((rule: any) => [rule.RuleName, rule.Lifecycle.DeleteAfterDays]));

    // Assess
    expect(demo.archive.termYears).toBe(5);
    expect(byName).toEqual({ Daily: 35, MonthlyForTheTerm: 366 * 5 });
    expect(Object.fromEntries(rules(shortTerm).map((rule: any) => [rule.RuleName, rule.Lifecycle.DeleteAfterDays]))).toEqual({
      Daily: 35,
      MonthlyForTheTerm: 366 * 3,
    });
  });

  it("selects every service's table, by its name", () => {
    // Act
    const selections = resourcesOf(template, 'AWS::Backup::BackupSelection').map(([, s]) => props(s).BackupSelection.Resources);
    const tableNames = resourcesOf(template, 'AWS::DynamoDB::Table').map(([, t]) => props(t).TableName);
    // Each selected ARN is `arn:<partition>:dynamodb:<region>:<account>:table/<name>`, joined at deploy time.
    const selectedNames = (selections[0] ?? []).map((arn: { 'Fn::Join': [string, unknown[]] }) => String(arn['Fn::Join'][1].at(-1)).replace(/^:table\//, ''));

    // Assess
    expect(selections).toHaveLength(1);
    expect(tableNames).toHaveLength(services.length);
    expect(selectedNames.sort()).toEqual(tableNames.sort());
  });

  it('backs up and restores with a role only AWS Backup may assume, deployed after the tables it selects', () => {
    // Prepare
    const [parent, ...nested] = synthCityStackTemplates(demo, services, { nag: false });
    const backup = nested.find((s) => s.path === 'Minqing-demo/Backup')!;

    // Act
    const roles = resourcesOf(backup.template, 'AWS::IAM::Role').map(([, r]) => props(r));
    const [stackId, stackResource] = resourcesOf(parent!.template, 'AWS::CloudFormation::Stack').find(([id]) => id.startsWith('Backup'))!;
    const serviceStackIds = resourcesOf(parent!.template, 'AWS::CloudFormation::Stack')
      .map(([id]) => id)
      .filter((id) => id.startsWith('Service'));

    // Assess
    expect(roles).toHaveLength(1);
    expect(roles[0]!.AssumeRolePolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'backup.amazonaws.com' } }),
    ]);
    expect(JSON.stringify(roles[0]!.ManagedPolicyArns)).toContain('AWSBackupServiceRolePolicyForRestores');
    expect(stackId).toBeDefined();
    expect(serviceStackIds).toHaveLength(services.length);
    expect(stackResource.DependsOn).toEqual(expect.arrayContaining(serviceStackIds));
    expect(Object.keys((parent!.template.Outputs ?? {}) as Record<string, unknown>)).toContain('BackupRoleArn');
  });

  it('keeps its vault when the city is torn down', () => {
    // Act
    const vaults = resourcesOf(template, 'AWS::Backup::BackupVault');

    // Assess
    expect(vaults).toHaveLength(1);
    expect(vaults[0]![1].DeletionPolicy).toBe('Retain');
    expect(props(vaults[0]![1]).BackupVaultName).toBe('minqing-demo-archive');
  });
});
