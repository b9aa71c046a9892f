import { ArnFormat, Stack } from 'aws-cdk-lib';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import type { ExternalAccess } from '../../shared/runtime/manifest.ts';

/**
 * Grants a service's role exactly the outside resources its manifest names for this city: read
 * access to each named secret (a name matches the ARN Secrets Manager gives it, with its six-character
 * suffix; a full ARN is taken as it is), and `ses:SendEmail` from each SES identity. Nothing when
 * the city names none (the demo city).
 */
export function grantExternalAccess(role: Role, access: ExternalAccess): void {
  const stack = Stack.of(role);
  const secrets = (access.secrets ?? []).map((secret) =>
    secret.startsWith('arn:')
      ? secret
      : stack.formatArn({ service: 'secretsmanager', resource: 'secret', resourceName: `${secret}-??????`, arnFormat: ArnFormat.COLON_RESOURCE_NAME }),
  );
  if (secrets.length > 0) role.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: secrets }));
  const ses = [
    ...(access.sesIdentities ?? []).map((identity) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity })),
    ...(access.sesConfigurationSets ?? []).map((set) => stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: set })),
  ];
  if (ses.length > 0) role.addToPrincipalPolicy(new PolicyStatement({ actions: ['ses:SendEmail'], resources: ses }));
}
