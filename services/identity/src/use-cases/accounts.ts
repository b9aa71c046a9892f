import { createHash } from 'node:crypto';
import { AccountAccessRevoked, AccountChanged, AccountCreated } from '../../../../shared/events/identity/index.ts';
import { createEvent, type DomainEvent } from '../../../../shared/events/envelope.ts';
import { ConflictError, invalidBody, NotFoundError } from '../../../../shared/runtime/errors.ts';
import { withOptimisticRetry } from '../../../../shared/store/optimistic.ts';
import type { StoredItem } from '../../../../shared/store/item-store.ts';
import { formatCode, readableCode, scopeProblem, type AccountStatus, type AccountView } from '../domain/account.ts';
import type { Account } from '../domain/directory.ts';
import type { AccountStore, DirectoryReader, PasswordHasher, StoredAccount } from '../ports.ts';

/** What the account use cases work with; `random` gives cryptographically random bytes. */
export interface AccountPorts {
  accounts: AccountStore;
  hasher: PasswordHasher;
  city: string;
  random: (bytes: number) => Uint8Array;
  directory: Pick<DirectoryReader, 'listTownships' | 'listUnits'>;
}

type Change = 'disabled' | 'enabled' | 'role_changed' | 'scope_changed' | 'password_reset' | 'password_changed' | 'activated' | 'signed_out';

/** The account as the admin sees it. */
export function accountView(a: StoredAccount): AccountView {
  return {
    username: a.username,
    name: a.name,
    role: a.role,
    scope: a.scope,
    status: a.status ?? 'active',
    mustChangePassword: a.mustChangePassword === true,
    createdAt: a.createdAt ?? '',
    ...(a.lastSignInAt ? { lastSignInAt: a.lastSignInAt } : {}),
  };
}

/** A page of accounts, by username, filtered by role and a search in username and name. */
export async function listAccounts(
  accounts: Pick<AccountStore, 'list'>,
  query: { role?: Account['role']; q?: string; limit: number; cursor?: string },
): Promise<{ items: AccountView[]; nextCursor: string | null }> {
  // A city has at most a few thousand accounts: one indexed read, filtered and paged here.
  const needle = query.q?.trim().toLowerCase();
  const matching = (await accounts.list())
    .filter((a) => !query.role || a.role === query.role)
    .filter((a) => !needle || a.username.toLowerCase().includes(needle) || a.name.toLowerCase().includes(needle))
    .filter((a) => !query.cursor || a.username > query.cursor)
    .sort((a, b) => (a.username < b.username ? -1 : 1));
  const items = matching.slice(0, query.limit).map(accountView);
  return { items, nextCursor: matching.length > query.limit ? items.at(-1)!.username : null };
}

/** 新建账号: a staff account with a one-time password, shown once, to be changed at first sign-in. */
export async function createStaffAccount(ports: AccountPorts, by: string, input: Account, now: Date): Promise<{ username: string; oneTimePassword: string }> {
  await assertScope(ports, input.role, input.scope);
  const oneTimePassword = formatCode(readableCode(ports.random(12)));
  const account: StoredAccount = {
    ...input,
    accountId: `acc-${input.username}`,
    passwordHash: await ports.hasher.hash(oneTimePassword),
    status: 'active',
    mustChangePassword: true,
    createdAt: now.toISOString(),
  };
  const event = createEvent(
    AccountCreated,
    { username: input.username, role: input.role, scope: input.scope, status: 'active', by },
    { city: ports.city, now },
  );
  try {
    await ports.accounts.create(account, [event]);
  } catch (error) {
    if (error instanceof ConflictError && error.code === 'ALREADY_EXISTS')
      throw new ConflictError(`The username ${input.username} is taken.`, 'USERNAME_TAKEN');
    throw error;
  }
  await ports.accounts.audit({ username: input.username, at: now.toISOString(), by, change: 'created', eventId: event.detail.metadata.eventId });
  return { username: input.username, oneTimePassword };
}

/**
 * A deputy's account (username = deputy code), `pending` until the deputy activates it with a
 * code an admin hands out. Created once, when the deputy enters the directory; false if it exists.
 * Its event is the deputy's `DeputyRegistered`: the audit trail records the account.
 */
