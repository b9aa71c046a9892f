import { ScanCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ItemStore } from '../../../../shared/store/item-store.ts';
import type { RoutedMatter, TriageModel } from '../domain/text/triage.ts';
import type { TriageModels } from '../ports.ts';
import { TRIAGE_MODEL_KEY } from '../table.ts';

/** How long a warm function keeps the model it read: a retrained model reaches intake within this. */
const CACHE_MS = 10 * 60_000;

/** The triage model in one table item, and the routed messages it is trained on. */
export class DynamoTriageModels implements TriageModels {
  private cached?: { model: TriageModel | undefined; until: number };

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly store: ItemStore,
    private readonly now: () => Date,
  ) {}

  async current(): Promise<TriageModel | undefined> {
    const now = this.now().getTime();
    if (this.cached && this.cached.until > now) return this.cached.model;
    const item = await this.store.get<{ model: TriageModel }>(TRIAGE_MODEL_KEY);
    this.cached = { model: item?.model, until: now + CACHE_MS };
    return item?.model;
  }

  async save(model: TriageModel): Promise<void> {
    const existing = await this.store.get<{ model: TriageModel }>(TRIAGE_MODEL_KEY);
    if (existing) await this.store.replace({ ...TRIAGE_MODEL_KEY, model, version: existing.version });
    else await this.store.create({ ...TRIAGE_MODEL_KEY, model });
    this.cached = { model, until: this.now().getTime() + CACHE_MS };
  }

  /** A scan for the messages a unit took (once a day, by the training schedule; a city has tens of thousands). */
  async routedMatters(): Promise<RoutedMatter[]> {
    const matters: RoutedMatter[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new ScanCommand({
          TableName: this.tableName,
          FilterExpression: 'attribute_exists(message.forwardedUnitCode)',
          ProjectionExpression: 'message.content, message.category, message.forwardedUnitCode, message.townshipCode, message.locationTownshipCode',
          ExclusiveStartKey: start,
        }),
      );
      for (const item of page.Items ?? []) {
        const m = item.message as { content: string; category: string; forwardedUnitCode: string; townshipCode?: string; locationTownshipCode?: string };
        matters.push({ content: m.content, category: m.category, unitCode: m.forwardedUnitCode, townshipCode: m.locationTownshipCode ?? m.townshipCode });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    return matters;
  }
}
