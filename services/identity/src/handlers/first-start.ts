import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { currentCity } from '../../../../shared/runtime/city.ts';
import { FIRST_START_SECRET_ENV } from '../../../../shared/runtime/manifest.ts';
import { startCity } from '../use-cases/start-city.ts';
import { accounts, deps, directory, hasher } from './deps.ts';

/**
 * The city's first start in AWS: a CloudFormation custom resource, run when the stack is created
 * and whenever the city's townships change. The first admin's one-time password is the secret
 * CloudFormation generated (Secrets Manager); only its holder can read it. CloudFormation waits for
 * the answer at `ResponseURL`, so every outcome is answered, failures included.
 */
export async function handler(event: CloudFormationCustomResourceEvent): Promise<void> {
  let status: 'SUCCESS' | 'FAILED' = 'SUCCESS';
  let reason = 'done';
  try {
    if (event.RequestType !== 'Delete') {
      const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: process.env[FIRST_START_SECRET_ENV] }));
      if (!SecretString) throw new Error('the first admin secret is empty');
      const result = await startCity({ directory, accounts, hasher, city: deps.city }, currentCity().townships, SecretString, deps.now());
      deps.logger.info('first start', result);
    }
  } catch (error) {
    status = 'FAILED';
    reason = `first start failed: ${(error as Error).name}; see the function's log`;
    deps.logger.error('first start failed', { errorName: (error as Error).name, errorMessage: (error as Error).message });
  }
  // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/crpg-ref-responses.html
  const body = JSON.stringify({
    Status: status,
    Reason: reason,
    PhysicalResourceId: `${deps.city}-first-start`,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
  });
  // The pre-signed S3 URL is signed without a content type: send none.
  await fetch(event.ResponseURL, { method: 'PUT', body, headers: { 'content-type': '' } });
}
