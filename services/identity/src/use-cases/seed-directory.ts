import type { DomainEvent } from '../../../../shared/events/envelope.ts';
import { DeputyRegistered, DeputyTermEnded, StationRegistered, TownshipRegistered, UnitRegistered } from '../../../../shared/events/identity/index.ts';
import { personalFields } from '../domain/personal-fields.ts';
import type { Account, CityDirectory } from '../domain/directory.ts';
import type { DirectoryReader, DirectoryWriter } from '../ports.ts';
import type { EntityType } from '../table.ts';
import { deputyPosts, directoryEvent, type DirectoryEventContext } from './directory-events.ts';

/**
 * Writes a whole directory (the demo city on its first start): every entity not there yet is
 * created with its registration events, so the other services hear of it; what exists stays as it
 * is. Returns how many entities were created.
 */
export async function seedDirectory(
  directory: DirectoryWriter & Pick<DirectoryReader, 'getAccount'>,
  city: CityDirectory,
  passwordFor: (account: Account) => Promise<string>,
  context: DirectoryEventContext,
): Promise<number> {
  const event = directoryEvent(context);
  const writes: { type: EntityType; code: string; attributes: Record<string, unknown>; events: DomainEvent[] }[] = [
    ...city.townships.map((t) => ({
      type: 'township' as const,
      code: t.code,
      attributes: { ...t },
      events: [event(TownshipRegistered, { townshipCode: t.code, name: t.name })],
    })),
    ...city.stations.map((s) => ({
      type: 'station' as const,
      code: s.code,
      attributes: { ...s },
      events: [event(StationRegistered, { stationCode: s.code, name: s.name, townshipCode: s.townshipCode })],
    })),
    ...city.rooms.map((r) => ({ type: 'room' as const, code: r.code, attributes: { ...r }, events: [] })),
    ...city.groups.map((g) => ({ type: 'group' as const, code: g.code, attributes: { ...g }, events: [] })),
    ...city.units.map((u) => ({
      type: 'unit' as const,
      code: u.code,
      attributes: { ...u },
      events: [event(UnitRegistered, { unitCode: u.code, name: u.name, kind: u.kind, townshipCode: u.townshipCode })],
    })),
  ];
  for (const deputy of city.deputies) {
    const { phone, ...publicFacts } = deputy;
    writes.push({
      type: 'deputy',
      code: deputy.code,
      // A phone only while in office (decision 40), as an import stores it.
      attributes:
        deputy.termStatus === 'ended'
          ? publicFacts
          : { ...publicFacts, phoneEncrypted: await directory.encrypt(phone, personalFields.deputyPhone(deputy.code)) },
      events: [
        event(DeputyRegistered, deputyPosts(deputy)),
        // A deputy whose term already ended is registered and ended at once: their record stays.
        ...(deputy.termStatus === 'ended' ? [event(DeputyTermEnded, { deputyCode: deputy.code, reason: 'other' })] : []),
      ],
    });
  }
  let created = 0;
  const create = async (write: (typeof writes)[number]) => {
    if (await directory.createOnce(write.type, write.code, write.attributes, write.events)) created++;
  };
  await inBatches(writes, 16, create);
  await inBatches(city.accounts, 16, async (account) => {
    // Hashing costs: only for accounts not there yet.
    if (await directory.getAccount(account.username)) return;
    await create({
      type: 'account',
      code: account.username,
      attributes: { ...account, accountId: `acc-${account.username}`, passwordHash: await passwordFor(account) },
      events: [],
    });
  });
  return created;
}

async function inBatches<T>(items: readonly T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}