export async function createDeputyAccount(
  ports: Pick<AccountPorts, 'accounts' | 'city'>,
  by: string,
  deputy: { code: string; name: string },
  now: Date,
  cause: { eventId: string } = { eventId: 'directory-import' },
): Promise<boolean> {
  const scope = { deputyCode: deputy.code };
  try {
    await ports.accounts.create(
      { username: deputy.code, name: deputy.name, role: 'deputy', scope, accountId: `acc-${deputy.code}`, status: 'pending', createdAt: now.toISOString() },
      [],
    );
  } catch (error) {
    if (error instanceof ConflictError && error.code === 'ALREADY_EXISTS') return false;
    throw error;
  }
  await ports.accounts.audit({ username: deputy.code, at: now.toISOString(), by, change: 'created', eventId: cause.eventId });
  return true;
}

/** 修改账号: disables or enables an account, or changes its role or scope; each revokes its tokens. */
export async function updateAccount(
  ports: AccountPorts,
  by: string,
  username: string,
  patch: { status?: 'active' | 'disabled'; role?: Account['role']; scope?: Account['scope'] },
  now: Date,
): Promise<AccountView> {
  if (username === by && patch.status === 'disabled') throw invalidBody('status', 'you cannot disable your own account');
  const next = await changeAccount(
    ports,
    by,
    username,
    now,
    (account) => {
      const role = patch.role ?? account.role;
      const scope = patch.scope ?? (patch.role && patch.role !== account.role ? {} : account.scope);
      const changes: Change[] = [];
      let status: AccountStatus = account.status ?? 'active';
      if (patch.status === 'disabled' && status !== 'disabled') (status = 'disabled'), changes.push('disabled');
      if (patch.status === 'active' && status === 'disabled') {
        // An account that never had a password goes back to waiting for its activation.
        status = account.passwordHash ? 'active' : 'pending';
        changes.push('enabled');
      }
      if (role !== account.role) changes.push('role_changed');
      if (JSON.stringify(scope) !== JSON.stringify(account.scope)) changes.push('scope_changed');
      return { next: { ...account, status, role, scope }, changes };
    },
    async (next) => {
      if (patch.role || patch.scope) await assertScope(ports, next.role, next.scope);
    },
  );
  return accountView(next);
}

/** 重置密码: a new one-time password, shown once; the old password and every token stop working. */
export async function resetPassword(ports: AccountPorts, by: string, username: string, now: Date): Promise<{ oneTimePassword: string }> {
  const oneTimePassword = formatCode(readableCode(ports.random(12)));
  const passwordHash = await ports.hasher.hash(oneTimePassword);
  await changeAccount(ports, by, username, now, (account) => ({
    next: { ...account, passwordHash, mustChangePassword: true, status: account.status === 'disabled' ? 'disabled' : 'active', activationCodeHash: undefined },
    changes: ['password_reset'],
  }));
  return { oneTimePassword };
}

/**
 * A deputy whose term ended may no longer sign in: the account is disabled at once. The change's
 * event is the deputy's `DeputyTermEnded`, from which every service's revocation view also learns
 * that the deputy's tokens no longer count; the audit trail records the account's change.
 */
export async function endDeputyAccess(ports: Pick<AccountPorts, 'accounts' | 'city'>, by: string, deputyCode: string, now: Date): Promise<void> {
  const existing = await ports.accounts.get(deputyCode);
  if (!existing || existing.status === 'disabled') return;
  await changeAccount(ports, by, deputyCode, now, (account) => ({ next: { ...account, status: 'disabled' }, changes: ['disabled'] }), undefined, {
    announced: false,
  });
}

/**
 * 激活码: a fresh activation code for every pending deputy account (earlier codes stop working), for
 * printing and handing out. Only the codes' hashes are kept.
 */
