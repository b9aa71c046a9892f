import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { localEndpointConfig } from '../runtime/local-endpoint.ts';
import { ENV, tableEnvVar } from '../runtime/manifest.ts';
import { tracedClient } from '../runtime/tracing.ts';

let cached: { endpoint: string | undefined; raw: DynamoDBClient; doc: DynamoDBDocumentClient } | undefined;

/**
 * The DynamoDB clients for this process. The endpoint comes from `MINQING_DYNAMODB_ENDPOINT`
 * (the local platform's dynalite); unset, the SDK's regional endpoint and credentials apply.
 */
export function dynamoClients(): { raw: DynamoDBClient; doc: DynamoDBDocumentClient } {
  const endpoint = process.env[ENV.dynamoEndpoint];
  if (cached && cached.endpoint === endpoint) return cached;
  // The document client shares the raw client's middleware, so both are traced.
  const raw = tracedClient(new DynamoDBClient(endpoint ? localEndpointConfig(endpoint) : {}));
  const doc = DynamoDBDocumentClient.from(raw, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  cached = { endpoint, raw, doc };
  return cached;
}

/** The document client (see {@link dynamoClients}). */
export function documentClient(): DynamoDBDocumentClient {
  return dynamoClients().doc;
}

/** The name of a service's table, from the environment the stack or the local platform sets. */
export function serviceTableName(serviceName: string): string {
  const name = process.env[tableEnvVar(serviceName)];
  if (!name) throw new Error(`${tableEnvVar(serviceName)} is not set`);
  return name;
}
