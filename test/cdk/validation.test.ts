import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { BACKUP_MANAGED_POLICIES } from '../../infra/cdk/backup.ts';
import { buildCityApp } from '../../infra/cdk/synth.ts';
import { fixtureService } from '../fixture/service.ts';
import { demo } from './template.ts';

/** The AwsSolutions pack with every acknowledgement ignored: shows what the stack would be flagged for. */
function unacknowledgedChecks(): AwsSolutionsChecks {
  const pack = new AwsSolutionsChecks();
  // `isAcknowledged` is cdk-nag's private lookup of Validations.acknowledge() metadata.
  Object.defineProperty(pack, 'isAcknowledged', { value: () => false });
  return pack;
}

describe('cdk-nag AwsSolutions', () => {
  it('finds nothing unacknowledged in the demo city with the fixture service', () => {
    // Prepare
    const { app } = buildCityApp(demo, [fixtureService], { nag: false });

    // Act
    const report = new AwsSolutionsChecks().validateScope(app);

    // Assess
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('lets the app synthesize with cdk-nag and CloudFormation validation registered, with no finding at all', () => {
    // Prepare
    const { app, stack } = buildCityApp(demo, [fixtureService], { nag: true, cfnValidation: true });

    // Act
    const assembly = app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { pluginName: string; violations: { ruleName: string; description: string }[] }[];
    };

    // Assess
    expect(report.pluginReports.flatMap((r) => r.violations.map((v) => `${r.pluginName} ${v.ruleName}: ${v.description}`))).toEqual([]);
    expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('makes synth fail on a finding nobody acknowledged', () => {
    // Prepare: a queue with neither a dead-letter queue nor TLS enforcement
    const { app, stack } = buildCityApp(demo, [fixtureService], { nag: true });
    new Queue(stack, 'Careless');

    // Act
    const synth = () => app.synth();

    // Assess
    expect(synth).toThrow();
  });

  it('acknowledges only the eight findings that do not fit, each where it applies', () => {
    // Prepare
    const { app } = buildCityApp(demo, [fixtureService], { nag: false });

    // Act
    const findings = unacknowledgedChecks()
      .validateScope(app)
      .violations.map((v) => ({ rule: v.ruleName, paths: v.violatingResources.map((r) => r.constructPath).sort() }));

    // Assess
    expect(findings.map((f) => f.rule.replace(/<\w+\.Arn>/, '<table>')).sort()).toEqual([
      'AwsSolutions-APIG4',
      'AwsSolutions-CFR1',
      'AwsSolutions-CFR4',
      ...BACKUP_MANAGED_POLICIES.map((policy) => `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`),
      'AwsSolutions-IAM5[Resource::*]',
      'AwsSolutions-IAM5[Resource::<table>/index/*]',
      'AwsSolutions-SQS3',
    ]);
    const pathsOf = (prefix: string) => findings.find((f) => f.rule.startsWith(prefix))?.paths ?? [];
    expect(pathsOf('AwsSolutions-APIG4')).toEqual([
      'Minqing-demo/Service-fixture/Routes/GET--v1--fixture--notes--{noteId}/Resource',
      'Minqing-demo/Service-fixture/Routes/POST--v1--fixture--notes/Resource',
    ]);
    // The edge's distribution: open to every country, and on CloudFront's own name while the demo has no domain.
    expect(pathsOf('AwsSolutions-CFR1')).toEqual(['Minqing-demo/Edge/Distribution/Resource']);
    expect(pathsOf('AwsSolutions-CFR4')).toEqual(['Minqing-demo/Edge/Distribution/Resource']);
    // AWS Backup's managed policies: on its role, nowhere else.
    for (const finding of findings.filter((f) => f.rule.startsWith('AwsSolutions-IAM4'))) {
      expect(finding.paths).toEqual(['Minqing-demo/Backup/Plan/Tables/Role/Resource']);
    }
    expect(pathsOf('AwsSolutions-IAM5')).toEqual(['Minqing-demo/Service-fixture/Role/DefaultPolicy/Resource']);
    // Active tracing's X-Ray statement: on the same role's policy, nowhere else.
    expect(pathsOf('AwsSolutions-IAM5[Resource::*]')).toEqual(['Minqing-demo/Service-fixture/Role/DefaultPolicy/Resource']);
    expect(pathsOf('AwsSolutions-SQS3')).toEqual([
      'Minqing-demo/Service-fixture/Schedule-outbox-relay/DeadLetterQueue/Resource',
      'Minqing-demo/Service-fixture/Subscription-tally-notes/DeliveryDeadLetterQueue/Resource',
    ]);
  });
});
