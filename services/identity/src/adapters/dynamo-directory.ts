import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { queryAll } from '../../../../shared/store/query-all.ts';
import type { DomainEvent } from '../../../../shared/events/envelope.ts';
import type { FieldCipher, FieldContext } from '../../../../shared/crypto/field-cipher.ts';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import { itemId, type ItemStore } from '../../../../shared/store/item-store.ts';
import type { Deputy, HandlingUnit, Station, Township } from '../domain/directory.ts';
import type { DirectoryReader, DirectoryWriter, EncryptedContact, StoredAccount } from '../ports.ts';
import { BY_TYPE_INDEX, type EntityType, directoryKey } from '../table.ts';

/** What writing one entity did. */
export type RowOutcome = 'created' | 'updated' | 'unchanged';

/** One entity to create or update: its attributes, the events either causes, and when it is unchanged. */
export interface UpsertEntry {
  type: EntityType;
  code: string;
  attributes: Record<string, unknown>;
  events: (existing: Record<string, any> | undefined) => DomainEvent[];
  sameAs: (existing: Record<string, any>) => boolean | Promise<boolean>;
}

/** Changed entities of a batch written at once, each with its own conditional write. */
const CHANGES_IN_PARALLEL = 16;

/**
 * The directory in the identity service's table: one item per entity, listed by type through the
 * `byType` index. Deputies' phones are stored only encrypted (`phoneEncrypted`).
 */
export class DynamoDirectory implements DirectoryReader, DirectoryWriter {
  constructor(
    private readonly options: {
      client: DynamoDBDocumentClient;
      tableName: string;
      store: ItemStore;
      cipher: FieldCipher;
    },
  ) {}

  async getAccount(username: string): Promise<StoredAccount | undefined> {
    return this.get<StoredAccount>('account', username);
  }

  async encryptedContact(username: string): Promise<EncryptedContact | undefined> {
    // A deputy signs in with their code: the directory's deputy record holds their phone.
    // Its account holds the WeChat binding, made from the console.
    const [deputy, account] = await Promise.all([this.get<Deputy>('deputy', username), this.get<StoredAccount>('account', username)]);
    const { wechatOpenIdEncrypted } = account ?? {};
    const wechat = typeof wechatOpenIdEncrypted === 'string' ? { wechatOpenIdEncrypted } : {};
    if (deputy)
      return {
        active: deputy.termStatus !== 'ended',
        holder: 'deputy',
        ...(deputy.phoneEncrypted ? { phoneEncrypted: deputy.phoneEncrypted } : {}),
        ...wechat,
      };
    if (!account) return undefined;
    const { phoneEncrypted, emailEncrypted } = account as Record<string, unknown>;
    return {
      active: true,
      holder: 'account',
      ...(typeof phoneEncrypted === 'string' ? { phoneEncrypted } : {}),
      ...(typeof emailEncrypted === 'string' ? { emailEncrypted } : {}),
      ...wechat,
    };
  }

  listTownships(): Promise<Township[]> {
    return this.list<Township>('township', (i) => ({ code: i.code, name: i.name }));
  }

  getStation(code: string): Promise<Station | undefined> {
    return this.get<Station>('station', code).then((i) => i && toStation(i));
  }

  listStations(): Promise<Station[]> {
    return this.list<Station>('station', toStation);
  }

  getDeputy(code: string): Promise<Omit<Deputy, 'phone'> | undefined> {
    return this.get<Deputy>('deputy', code).then((i) => i && toDeputy(i));
  }

  listDeputies(): Promise<Omit<Deputy, 'phone'>[]> {
    return this.list('deputy', toDeputy);
  }

  listUnits(): Promise<HandlingUnit[]> {
    return this.list<HandlingUnit>('unit', (i) => ({
      code: i.code,
      name: i.name,
      kind: i.kind,
      ...(i.townshipCode ? { townshipCode: i.townshipCode } : {}),
    }));
  }

  async createOnce(type: EntityType, code: string, attributes: Record<string, unknown>, events: readonly DomainEvent[]): Promise<boolean> {
    try {
      await this.options.store.create({ ...directoryKey(type, code), ...attributes, type, code }, events);
      return true;
    } catch (error) {
      // Writing again is harmless: what exists stays as it is.
      if (!(error instanceof ConflictError && error.code === 'ALREADY_EXISTS')) throw error;
      return false;
    }
  }

