import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../../shared/events/envelope.ts';
import type { ItemStore, StoredItem } from '../../../../shared/store/item-store.ts';
import { queryAll } from '../../../../shared/store/query-all.ts';
import type { Consultation, ConsultationResponse } from '../domain/consultation.ts';
import type { Consultations, StoredConsultation } from '../ports.ts';
import { consultationKey, consultationPk, LISTING_INDEX, LISTS, RESPONSE_PREFIX, responseKey } from '../table.ts';

const CONSULTATION_FIELDS = [
  'consultationId',
  'title',
  'description',
  'options',
  'townshipCode',
  'openedAt',
  'closesAt',
  'openedBy',
  'closedAt',
  'closedBy',
  'conclusion',
] as const;

/** The domain's consultation from a stored item (keys, index attributes and outbox left behind). */
function toConsultation(item: object): Consultation {
  const fields = item as Record<string, unknown>;
  return Object.fromEntries(CONSULTATION_FIELDS.filter((f) => fields[f] !== undefined).map((f) => [f, fields[f]])) as unknown as Consultation;
}

function toResponse(item: Record<string, unknown>): ConsultationResponse {
  const { responseId, choices, comment, respondedAt, hidden } = item as Partial<ConsultationResponse>;
  return { responseId: responseId ?? '', choices: choices ?? [], ...(comment ? { comment } : {}), respondedAt: respondedAt ?? '', hidden: Boolean(hidden) };
}

/** Consultations and their responses in participation's table (one partition per consultation). */
export class DynamoConsultations implements Consultations {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly store: ItemStore,
  ) {}

  private item(consultation: Consultation) {
    return {
      ...consultationKey(consultation.consultationId),
      ...consultation,
      listKey: LISTS.consultations,
      listSort: `${consultation.openedAt}#${consultation.consultationId}`,
    };
  }

  async get(consultationId: string): Promise<StoredConsultation | undefined> {
    const stored = await this.store.get<Consultation>(consultationKey(consultationId));
    return stored ? { ...toConsultation(stored), version: stored.version } : undefined;
  }

  async create(consultation: Consultation, events: DomainEvent[]): Promise<void> {
    await this.store.create(this.item(consultation), events);
  }

  async save(stored: StoredConsultation, next: Consultation, events: DomainEvent[]): Promise<void> {
    await this.store.replace({ ...this.item(next), version: stored.version } as StoredItem<Consultation>, events);
  }

  async list(): Promise<Consultation[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: LISTING_INDEX.name,
      KeyConditionExpression: 'listKey = :list',
      ExpressionAttributeValues: { ':list': LISTS.consultations },
      ScanIndexForward: false,
    });
    return items.map(toConsultation);
  }

  async respond(consultationId: string, response: ConsultationResponse): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...responseKey(consultationId, response.responseId), ...response },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async responses(consultationId: string): Promise<ConsultationResponse[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': consultationPk(consultationId), ':prefix': RESPONSE_PREFIX },
    });
    return items.map(toResponse);
  }

  async setHidden(consultationId: string, responseId: string, hidden: boolean): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: responseKey(consultationId, responseId),
          UpdateExpression: 'SET #hidden = :hidden',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#hidden': 'hidden' },
          ExpressionAttributeValues: { ':hidden': hidden },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
