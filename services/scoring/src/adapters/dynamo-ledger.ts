import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../../../shared/store/query-all.ts';
import type { DomainEvent } from '../../../../shared/events/envelope.ts';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import type { ItemStore } from '../../../../shared/store/item-store.ts';
import type { Flag } from '../domain/flags-and-ranking.ts';
import type { Contribution, LedgerEntry, StatIncrements } from '../domain/ledger.ts';
import type { Ledger, RaisedFlag, YearTotals } from '../ports.ts';
import { BY_YEAR_INDEX, ledgerKey } from '../table.ts';

const STAT_KEYS = ['messages', 'answeredOnTime', 'answered', 'ratingSum', 'ratingCount', 'absencesWithoutLeave', 'voterReports', 'suggestions'] as const;

function toTotals(item: Record<string, any>): YearTotals {
  const byRule: Record<string, number> = {};
  for (const [key, value] of Object.entries(item)) if (key.startsWith('r_')) byRule[key.slice(2)] = Number(value);
  const stats = Object.fromEntries(STAT_KEYS.map((k) => [k, Number(item[`s_${k}`] ?? 0)])) as Required<StatIncrements>;
  return { deputyCode: item.deputyCode, year: item.year, byRule, stats };
}

/**
 * The points ledger: one item per entry (append-only, created once), and per deputy and year a
 * totals item that adds each source's points and statistics exactly once — the source id joins a
 * set in the same conditional write — so duplicates and replays never count twice and the
 * totals never depend on arrival order.
 */
export class DynamoLedger implements Ledger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly store: ItemStore,
  ) {}

  async apply(contribution: Contribution, events: readonly DomainEvent[]): Promise<boolean> {
    for (const [i, entry] of contribution.entries.entries()) {
      const event = events[i];
      if (!event) throw new Error(`ledger entry ${entry.entryId} has no event`);
      await this.createOnce(
        {
          pk: ledgerKey(entry.deputyCode, entry.year),
          sk: `entry#${entry.entryId}`,
          yearKey: `year#${entry.year}`,
          yearSort: `entry#${entry.entryId}`,
          entry,
        },
        [event],
      );
    }
    return this.addToTotals(contribution);
  }

  private async addToTotals(c: Contribution): Promise<boolean> {
    const names: Record<string, string> = { '#applied': 'applied' };
    const values: Record<string, unknown> = {
      ':source': new Set([c.sourceId]),
      ':sourceId': c.sourceId,
      ':deputy': c.deputyCode,
      ':year': c.year,
      ':yearKey': `year#${c.year}`,
      ':yearSort': `totals#${c.deputyCode}`,
    };
    const adds = ['#applied :source'];
    const byRule: Record<string, number> = {};
    for (const e of c.entries) byRule[e.rule] = (byRule[e.rule] ?? 0) + e.points;
    Object.entries(byRule).forEach(([rule, points], i) => {
      names[`#r${i}`] = `r_${rule}`;
      values[`:r${i}`] = points;
      adds.push(`#r${i} :r${i}`);
    });
    Object.entries(c.stats).forEach(([stat, n], i) => {
      if (!n) return;
      names[`#s${i}`] = `s_${stat}`;
      values[`:s${i}`] = n;
      adds.push(`#s${i} :s${i}`);
    });
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: ledgerKey(c.deputyCode, c.year), sk: 'totals' },
          UpdateExpression: `ADD ${adds.join(', ')} SET deputyCode = :deputy, #yr = :year, yearKey = :yearKey, yearSort = :yearSort`,
          ConditionExpression: 'attribute_not_exists(#applied) OR NOT contains(#applied, :sourceId)',
          ExpressionAttributeNames: { ...names, '#yr': 'year' },
          ExpressionAttributeValues: values,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false; // counted before
      throw error;
    }
  }

  async totals(deputyCode: string, year: number): Promise<YearTotals> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk: ledgerKey(deputyCode, year), sk: 'totals' }, ConsistentRead: true }),
    );
    return Item ? toTotals(Item) : { deputyCode, year, byRule: {}, stats: toTotals({}).stats };
  }

  async entries(deputyCode: string, year: number): Promise<LedgerEntry[]> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :entry)',
      ExpressionAttributeValues: { ':pk': ledgerKey(deputyCode, year), ':entry': 'entry#' },
    });
    return items.map((i) => i.entry as LedgerEntry).sort((a, b) => a.at.localeCompare(b.at) || a.entryId.localeCompare(b.entryId));
  }

  async entry(entryId: string, deputyCode: string, year: number): Promise<LedgerEntry | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: { pk: ledgerKey(deputyCode, year), sk: `entry#${entryId}` } }));
    return Item?.entry as LedgerEntry | undefined;
  }

  async yearTotals(year: number): Promise<YearTotals[]> {
    const items = await this.queryAll({
      IndexName: BY_YEAR_INDEX.name,
      KeyConditionExpression: 'yearKey = :y AND begins_with(yearSort, :t)',
      ExpressionAttributeValues: { ':y': `year#${year}`, ':t': 'totals#' },
    });
    return items.map(toTotals);
  }

  async yearEntries(year: number): Promise<LedgerEntry[]> {
    const items = await this.queryAll({
      IndexName: BY_YEAR_INDEX.name,
      KeyConditionExpression: 'yearKey = :y AND begins_with(yearSort, :e)',
      ExpressionAttributeValues: { ':y': `year#${year}`, ':e': 'entry#' },
    });
    return items.map((i) => i.entry as LedgerEntry);
  }

  /** Raises a flag once per deputy, year and reason, with its event. */
  async flag({ deputyCode, year, reason }: Flag, event: DomainEvent): Promise<boolean> {
    const flaggedAt = event.detail.metadata.occurredAt;
    return this.createOnce({ pk: `flags#${year}`, sk: `${deputyCode}#${reason}`, deputyCode, year, reason, flaggedAt }, [event]);
  }

  async flags(year: number): Promise<RaisedFlag[]> {
    const items = await this.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `flags#${year}` } });
    return items.map((i) => ({ deputyCode: i.deputyCode, reason: i.reason, flaggedAt: i.flaggedAt }));
  }

  async recordRanking(publication: { year: number; excellent: string[]; publishedAt: string }, event: DomainEvent): Promise<void> {
    await this.createOnce({ pk: `ranking#${publication.year}`, sk: `published#${publication.publishedAt}`, ...publication }, [event]);
  }

  /** Creates an item once; a second create of the same key is not an error. */
  async createOnce(item: Record<string, unknown> & { pk: string; sk: string }, events: DomainEvent[]): Promise<boolean> {
    try {
      await this.store.create(item, events);
      return true;
    } catch (error) {
      if (error instanceof ConflictError && error.code === 'ALREADY_EXISTS') return false;
      throw error;
    }
  }

  private queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, any>[]> {
    return queryAll(this.client, { TableName: this.tableName, ...input });
  }
}
