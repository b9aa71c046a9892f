import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient, type UpdateCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { ImportJob, ImportOutcome, ImportRowError } from '../domain/import-job.ts';
import type { ImportJobStore, StoredChunk } from '../ports.ts';
import { importChunkKey, importJobKey } from '../table.ts';

/** Row errors kept per job: enough to fix a file, never enough to outgrow the item. */
const MAX_STORED_ERRORS = 50;

/**
 * Import jobs in identity's table: the job item (counters, the set of chunks counted, errors) and
 * one item per chunk of rows, deleted once counted. Counting a chunk is one conditional update,
 * so a chunk that runs twice (a crash, a redelivery) is counted once.
 */
export class DynamoImportJobs implements ImportJobStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async create(job: ImportJob, chunks: readonly StoredChunk[]): Promise<void> {
    // Chunks first: a job never exists without its rows.
    for (let i = 0; i < chunks.length; i += 8) {
      await Promise.all(
        chunks
          .slice(i, i + 8)
          .map((chunk, j) => this.client.send(new PutCommand({ TableName: this.tableName, Item: { ...importChunkKey(job.jobId, i + j), ...chunk } }))),
      );
    }
    // An empty set cannot be stored: doneChunks appears with the first chunk counted.
    const { doneChunks: _none, outcome, ...item } = job;
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...importJobKey(job.jobId), type: 'import-job', ...item, ...outcome },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async get(jobId: string): Promise<ImportJob | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: importJobKey(jobId), ConsistentRead: true }));
    return Item ? toJob(Item) : undefined;
  }

  async chunk(jobId: string, index: number): Promise<StoredChunk | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: importChunkKey(jobId, index), ConsistentRead: true }));
    return Item ? { first: Item.first, rows: Item.rows } : undefined;
  }

  async markRunning(jobId: string): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: importJobKey(jobId),
        UpdateExpression: 'SET #status = :running',
        ConditionExpression: '#status = :queued',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued' },
      }),
    );
  }

  async countChunk(jobId: string, index: number, rows: number, outcome: ImportOutcome, errors: readonly ImportRowError[]): Promise<ImportJob | undefined> {
    const result = await this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: importJobKey(jobId),
        UpdateExpression:
          'ADD doneChunks :chunk, done :rows, created :created, updated :updated, #unchanged :unchanged ' + 'SET errors = list_append(errors, :errors)',
        ConditionExpression: 'attribute_exists(pk) AND NOT contains(doneChunks, :index)',
        ExpressionAttributeNames: { '#unchanged': 'unchanged' },
        ExpressionAttributeValues: {
          ':chunk': new Set([index]),
          ':index': index,
          ':rows': rows,
          ':created': outcome.created,
          ':updated': outcome.updated,
          ':unchanged': outcome.unchanged,
          ':errors': errors.slice(0, MAX_STORED_ERRORS),
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return result?.Attributes ? toJob(result.Attributes) : undefined;
  }

  async finish(jobId: string, status: 'succeeded' | 'failed', at: Date, errors: readonly ImportRowError[] = []): Promise<void> {
    await this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: importJobKey(jobId),
        UpdateExpression: 'SET #status = :status, finishedAt = :at, errors = list_append(errors, :errors)',
        ConditionExpression: '#status IN (:queued, :running)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':at': at.toISOString(), ':errors': errors, ':queued': 'queued', ':running': 'running' },
      }),
    );
  }

  async deleteChunk(jobId: string, index: number): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: importChunkKey(jobId, index) }));
  }

  /** Sends a conditional write; a failed condition means someone got there first and is no error. */
  private async conditional(command: UpdateCommand): Promise<UpdateCommandOutput | undefined> {
    try {
      return await this.client.send(command);
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || (error as Error).name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
  }
}

function toJob(item: Record<string, any>): ImportJob {
  return {
    jobId: item.jobId,
    kind: item.kind,
    status: item.status,
    total: item.total,
    done: item.done,
    chunks: item.chunks,
    doneChunks: [...((item.doneChunks as Set<number> | undefined) ?? [])].map(Number),
    outcome: { created: item.created, updated: item.updated, unchanged: item.unchanged },
    errors: item.errors ?? [],
    submittedAt: item.submittedAt,
    ...(item.finishedAt ? { finishedAt: item.finishedAt } : {}),
  };
}
