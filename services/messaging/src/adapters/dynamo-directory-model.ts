import { GetCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { guardedUpdate } from '../../../../shared/store/guarded-update.ts';
import type { DeputyLoad } from '../domain/intake.ts';
import type { DirectoryModel } from '../ports.ts';
import { STATION_DEPUTIES_INDEX, deputyKey, stationKey } from '../table.ts';

function toLoad(item: Record<string, any>): DeputyLoad {
  return {
    code: item.code,
    name: item.name,
    level: item.level,
    townshipCode: item.townshipCode,
    stationCode: item.stationCode,
    // In office: term not ended, and the account not disabled.
    active: item.active !== false && item.disabled !== true,
    openCount: Math.max(0, Number(item.openCount ?? 0)),
  };
}

/**
 * The directory as the messaging service keeps it, built from identity's events: each deputy with
 * their station and load, each station. Updates are guarded by the event time, so events that
 * arrive late or twice never move it backwards.
 */
export class DynamoDirectoryModel implements DirectoryModel {
  /**
   * Reads are cached for a few seconds per function instance: intake reads a station's deputies
   * on every message, and the directory changes rarely. Loads counted here are adjusted in the
   * cache too, so one instance keeps spreading messages while its cache is warm.
   */
  private readonly cache = new Map<string, { until: number; value: Promise<DeputyLoad[]> }>();
  /** The cached copies of each deputy, so a load change reaches them without scanning the cache. */
  private readonly copies = new Map<string, Set<DeputyLoad>>();

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly options: { cacheMs: number; now: () => number } = { cacheMs: 3000, now: Date.now },
  ) {}

  async deputy(code: string): Promise<DeputyLoad | undefined> {
    const [deputy] = await this.cached(`deputy#${code}`, async () => {
      const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: deputyKey(code) }));
      return Item?.name ? [toLoad(Item)] : [];
    });
    return deputy;
  }

  stationDeputies(stationCode: string): Promise<DeputyLoad[]> {
    return this.cached(`station#${stationCode}`, async () => {
      const { Items } = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: STATION_DEPUTIES_INDEX.name,
          KeyConditionExpression: 'stationKey = :station',
          ExpressionAttributeValues: { ':station': stationCode },
        }),
      );
      return (Items ?? []).map(toLoad);
    });
  }

  private cached(key: string, load: () => Promise<DeputyLoad[]>): Promise<DeputyLoad[]> {
    const now = this.options.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = load().then((fresh) => {
      // The copies the previous entry held are superseded by these.
      void hit?.value.then(
        (old) => {
          for (const d of old) this.copies.get(d.code)?.delete(d);
        },
        () => undefined,
      );
      for (const deputy of fresh) {
        if (!this.copies.has(deputy.code)) this.copies.set(deputy.code, new Set());
        this.copies.get(deputy.code)!.add(deputy);
      }
      return fresh;
    });
    this.cache.set(key, { until: now + this.options.cacheMs, value });
    value.catch(() => this.cache.delete(key));
    return value;
  }

  private adjustCachedLoad(deputyCode: string, delta: number): void {
    for (const deputy of this.copies.get(deputyCode) ?? []) deputy.openCount += delta;
  }

  async station(stationCode: string): Promise<{ code: string; townshipCode?: string } | undefined> {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.tableName, Key: stationKey(stationCode) }));
    return Item && { code: stationCode, ...(typeof Item.townshipCode === 'string' ? { townshipCode: Item.townshipCode } : {}) };
  }

  async adjustLoad(deputyCode: string, delta: number): Promise<void> {
    this.adjustCachedLoad(deputyCode, delta);
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: deputyKey(deputyCode),
        UpdateExpression: 'ADD openCount :delta',
        ExpressionAttributeValues: { ':delta': delta },
      }),
    );
  }

  /** DeputyRegistered / DeputyUpdated: the deputy's posts as of `asOf`. */
  async recordDeputy(deputy: { code: string; name: string; level: string; townshipCode: string; stationCode: string }, asOf: string): Promise<void> {
    await guardedUpdate(this.client, this.tableName, deputyKey(deputy.code), 'postsAsOf', asOf, {
      set: 'code = :code, #name = :name, #level = :level, townshipCode = :township, stationCode = :station, stationKey = :station, openCount = if_not_exists(openCount, :zero), active = if_not_exists(active, :true)',
      names: { '#name': 'name', '#level': 'level' },
      values: {
        ':code': deputy.code,
        ':name': deputy.name,
        ':level': deputy.level,
        ':township': deputy.townshipCode,
        ':station': deputy.stationCode,
        ':zero': 0,
        ':true': true,
      },
    });
  }

  /** DeputyTermEnded: no new messages go to them (their open ones are reassigned by the caller). */
  async endTerm(deputyCode: string, asOf: string): Promise<void> {
    await guardedUpdate(this.client, this.tableName, deputyKey(deputyCode), 'termAsOf', asOf, { set: 'active = :false', values: { ':false': false } });
    this.cache.clear();
  }

  /** AccountChanged (disabled / enabled) of a deputy's account: a disabled deputy gets no messages. */
  async setDisabled(deputyCode: string, disabled: boolean, asOf: string): Promise<void> {
    await guardedUpdate(this.client, this.tableName, deputyKey(deputyCode), 'accountAsOf', asOf, {
      set: 'disabled = :disabled',
      values: { ':disabled': disabled },
    });
    this.cache.clear();
  }

  /** StationRegistered. */
  async recordStation(station: { code: string; name: string; townshipCode: string }, asOf: string): Promise<void> {
    await guardedUpdate(this.client, this.tableName, stationKey(station.code), 'asOf', asOf, {
      set: 'code = :code, #name = :name, townshipCode = :township',
      names: { '#name': 'name' },
      values: { ':code': station.code, ':name': station.name, ':township': station.townshipCode },
    });
  }
}
