import { AccountCreated } from '../../../../shared/events/identity/index.ts';
import { createEvent } from '../../../../shared/events/envelope.ts';
import { ConflictError } from '../../../../shared/runtime/errors.ts';
import type { Township } from '../domain/directory.ts';
import type { AccountStore, DirectoryReader, DirectoryWriter, PasswordHasher } from '../ports.ts';
import { seedDirectory } from './seed-directory.ts';

/** The first admin's username on every city. */
export const FIRST_ADMIN = 'admin';

/** Who the first start acts as, in events and the audit trail. */
const SYSTEM = 'system';

export interface StartCityPorts {
  directory: DirectoryWriter & Pick<DirectoryReader, 'getAccount'>;
  accounts: Pick<AccountStore, 'create' | 'audit'>;
  hasher: PasswordHasher;
  city: string;
}

/**
 * 首次启动: a city's first start, run at every deploy and local start and harmless when repeated:
 * the townships of the city's config join the directory (those already there stay as they are),
 * and the first admin account exists, with the given one-time password to change at first sign-in.
 * Returns whether the admin was created now (so the password is worth showing).
 */
export async function startCity(
  ports: StartCityPorts,
  townships: readonly Township[],
  firstAdminPassword: string,
  now: Date,
): Promise<{ townshipsCreated: number; adminCreated: boolean }> {
  const townshipsCreated = await seedDirectory(
    ports.directory,
    { townships: [...townships], stations: [], rooms: [], groups: [], deputies: [], units: [], accounts: [] },
    async () => '',
    { city: ports.city, now: () => now },
  );
  const event = createEvent(AccountCreated, { username: FIRST_ADMIN, role: 'admin', scope: {}, status: 'active', by: SYSTEM }, { city: ports.city, now });
  try {
    await ports.accounts.create(
      {
        username: FIRST_ADMIN,
        name: '系统管理员',
        role: 'admin',
        scope: {},
        accountId: `acc-${FIRST_ADMIN}`,
        passwordHash: await ports.hasher.hash(firstAdminPassword),
        status: 'active',
        mustChangePassword: true,
        createdAt: now.toISOString(),
      },
      [event],
    );
  } catch (error) {
    if (error instanceof ConflictError && error.code === 'ALREADY_EXISTS') return { townshipsCreated, adminCreated: false };
    throw error;
  }
  await ports.accounts.audit({ username: FIRST_ADMIN, at: now.toISOString(), by: SYSTEM, change: 'created', eventId: event.detail.metadata.eventId });
  return { townshipsCreated, adminCreated: true };
}
