import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type BatchGetCommandOutput, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../../../shared/store/query-all.ts';
import { cityDate } from '../../../../shared/time/city-dates.ts';
import type { CaseFacts, DeputyFacts, FactTarget, FactWrite, MessageFacts, UnitCaseFacts } from '../domain/facts.ts';
import { monthsBetween } from '../domain/months.ts';
import type { FactStore } from '../ports.ts';
import { BY_DEPUTY_INDEX, BY_MONTH_INDEX, caseKey, deputyKey, MONTH_SORT, messageKey, monthKey, ROSTER_INDEX, unitCaseKey } from '../table.ts';

const KEY_ATTRIBUTES = ['pk', 'sk', 'monthKey', 'monthSort', 'deputyKey', 'deputySort', 'rosterKey'];

/** The record's fields, without the table's keys. */
function factsOf<T>(item: Record<string, unknown>): T {
  const facts = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete facts[attribute];
  return facts as T;
}

/** Statistics' fact records in DynamoDB: one conditional update per fact. */
export class DynamoFacts implements FactStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly timeZone: string,
  ) {}

  async apply(write: FactWrite): Promise<void> {
    const set: Record<string, unknown> = { ...write.set, ...this.identity(write.target), ...this.indexKeys(write) };
    const names = Object.fromEntries(Object.keys(set).map((k, i) => [`#a${i}`, k]));
    const values = Object.fromEntries(Object.values(set).map((v, i) => [`:v${i}`, v]));
    const guard = write.guard;
    const guardIndex = guard ? Object.keys(set).indexOf(guard.attribute) : -1;
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(write.target),
          UpdateExpression: `SET ${Object.keys(set)
            .map((_, i) => `#a${i} = :v${i}`)
            .join(', ')}`,
          // The guard and the facts it protects are one conditional write: a fact already told
          // (or an earlier reply, a later rating) leaves the record as it is.
          ...(guard
            ? { ConditionExpression: `attribute_not_exists(#a${guardIndex}) OR #a${guardIndex} ${guard.keep === 'earliest' ? '>' : '<'} :v${guardIndex}` }
            : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    }
  }

  async messagesSubmitted(fromMonth: string, toMonth: string): Promise<MessageFacts[]> {
    return this.byMonth(fromMonth, toMonth, MONTH_SORT.message);
  }

  async unitCasesForwarded(fromMonth: string, toMonth: string): Promise<UnitCaseFacts[]> {
    return this.byMonth(fromMonth, toMonth, MONTH_SORT.unitCase);
  }

  async messagesOfDeputy(deputyCode: string): Promise<MessageFacts[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: BY_DEPUTY_INDEX.name,
      KeyConditionExpression: 'deputyKey = :d',
      ExpressionAttributeValues: { ':d': `deputy#${deputyCode}` },
    });
    return items.map((i) => factsOf<MessageFacts>(i));
  }

  async cases(caseIds: readonly string[]): Promise<Map<string, CaseFacts>> {
    const found = new Map<string, CaseFacts>();
    const ids = [...new Set(caseIds)];
    for (let i = 0; i < ids.length; i += 100) {
      let keys: Record<string, unknown>[] | undefined = ids.slice(i, i + 100).map(caseKey);
      while (keys && keys.length > 0) {
        const page: BatchGetCommandOutput = await this.client.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: keys } } }));
        for (const item of page.Responses?.[this.tableName] ?? []) found.set(item.caseId as string, factsOf<CaseFacts>(item));
        keys = page.UnprocessedKeys?.[this.tableName]?.Keys;
      }
    }
    return found;
  }

  async roster(): Promise<Map<string, DeputyFacts>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: ROSTER_INDEX.name,
      KeyConditionExpression: 'rosterKey = :r',
      ExpressionAttributeValues: { ':r': 'deputy' },
    });
    return new Map(items.map((i) => [i.code as string, factsOf<DeputyFacts>(i)]));
  }

  private async byMonth<T>(fromMonth: string, toMonth: string, prefix: string): Promise<T[]> {
    const months = await Promise.all(
      monthsBetween(fromMonth, toMonth).map((month) =>
        queryAll(this.client, {
          TableName: this.tableName,
          IndexName: BY_MONTH_INDEX.name,
          KeyConditionExpression: 'monthKey = :m AND begins_with(monthSort, :p)',
          ExpressionAttributeValues: { ':m': monthKey(month), ':p': prefix },
        }),
      ),
    );
    return months.flat().map((i) => factsOf<T>(i));
  }

  private key(target: FactTarget) {
    switch (target.kind) {
      case 'message':
        return messageKey(target.messageId);
      case 'unitCase':
        return unitCaseKey(target.caseId, target.unitCode);
      case 'case':
        return caseKey(target.caseId);
      case 'deputy':
        return deputyKey(target.code);
    }
  }

  /** The record's own identifiers, written with every fact so that any fact can create it. */
  private identity(target: FactTarget): Record<string, string> {
    const { kind: _kind, ...ids } = target;
    return ids;
  }

  /** Index attributes a fact brings: the month its record starts in, the deputy it belongs to. */
  private indexKeys(write: FactWrite): Record<string, string> {
    const { target, set } = write;
    const month = (at: string) => monthKey(cityDate(new Date(at), this.timeZone).slice(0, 7));
    if (target.kind === 'message') {
      return {
        ...(typeof set.submittedAt === 'string'
          ? { monthKey: month(set.submittedAt), monthSort: `${MONTH_SORT.message}${set.submittedAt}#${target.messageId}` }
          : {}),
        ...(typeof set.deputyCode === 'string' ? { deputyKey: `deputy#${set.deputyCode}`, deputySort: target.messageId } : {}),
      };
    }
    if (target.kind === 'unitCase' && typeof set.forwardedAt === 'string') {
      return { monthKey: month(set.forwardedAt), monthSort: `${MONTH_SORT.unitCase}${set.forwardedAt}#${target.caseId}#${target.unitCode}` };
    }
    if (target.kind === 'deputy') return { rosterKey: 'deputy' };
    return {};
  }
}
