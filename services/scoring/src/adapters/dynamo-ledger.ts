import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../../../shared/store/query-all.ts';
import type { DomainEvent } from '../../../../shared/events/envelope.ts';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import type { ItemStore } from '../../../../shared/store/item-store.ts';
import type { Flag } from '../domain/flags-and-ranking.ts';
import type { Contribution, LedgerEntry, StatIncrements } from '../domain/ledger.ts';
import type { Ledger, RaisedFlag, YearTotals } from '../ports.ts';
import { appliedKey, BY_YEAR_INDEX, ledgerKey } from '../table.ts';

/**
 * How long a counted source stays in its totals item's set of recent sources: well past the
 * longest a handler runs (15 minutes), so a duplicate still in flight meets it there.
 */
export const APPLIED_WINDOW_MS = 30 * 60_000;

/** Recent sources a totals item carries before an apply prunes the counted ones. */
const PRUNE_ABOVE = 50;

const STAT_KEYS = ['messages', 'answeredOnTime', 'answered', 'ratingSum', 'ratingCount', 'absencesWithoutLeave', 'voterReports', 'suggestions'] as const;

function toTotals(item: Record<string, any>): YearTotals {
  const byRule: Record<string, number> = {};
  for (const [key, value] of Object.entries(item)) if (key.startsWith('r_')) byRule[key.slice(2)] = Number(value);
  const stats = Object.fromEntries(STAT_KEYS.map((k) => [k, Number(item[`s_${k}`] ?? 0)])) as Required<StatIncrements>;
  return { deputyCode: item.deputyCode, year: item.year, byRule, stats };
}

/**
 * The points ledger: one item per entry (append-only, created once), and per deputy and year a
 * totals item that adds each source's points and statistics exactly once (a marker item per
 * source, and a set of recent sources in the same conditional write as the sums), so duplicates
 * and replays never count twice, the totals never depend on arrival order, and no item grows with
 * the year.
 */
export class DynamoLedger implements Ledger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly store: ItemStore,
    /** The clock that dates source markers (pruning compares against it). */
    private readonly now: () => Date,
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

  /**
   * Adds a source to its deputy's year exactly once, without transactions and without a set that
   * grows for the whole year: (1) the source's marker item (`applied#<sourceId>`) is read: present,
   * the source was counted; (2) the totals item adds the points and joins the source to a set of
   * recent sources in one conditional write (refused when the set has it: counted before); (3) the
   * marker is written, counted. A replay after (3) stops at (1); one between (2) and (3) stops at
   * (2) and writes the marker. A source leaves the set only once its marker was counted more than
   * {@link APPLIED_WINDOW_MS} ago, longer than any handler runs, so a duplicate that found no
   * marker still meets the set. Two writes per source; the read costs a fifth of a third write.
   */
  private async addToTotals(c: Contribution): Promise<boolean> {
    const pk = ledgerKey(c.deputyCode, c.year);
    if (await this.counted(pk, c.sourceId)) return false;
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
    let added = true;
    let recent: Set<string> | undefined;
    try {
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk, sk: 'totals' },
          UpdateExpression: `ADD ${adds.join(', ')} SET deputyCode = :deputy, #yr = :year, yearKey = :yearKey, yearSort = :yearSort`,
          ConditionExpression: 'attribute_not_exists(#applied) OR NOT contains(#applied, :sourceId)',
          ExpressionAttributeNames: { ...names, '#yr': 'year' },
          ExpressionAttributeValues: values,
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      recent = Attributes?.applied as Set<string> | undefined;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      added = false; // counted before the marker was marked
    }
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk, sk: appliedKey(c.sourceId) },
        UpdateExpression: 'SET countedAt = if_not_exists(countedAt, :now)',
        ExpressionAttributeValues: { ':now': this.now().toISOString() },
      }),
    );
    if (recent && recent.size > PRUNE_ABOVE) await this.prune(pk, [...recent]);
    return added;
  }

  /** Whether the source's marker says it was counted (a marker without `countedAt` is from an apply still under way, or cut short). */
  private async counted(pk: string, sourceId: string): Promise<boolean> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: { pk, sk: appliedKey(sourceId) }, ConsistentRead: true, ProjectionExpression: 'countedAt' }),
    );
    return Item?.countedAt !== undefined;
  }

  /**
   * Removes from the totals' set the sources counted long enough ago. A member without a marker
   * was counted before markers existed: it gets a counted marker now and leaves the set later.
   */
  private async prune(pk: string, members: string[]): Promise<void> {
    const batch = members.slice(0, 100);
    const { Responses } = await this.client.send(
      new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: batch.map((m) => ({ pk, sk: appliedKey(m) })), ConsistentRead: true } } }),
    );
    const markers = new Map((Responses?.[this.tableName] ?? []).map((item) => [item.sk as string, item.countedAt as string | undefined]));
    const before = new Date(this.now().getTime() - APPLIED_WINDOW_MS).toISOString();
    const done = batch.filter((m) => {
      const countedAt = markers.get(appliedKey(m));
      return countedAt !== undefined && countedAt < before;
    });
    for (const legacy of batch.filter((m) => !markers.has(appliedKey(m)))) {
      const now = this.now().toISOString();
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: { pk, sk: appliedKey(legacy), markedAt: now, countedAt: now } }));
    }
    if (done.length === 0) return;
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk, sk: 'totals' },
        UpdateExpression: 'DELETE #applied :done',
        ExpressionAttributeNames: { '#applied': 'applied' },
        ExpressionAttributeValues: { ':done': new Set(done) },
      }),
    );
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
