import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../../shared/events/envelope.ts';
import type { ItemStore, StoredItem } from '../../../../shared/store/item-store.ts';
import { decodeCursor, encodeCursor } from '../../../../shared/store/page-cursor.ts';
import { nextDeadline, type DeadlineKind, type Message, type MessageStatus } from '../domain/message.ts';
import type { MessageRepository, MessageSecrets, StoredMessage } from '../ports.ts';
import { getMany } from '../../../../shared/store/get-many.ts';
import { queryDue } from '../../../../shared/store/query-due.ts';
import type { ItemKey } from '../../../../shared/store/table.ts';
import { DEADLINE_INDEX, HELD_INDEX, INBOX_INDEX, TRACKING_INDEX, messageIdOf, messageKey } from '../table.ts';

interface MessageItem {
  message: Message;
  secrets: MessageSecrets;
  status: MessageStatus;
  trackingCode: string;
  inboxPk?: string;
  inboxSk?: string;
  deadlineKind?: string;
  deadlineAt?: string;
  heldPk?: string;
  heldSk?: string;
}

/** The deadlines index's partition of replies overdue and still owed. */
const OVERDUE_REPLIES: DeadlineKind = 'reply_overdue';

/** The one partition of the held index: the queue is small, reviewers narrow it by township. */
const HELD_PARTITION = 'held';

/** The index attributes a message's state implies. */
function itemOf(message: Message, secrets: MessageSecrets): MessageItem {
  const deadline = nextDeadline(message);
  const onInbox = message.deputyCode && message.status !== 'held';
  return {
    message,
    secrets,
    status: message.status,
    trackingCode: message.trackingCode,
    ...(onInbox ? { inboxPk: `deputy#${message.deputyCode}`, inboxSk: `${message.submittedAt}#${message.messageId}` } : {}),
    ...(deadline ? { deadlineKind: deadline.kind, deadlineAt: deadline.at } : {}),
    ...(message.status === 'held' ? { heldPk: HELD_PARTITION, heldSk: `${message.hold?.at ?? message.submittedAt}#${message.messageId}` } : {}),
  };
}

/** Messages in the messaging service's table, written through the outbox. */
export class DynamoMessages implements MessageRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly store: ItemStore,
  ) {}

  async create(message: Message, secrets: MessageSecrets, events: DomainEvent[]): Promise<void> {
    await this.store.create({ ...messageKey(message.messageId), ...itemOf(message, secrets) }, events);
  }

  async get(messageId: string): Promise<StoredMessage | undefined> {
    const item = await this.store.get<MessageItem>(messageKey(messageId));
    return item && { message: item.message, secrets: item.secrets, version: item.version };
  }

  async save(stored: StoredMessage, next: Message, events: DomainEvent[]): Promise<void> {
    const item = { ...messageKey(next.messageId), version: stored.version, ...itemOf(next, stored.secrets) } as StoredItem<MessageItem>;
    await this.store.replace(item, events);
  }

  async saveWithSecrets(stored: StoredMessage, next: Message, secrets: MessageSecrets, events: DomainEvent[] = []): Promise<void> {
    const item = { ...messageKey(next.messageId), version: stored.version, ...itemOf(next, secrets) } as StoredItem<MessageItem>;
    await this.store.replace(item, events);
  }

  async findByTrackingCode(trackingCode: string): Promise<StoredMessage[]> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: TRACKING_INDEX.name,
        KeyConditionExpression: 'trackingCode = :code',
        ExpressionAttributeValues: { ':code': trackingCode },
        Limit: 5,
      }),
    );
    // The index carries keys only; the citizen acts on what is read here, so read it consistently.
    const items = await getMany(this.client, this.tableName, keysOf(Items), true);
    return items.map((i) => ({ message: i.message as Message, secrets: i.secrets as MessageSecrets, version: i.version as number }));
  }

  async inbox(deputyCode: string, query: { status?: MessageStatus; limit: number; cursor?: string }): Promise<{ items: Message[]; nextCursor: string | null }> {
    const { Items, LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INBOX_INDEX.name,
        KeyConditionExpression: 'inboxPk = :deputy',
        ...(query.status ? { FilterExpression: '#status = :status', ExpressionAttributeNames: { '#status': 'status' } } : {}),
        ExpressionAttributeValues: { ':deputy': `deputy#${deputyCode}`, ...(query.status ? { ':status': query.status } : {}) },
        ScanIndexForward: false,
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, 'inboxPk', `deputy#${deputyCode}`),
      }),
    );
    const items = await getMany(this.client, this.tableName, keysOf(Items));
    return { items: items.map((i) => i.message as Message), nextCursor: LastEvaluatedKey ? encodeCursor(LastEvaluatedKey) : null };
  }

  async due(kind: DeadlineKind, now: Date, limit: number): Promise<string[]> {
    const items = await queryDue(this.client, this.tableName, DEADLINE_INDEX, kind, now, limit);
    return items.map((i) => messageIdOf(i.pk as string));
  }

  async overdueReplies(query: { townshipCode?: string; limit: number; cursor?: string }): Promise<{ items: Message[]; nextCursor: string | null }> {
    const { Items, LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: DEADLINE_INDEX.name,
        KeyConditionExpression: 'deadlineKind = :kind',
        ExpressionAttributeValues: { ':kind': OVERDUE_REPLIES },
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, 'deadlineKind', OVERDUE_REPLIES),
      }),
    );
    // Keys only in the index, as for the held queue: the township narrows the messages read.
    const messages = (await getMany(this.client, this.tableName, keysOf(Items))).map((i) => i.message as Message);
    const items = messages.filter((m) => !query.townshipCode || m.townshipCode === query.townshipCode);
    return { items, nextCursor: LastEvaluatedKey ? encodeCursor(LastEvaluatedKey) : null };
  }

  async held(query: { townshipCode?: string; overdue?: boolean; limit: number; cursor?: string }): Promise<{ items: Message[]; nextCursor: string | null }> {
    const { Items, LastEvaluatedKey } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: HELD_INDEX.name,
        KeyConditionExpression: 'heldPk = :held',
        ExpressionAttributeValues: { ':held': HELD_PARTITION },
        Limit: query.limit,
        ExclusiveStartKey: decodeCursor(query.cursor, 'heldPk', HELD_PARTITION),
      }),
    );
    // The index carries keys only, so the narrowing happens on the messages read, page by page as
    // a filter expression would (a page may hold fewer than `limit`, the cursor goes on).
    const messages = (await getMany(this.client, this.tableName, keysOf(Items))).map((i) => i.message as Message);
    const items = messages.filter((m) => (!query.townshipCode || m.townshipCode === query.townshipCode) && (!query.overdue || m.hold?.overdue === true));
    return { items, nextCursor: LastEvaluatedKey ? encodeCursor(LastEvaluatedKey) : null };
  }
}

/** The table keys of the entries an index query found. */
function keysOf(items: Record<string, unknown>[] | undefined): ItemKey[] {
  return (items ?? []).map((i) => ({ pk: i.pk as string, sk: i.sk as string }));
}
