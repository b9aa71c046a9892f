import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { getMany } from '../../../../shared/store/get-many.ts';
import { queryAll } from '../../../../shared/store/query-all.ts';
import type { DomainEvent } from '../../../../shared/events/envelope.ts';
import type { ItemStore, StoredItem } from '../../../../shared/store/item-store.ts';
import { FINISHED, WITH_UNIT } from '../domain/access.ts';
import { currentDeadline, type Case } from '../domain/case.ts';
import { queryDue } from '../../../../shared/store/query-due.ts';
import type { CaseRepository, StoredCase } from '../ports.ts';
import { CASE_DEADLINE_INDEX, OPEN_INDEX, UNIT_INDEX, caseIdOf, caseKey } from '../table.ts';

/** Cases in the case-routing table, written through the outbox. */
export class DynamoCases implements CaseRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly store: ItemStore,
    private readonly timeZone: string,
  ) {}

  private itemOf(c: Case) {
    const deadline = currentDeadline(c, this.timeZone);
    return {
      case: c,
      status: c.status,
      openedAt: c.openedAt,
      openShard: c.kind === 'suggestion' ? 'suggestion' : FINISHED.has(c.status) ? 'finished' : 'open',
      ...(WITH_UNIT.has(c.status) && c.unitCode ? { unitKey: c.unitCode } : {}),
      ...(deadline ? { deadlineKind: 'case', deadlineAt: deadline.dueAt } : {}),
    };
  }

  async create(c: Case, events: DomainEvent[]): Promise<void> {
    await this.store.create({ ...caseKey(c.caseId), ...this.itemOf(c) }, events);
  }

  async get(caseId: string): Promise<StoredCase | undefined> {
    const item = await this.store.get<{ case: Case }>(caseKey(caseId));
    return item && { case: item.case, version: item.version };
  }

  async save(stored: StoredCase, next: Case, events: DomainEvent[]): Promise<void> {
    await this.store.replace({ ...caseKey(next.caseId), version: stored.version, ...this.itemOf(next) } as StoredItem<object>, events);
  }

  /** Every unfinished problem case (a city has hundreds, not millions, open at once). */
  open(): Promise<Case[]> {
    return this.query(OPEN_INDEX.name, 'openShard = :v', 'open');
  }

  /** Every suggestion case, finished or not. */
  suggestions(): Promise<Case[]> {
    return this.query(OPEN_INDEX.name, 'openShard = :v', 'suggestion');
  }

  /** The finished problem cases opened between two instants (the lists' history). */
  async finishedBetween(fromAt: string, toAt: string): Promise<Case[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: OPEN_INDEX.name,
      KeyConditionExpression: 'openShard = :v AND openedAt BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':v': 'finished', ':from': fromAt, ':to': toAt },
    });
    return this.casesAt(items);
  }

  forUnit(unitCode: string): Promise<Case[]> {
    return this.query(UNIT_INDEX.name, 'unitKey = :v', unitCode);
  }

  async due(now: Date, limit: number): Promise<string[]> {
    const items = await queryDue(this.client, this.tableName, CASE_DEADLINE_INDEX, 'case', now, limit);
    return items.map((i) => caseIdOf(i.pk as string));
  }

  private async query(index: string, condition: string, value: string): Promise<Case[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: index,
      KeyConditionExpression: condition,
      ExpressionAttributeValues: { ':v': value },
    });
    return this.casesAt(items);
  }

  /** The cases an index query found: the indexes carry keys only, the cases are read by key. */
  private async casesAt(entries: readonly Record<string, unknown>[]): Promise<Case[]> {
    const keys = entries.map((e) => ({ pk: e.pk as string, sk: e.sk as string }));
    return (await getMany(this.client, this.tableName, keys)).map((item) => item.case as Case);
  }
}