export async function issueActivationCodes(
  ports: Pick<AccountPorts, 'accounts' | 'random'>,
  now: Date,
): Promise<{ username: string; name: string; activationCode: string }[]> {
  const pending = (await ports.accounts.list()).filter((a) => a.role === 'deputy' && a.status === 'pending');
  const rows: { username: string; name: string; activationCode: string }[] = [];
  for (const account of pending.sort((a, b) => (a.username < b.username ? -1 : 1))) {
    const activationCode = await issueActivationCode(ports, account.username, now);
    if (activationCode) rows.push({ username: account.username, name: account.name, activationCode });
  }
  return rows;
}

/**
 * A fresh activation code for one pending deputy account, printable (`ABCD-EFGH-JKLM`); the code
 * handed out before stops working. Undefined when the account is not (or no longer) pending.
 */
export async function issueActivationCode(ports: Pick<AccountPorts, 'accounts' | 'random'>, username: string, now: Date): Promise<string | undefined> {
  const code = readableCode(ports.random(12));
  return withOptimisticRetry(async () => {
    const stored = await ports.accounts.get(username);
    if (stored?.role !== 'deputy' || stored.status !== 'pending') return undefined;
    await ports.accounts.save(stored, { ...stored, activationCodeHash: hashCode(code), activationCodeIssuedAt: now.toISOString() }, []);
    return formatCode(code);
  });
}

/** Activation codes are random (60 bits) and their use is throttled: a fast hash is enough. */
export function hashCode(code: string): string {
  return createHash('sha256').update(code).digest('base64url');
}

/** The time a revocation takes effect: tokens issued in an earlier second no longer count. */
export function revocationTime(now: Date, change: Change): string {
  const seconds = now.getTime() / 1000;
  // A disabled account gets no new token, so the second it was disabled in is revoked too;
  // otherwise the token issued with the change (a new password's) must keep working.
  return new Date((change === 'disabled' ? Math.ceil(seconds) : Math.floor(seconds)) * 1000).toISOString();
}

/**
 * Reads an account, decides its next state, and saves it with an `AccountChanged` per change and
 * an `AccountAccessRevoked`, retried on a concurrent change; then writes the audit entries.
 */
export async function changeAccount(
  ports: Pick<AccountPorts, 'accounts' | 'city'>,
  by: string,
  username: string,
  now: Date,
  decide: (account: StoredItem<StoredAccount>) => { next: StoredAccount; changes: Change[] },
  check?: (next: StoredAccount) => Promise<void>,
  options: { announced?: boolean } = {},
): Promise<StoredAccount> {
  const { next, events } = await withOptimisticRetry(async () => {
    const stored = await ports.accounts.get(username);
    if (!stored) throw new NotFoundError('No such account.');
    const { next, changes } = decide(stored);
    await check?.(next);
    const context = { city: ports.city, now };
    const events: DomainEvent[] = changes.map((change) =>
      createEvent(AccountChanged, { username, by, change, status: next.status ?? 'active', role: next.role, scope: next.scope }, context),
    );
    if (changes.length > 0) {
      const strictest = changes.includes('disabled') ? 'disabled' : changes[0]!;
      events.push(createEvent(AccountAccessRevoked, { username, revokedBefore: revocationTime(now, strictest) }, context));
      // A change another event already announces (a deputy's ended term) is saved without its own.
      await ports.accounts.save(stored, next, options.announced === false ? [] : events);
    }
    return { next, events };
  });
  for (const event of events) {
    if (event.detailType !== AccountChanged.detailType) continue;
    const data = event.detail.data as { change: string };
    await ports.accounts.audit({ username, at: now.toISOString(), by, change: data.change, eventId: event.detail.metadata.eventId });
  }
  return next;
}

async function assertScope(ports: Pick<AccountPorts, 'directory'>, role: Account['role'], scope: Account['scope']): Promise<void> {
  const problem = scopeProblem(role, scope);
  if (problem) throw invalidBody('scope', problem);
  if (scope.townshipCode && !(await ports.directory.listTownships()).some((t) => t.code === scope.townshipCode)) {
    throw invalidBody('scope.townshipCode', `no township ${scope.townshipCode}`);
  }
  if (scope.unitCode && !(await ports.directory.listUnits()).some((u) => u.code === scope.unitCode)) {
    throw invalidBody('scope.unitCode', `no unit ${scope.unitCode}`);
  }
}
