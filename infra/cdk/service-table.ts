import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { indexProjection, TTL_ATTRIBUTE, type TableSpec } from '../../shared/store/table.ts';
import { cityResourceName, NAME_LIMITS } from '../../shared/runtime/names.ts';

/** Properties of a {@link ServiceTable}: the service's name and the table part of its manifest. */
export interface ServiceTableProps {
  readonly city: string;
  readonly service: string;
  readonly spec: TableSpec;
}

/**
 * A service's single table `minqing-<city>-<service>`: on-demand, point-in-time recovery,
 * encrypted with the AWS-managed key, string `pk`/`sk` keys and every index of the manifest
 * (each projecting what the manifest says it carries). It is stateful, so it is retained when the stack goes and protected from
 * deletion.
 */
export class ServiceTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: ServiceTableProps) {
    super(scope, id);
    const { spec } = props;
    this.table = new Table(this, 'Table', {
      tableName: cityResourceName(props.city, [props.service], NAME_LIMITS.table),
      partitionKey: { name: spec.partitionKey, type: AttributeType.STRING },
      sortKey: { name: spec.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: TableEncryption.AWS_MANAGED,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const names = new Set<string>();
    for (const index of spec.indexes) {
      if (names.has(index.name)) throw new Error(`service ${props.service}: index "${index.name}" is declared twice`);
      names.add(index.name);
      this.table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        ...(index.sortKey ? { sortKey: { name: index.sortKey, type: AttributeType.STRING } } : {}),
        ...cdkProjection(index),
      });
    }
  }
}

function cdkProjection(index: TableSpec['indexes'][number]): { projectionType: ProjectionType; nonKeyAttributes?: string[] } {
  const projection = indexProjection(index);
  return {
    projectionType: ProjectionType[projection.ProjectionType],
    ...(projection.NonKeyAttributes ? { nonKeyAttributes: projection.NonKeyAttributes } : {}),
  };
}
