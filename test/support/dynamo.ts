/** DynamoDB on dynalite, for tests under `services/` that check an adapter against the real API shape. */
export { ensureTable, startDynalite, type LocalDynamo } from '../../infra/local/local-dynamo.ts';
export { localEndpointConfig } from '../../shared/runtime/local-endpoint.ts';
