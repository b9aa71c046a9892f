import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../../shared/events/envelope.ts';
import type { ItemStore, StoredItem } from '../../../../shared/store/item-store.ts';
import { decodeCursor, encodeCursor } from '../../../../shared/store/page-cursor.ts';
import { queryAll } from '../../../../shared/store/query-all.ts';
import type { LivelihoodBallot, Rating, Vote } from '../domain/livelihood.ts';
import type { LivelihoodBallots, StoredBallot } from '../ports.ts';
import { ballotKey, ballotPk, LISTING_INDEX, LISTS, RATING_PREFIX, ratingKey, VOTE_PREFIX, voteKey } from '../table.ts';

const BALLOT_FIELDS = [
  'ballotId',
  'year',
  'title',
  'projects',
  'opensAt',
  'closesAt',
  'createdAt',
  'createdBy',
  'publishedAt',
  'deputiesInOffice',
  'results',
  'progress',
] as const;

/** The domain's ballot from a stored item (keys, index attributes and outbox left behind). */
function toBallot(item: object): LivelihoodBallot {
  const fields = item as Record<string, unknown>;
  return Object.fromEntries(BALLOT_FIELDS.filter((f) => fields[f] !== undefined).map((f) => [f, fields[f]])) as unknown as LivelihoodBallot;
}

/** Livelihood ballots in participation's table: one partition per ballot, with its votes and ratings. */
export class DynamoLivelihoodBallots implements LivelihoodBallots {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly store: ItemStore,
  ) {}

  private item(ballot: LivelihoodBallot) {
    return { ...ballotKey(ballot.ballotId), ...ballot, listKey: LISTS.ballots, listSort: `${ballot.opensAt}#${ballot.ballotId}` };
  }

  async get(ballotId: string): Promise<StoredBallot | undefined> {
    const stored = await this.store.get<LivelihoodBallot>(ballotKey(ballotId));
    return stored ? { ...toBallot(stored), version: stored.version } : undefined;
  }

  async create(ballot: LivelihoodBallot, events: DomainEvent[]): Promise<void> {
    await this.store.create(this.item(ballot), events);
  }

  async save(stored: StoredBallot, next: LivelihoodBallot, events: DomainEvent[]): Promise<void> {
    await this.store.replace({ ...this.item(next), version: stored.version } as StoredItem<LivelihoodBallot>, events);
  }

  async page(query: { limit: number; cursor?: string }): Promise<{ items: LivelihoodBallot[]; nextCursor: string | null }> {
    const { Items, LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: LISTING_INDEX.name,
        KeyConditionExpression: 'listKey = :list',
        ExpressionAttributeValues: { ':list': LISTS.ballots },
        ScanIndexForward: false,
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, 'listKey', LISTS.ballots),
      }),
    );
    return { items: (Items ?? []).map(toBallot), nextCursor: LastEvaluatedKey ? encodeCursor(LastEvaluatedKey) : null };
  }

  /** A put that succeeds only for a new key: one vote or rating per deputy and project, whatever the concurrency. */
  private async putOnce(key: { pk: string; sk: string }, record: Vote | Rating): Promise<boolean> {
    try {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...key, ...record }, ConditionExpression: 'attribute_not_exists(pk)' }));
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  vote(ballotId: string, vote: Vote): Promise<boolean> {
    return this.putOnce(voteKey(ballotId, vote.projectId, vote.deputyCode), vote);
  }

  rate(ballotId: string, rating: Rating): Promise<boolean> {
    return this.putOnce(ratingKey(ballotId, rating.projectId, rating.deputyCode), rating);
  }

  private async records(ballotId: string, prefix: string): Promise<Record<string, unknown>[]> {
    return queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': ballotPk(ballotId), ':prefix': prefix },
    });
  }

  async votes(ballotId: string): Promise<Vote[]> {
    return (await this.records(ballotId, VOTE_PREFIX)).map(({ projectId, deputyCode, choice, castAt }) => ({ projectId, deputyCode, choice, castAt }) as Vote);
  }

  async ratings(ballotId: string): Promise<Rating[]> {
    return (await this.records(ballotId, RATING_PREFIX)).map(
      ({ projectId, deputyCode, satisfaction, ratedAt }) => ({ projectId, deputyCode, satisfaction, ratedAt }) as Rating,
    );
  }
}
