import { Validations, type App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';

/**
 * Runs the cdk-nag AwsSolutions pack on every stack of the app. cdk-nag 3 is a CDK policy
 * validation plugin: any unacknowledged finding makes `app.synth()` (and `cdk synth`) fail.
 */
export function enableNag(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}

/**
 * Every cdk-nag rule Minqing acknowledges instead of fixing, with the reason. Keeping them in one
 * place makes the list easy to review; each is applied to the narrowest construct it concerns.
 */
export const NAG_REASONS = {
  /** On each route of the HTTP API. */
  apiAuthorization:
    'Authentication and authorisation happen in the handlers: every non-public route verifies the JWT ' +
    'issued by the identity service and checks role and scope (deputy, unit, township). Some routes are ' +
    'public by design (a citizen submits a message and tracks it with an unguessable token), so an ' +
    'API-level authorizer cannot cover every route.',
  /** On each function role of a service, for its own table. */
  tableIndexWildcard:
    'The `<table>/index/*` resource is added by CDK `table.grantReadWriteData` for the global secondary ' +
    "indexes of this service's own table (the outbox index and the service's query indexes). It cannot " +
    'reach any other table.',
  /** On each function role of a service, for active tracing. */
  xrayWrite:
    'Active X-Ray tracing adds `xray:PutTraceSegments` and `xray:PutTelemetryRecords` on `*`: X-Ray ' +
    'supports no resource-level permissions for them, and they only write trace data of the account.',
  /** On the dead-letter queues of EventBridge rule targets. */
  deliveryDlq:
    'This queue is the dead-letter queue of an EventBridge rule target (DeadLetterConfig): it holds the ' +
    'events EventBridge could not deliver. A dead-letter queue of a dead-letter queue would only move the ' +
    'same messages once more; they are inspected and redriven from here.',
  /** On the asymmetric token-signing key. */
  asymmetricKeyRotation:
    'KMS cannot rotate asymmetric keys automatically. The token-signing key is rotated by creating a new key ' +
    'and publishing both public keys (tokens carry a kid) until the old tokens, which live one hour, expire.',
  /** On a first start's generated secret. */
  oneTimeSecretRotation:
    'The secret is a one-time password, generated at deploy time and read once by the first start; its ' +
    'holder must replace it at the first sign-in, after which it opens nothing. Rotating it would change ' +
    'nothing that can be used.',
  /** On the role AWS Backup assumes for the city's tables. */
  backupServiceRole:
    "AWS Backup's own managed policies (for backup and for restore) hold exactly the actions each kind of " +
    "resource needs, including DynamoDB's advanced backup and the KMS grants of encrypted tables, and AWS " +
    'keeps them current as those needs change; a hand-written copy would silently fall behind and fail a ' +
    "backup. Only backup.amazonaws.com may assume the role, and the plan's selection names only this city's tables.",
  /** On the edge's CloudFront distribution. */
  noGeoRestriction:
    "Citizens write from wherever they are (a worker away from home writes to his township's deputy), so " +
    'the pages and the API answer every country; abuse is met by the WAF rate rule and the per-source limits.',
  /** On the edge's CloudFront distribution, when the city has no domain of its own yet. */
  defaultCloudFrontCertificate:
    "Without a domain of its own in the config, the city is served on CloudFront's `*.cloudfront.net` name " +
    'and certificate, whose TLS policy CloudFront sets; with a domain, the stack requires TLS 1.2 (2021).',
  /** On the bucket deployment's handler and role (a CDK-provided function that copies the built pages). */
  bucketDeployment:
    "CDK's BucketDeployment copies the built pages into the static bucket at deploy time, so one deploy " +
    "brings the pages that match the API. Its function's runtime, its basic execution managed policy, its " +
    'wildcard S3 actions on the static bucket and on the CDK asset bucket and its CloudFront invalidation ' +
    '(which IAM scopes to no distribution) are set by CDK; the function runs only during a deploy, is invoked ' +
    'by CloudFormation alone and reaches no data of the city: the static bucket holds only built pages.',
} as const;

/** Acknowledges one cdk-nag finding on a construct (and everything under it), with its reason. */
export function acknowledge(scope: IConstruct, id: string, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}
