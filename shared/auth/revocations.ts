import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { AccountAccessRevoked, DeputyTermEnded } from '../events/identity/index.ts';

/**
 * How long a service trusts what it last read of an account's revocation. With the event's trip
 * through the bus and queue (seconds), a revoked token stops working within a minute.
 */
export const REVOCATION_CACHE_SECONDS = 30;

/** Name of the subscription every service has (added by `defineService`). */
export const ACCESS_REVOCATIONS_SUBSCRIPTION = 'access-revocations';

/**
 * What revokes access: identity's revocations, and a deputy's ended term (the deputy's code is their
 * username; their account is disabled in the same step, and no token issued before counts).
 */
export const REVOKING_EVENTS = [AccountAccessRevoked, DeputyTermEnded] as const;

/** The revocation of one account in a service's own table: `revocation#<username>` / `revocation`. */
const revocationKey = (username: string) => ({ pk: `revocation#${username}`, sk: 'revocation' });

/**
 * A service's view of revoked access: for an account, the time (epoch seconds) before which its
 * access tokens no longer count. Kept from identity's `AccountAccessRevoked` events.
 */
export interface RevocationView {
  revokedBefore(username: string): Promise<number | undefined>;
}

/** The view in a service's own table, read through a short in-memory cache (per function instance). */
export class DynamoRevocationView implements RevocationView {
  private readonly cache = new Map<string, { revokedBefore: number | undefined; readAt: number }>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async revokedBefore(username: string): Promise<number | undefined> {
    const cached = this.cache.get(username);
    if (cached && this.clock() - cached.readAt < REVOCATION_CACHE_SECONDS * 1000) return cached.revokedBefore;
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: revocationKey(username) }));
    const revokedBefore = Item?.revokedBefore as number | undefined;
    // Bounded: an instance serving many accounts drops the oldest reads first.
    if (this.cache.size >= 10_000) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(username, { revokedBefore, readAt: this.clock() });
    return revokedBefore;
  }

  /** Records a revocation; a later one wins, so events arriving out of order change nothing. */
  async record(username: string, revokedBefore: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: revocationKey(username),
          UpdateExpression: 'SET revokedBefore = :at',
          ConditionExpression: 'attribute_not_exists(revokedBefore) OR revokedBefore < :at',
          ExpressionAttributeValues: { ':at': revokedBefore },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

/** A service's revocation view on its own table. */
export function revocationView(deps: { client: DynamoDBDocumentClient; tableName: string }): DynamoRevocationView {
  return new DynamoRevocationView(deps.client, deps.tableName);
}
