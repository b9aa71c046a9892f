import { Arn, Duration, NestedStack, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { Schedule } from 'aws-cdk-lib/aws-events';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { resourceNames } from '../../shared/runtime/manifest.ts';
import { acknowledge, NAG_REASONS } from './nag.ts';
import type { ServiceStack } from './service-stack.ts';

/** The AWS managed policies CDK gives the role of a selection that may also restore. */
export const BACKUP_MANAGED_POLICIES = ['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores'] as const;

/** Properties of {@link CityBackup}. */
export interface CityBackupProps {
  readonly city: string;
  /** Years the monthly backups are kept: the deputies' term (city config `archive.termYears`). */
  readonly termYears: number;
  readonly services: ReadonlyMap<string, ServiceStack>;
}

/**
 * AWS Backup for a city's tables, beyond point-in-time recovery's 35 days: a daily backup kept
 * 35 days and a monthly one kept for the whole term, in a vault that outlives the stack. Restoring
 * is in docs/operations.md ("Restore from backup").
 *
 * Its own nested stack, so the parent keeps only the city's shared parts. Tables are named by
 * their physical names (fixed by the city and the service), so the service stacks export nothing
 * to this one; it deploys after them, so the tables it selects exist.
 */
export class CityBackup extends NestedStack {
  readonly vault: BackupVault;
  readonly plan: BackupPlan;
  /** The role AWS Backup assumes to back up and to restore the city's tables. */
  readonly role: IRole;

  constructor(scope: Construct, id: string, props: CityBackupProps) {
    super(scope, id, { description: `Minqing backups of ${props.city} for the deputies' term` });
    // The vault keeps a term's archive even when the city's stack is torn down.
    this.vault = new BackupVault(this, 'Vault', { backupVaultName: `minqing-${props.city}-archive`, removalPolicy: RemovalPolicy.RETAIN });
    this.plan = new BackupPlan(this, 'Plan', { backupPlanName: `minqing-${props.city}-term`, backupVault: this.vault });
    this.plan.addRule(
      new BackupPlanRule({ ruleName: 'Daily', scheduleExpression: Schedule.cron({ hour: '19', minute: '0' }), deleteAfter: Duration.days(35) }),
    );
    this.plan.addRule(
      new BackupPlanRule({
        ruleName: 'MonthlyForTheTerm',
        scheduleExpression: Schedule.cron({ day: '1', hour: '19', minute: '30' }),
        // A year is counted as 366 days, so the last month of a term is never cut short.
        deleteAfter: Duration.days(366 * props.termYears),
      }),
    );
    const stack = Stack.of(this);
    const tableArn = (service: string) => Arn.format({ service: 'dynamodb', resource: 'table', resourceName: resourceNames.table(props.city, service) }, stack);
    const selection = this.plan.addSelection('Tables', {
      resources: [...props.services.keys()].map((service) => BackupResource.fromArn(tableArn(service))),
      // The same role restores, so the runbook's restore needs no role of its own.
      allowRestores: true,
    });
    this.role = selection.grantPrincipal as IRole;
    for (const policy of BACKUP_MANAGED_POLICIES) {
      acknowledge(this.role, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`, NAG_REASONS.backupServiceRole);
    }
    for (const service of props.services.values()) this.addStackDependency(service);
  }
}