  /**
   * Creates or updates many entities of distinct codes (an import chunk): read in batches, the new
   * ones created in batches with their events published together, the changed ones each at its
   * next version as {@link upsert} does, the unchanged ones not at all. Replays change nothing.
   */
  async upsertMany(entries: readonly UpsertEntry[]): Promise<RowOutcome[]> {
    const existing = await this.options.store.getMany<Record<string, any>>(entries.map((e) => directoryKey(e.type, e.code)));
    const outcomes: RowOutcome[] = [];
    const created: Parameters<ItemStore['createMany']>[0][number][] = [];
    const changed: number[] = [];
    for (const [i, entry] of entries.entries()) {
      const key = directoryKey(entry.type, entry.code);
      const found = existing.get(itemId(key));
      if (!found) {
        created.push({ item: { ...key, ...entry.attributes, type: entry.type, code: entry.code }, events: entry.events(undefined) });
        outcomes[i] = 'created';
      } else if (await entry.sameAs(found)) {
        outcomes[i] = 'unchanged';
      } else {
        changed.push(i);
      }
    }
    await this.options.store.createMany(created);
    for (let i = 0; i < changed.length; i += CHANGES_IN_PARALLEL) {
      await Promise.all(changed.slice(i, i + CHANGES_IN_PARALLEL).map(async (index) => void (outcomes[index] = await this.upsert(entries[index]!))));
    }
    return outcomes;
  }

  /**
   * Creates or updates one entity: a new one with its registration events, a changed one at the
   * next version with its change events, an unchanged one not at all. Replays change nothing.
   */
  async upsert({ type, code, attributes, events, sameAs }: UpsertEntry): Promise<RowOutcome> {
    for (let attempt = 0; ; attempt++) {
      const existing = await this.options.store.get<Record<string, any>>(directoryKey(type, code));
      try {
        if (!existing) {
          await this.options.store.create({ ...directoryKey(type, code), ...attributes, type, code }, events(undefined));
          return 'created';
        }
        if (await sameAs(existing)) return 'unchanged';
        await this.options.store.replace({ ...existing, ...attributes }, events(existing));
        return 'updated';
      } catch (error) {
        // Someone changed it meanwhile: read again and decide again.
        if (!(error instanceof ConflictError) || attempt >= 2) throw error;
      }
    }
  }

  /** Replaces an account's password hash if it is still `previous` (a password changed meanwhile wins). */
  async replacePasswordHash(username: string, previous: string, next: string): Promise<void> {
    try {
      await this.options.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: directoryKey('account', username),
          UpdateExpression: 'SET passwordHash = :next ADD version :one',
          ConditionExpression: 'passwordHash = :previous',
          ExpressionAttributeValues: { ':next': next, ':previous': previous, ':one': 1 },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  /** Encrypts a personal field with the directory's cipher, bound to the record and field it is stored in. */
  encrypt(plaintext: string, context: FieldContext): Promise<string> {
    return this.options.cipher.encrypt(plaintext, context);
  }

  /** Decrypts a personal field (for the narrow routes allowed to see it) where it was stored. */
  decrypt(ciphertext: string, context: FieldContext): Promise<string> {
    return this.options.cipher.decrypt(ciphertext, context);
  }

  private async get<T>(type: EntityType, code: string): Promise<(T & Record<string, any>) | undefined> {
    const { Item } = await this.options.client.send(new GetCommand({ TableName: this.options.tableName, Key: directoryKey(type, code) }));
    return Item as (T & Record<string, any>) | undefined;
  }

  private async list<T>(type: EntityType, map: (item: Record<string, any>) => T): Promise<T[]> {
    const items = await queryAll(this.options.client, {
      TableName: this.options.tableName,
      IndexName: BY_TYPE_INDEX.name,
      KeyConditionExpression: '#type = :type',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':type': type },
    });
    return items.map(map);
  }
}

function toStation(i: Record<string, any>): Station {
  return { code: i.code, name: i.name, townshipCode: i.townshipCode, address: i.address };
}

function toDeputy(i: Record<string, any>): Omit<Deputy, 'phone'> {
  return {
    code: i.code,
    name: i.name,
    level: i.level,
    constituency: i.constituency,
    townshipCode: i.townshipCode,
    stationCode: i.stationCode,
    roomCode: i.roomCode,
    gridCode: i.gridCode,
    groupCode: i.groupCode,
    category: i.category,
    ...(i.professionalGroup ? { professionalGroup: i.professionalGroup } : {}),
    termStatus: i.termStatus,
  };
}
