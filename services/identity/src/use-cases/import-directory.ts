import { DeputyRegistered, DeputyTermEnded, DeputyUpdated, StationRegistered, UnitRegistered } from '../../../../shared/events/identity/index.ts';
import { InvalidInputError, type FieldIssue } from '../../../../shared/runtime/errors.ts';
import type { DynamoDirectory } from '../adapters/dynamo-directory.ts';
import type { DeputyRow, StationRow, UnitRow } from '../domain/directory-csv.ts';
import { deputyPosts, directoryEvent, type DirectoryEventContext } from './directory-events.ts';

/** What an import did, row by row totals. */
export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
}

type Outcome = 'created' | 'updated' | 'unchanged';

function tally(outcomes: Outcome[]): ImportReport {
  return {
    created: outcomes.filter((o) => o === 'created').length,
    updated: outcomes.filter((o) => o === 'updated').length,
    unchanged: outcomes.filter((o) => o === 'unchanged').length,
  };
}

/** Refuses the whole file if any row names something that does not exist; nothing is written then. */
function assertReferences(issues: FieldIssue[]): void {
  if (issues.length > 0) throw new InvalidInputError('Some rows refer to things that do not exist; nothing was imported.', issues.slice(0, 50));
}

function duplicates(codes: string[]): FieldIssue[] {
  const seen = new Set<string>();
  return codes.flatMap((code, i) => (seen.has(code) ? [{ path: `${i}.code`, message: `code ${code} appears twice` }] : (seen.add(code), [])));
}

/** 导入联络站: creates or updates liaison stations. */
export async function importStations(directory: DynamoDirectory, rows: StationRow[], context: DirectoryEventContext): Promise<ImportReport> {
  const event = directoryEvent(context);
  const townships = new Set((await directory.listTownships()).map((t) => t.code));
  assertReferences([
    ...duplicates(rows.map((r) => r.code)),
    ...rows.flatMap((r, i) => (townships.has(r.townshipCode) ? [] : [{ path: `${i}.townshipCode`, message: `no township ${r.townshipCode}` }])),
  ]);
  const outcomes: Outcome[] = [];
  for (const row of rows) {
    outcomes.push(
      await directory.upsert(
        'station',
        row.code,
        { ...row },
        (existing) => (existing ? [] : [event(StationRegistered, { stationCode: row.code, name: row.name, townshipCode: row.townshipCode })]),
        (existing) => existing.name === row.name && existing.townshipCode === row.townshipCode && existing.address === row.address,
      ),
    );
  }
  return tally(outcomes);
}

/** 导入承办单位: creates or updates handling units. */
export async function importUnits(directory: DynamoDirectory, rows: UnitRow[], context: DirectoryEventContext): Promise<ImportReport> {
  const event = directoryEvent(context);
  const townships = new Set((await directory.listTownships()).map((t) => t.code));
  assertReferences([
    ...duplicates(rows.map((r) => r.code)),
    ...rows.flatMap((r, i) =>
      r.townshipCode && !townships.has(r.townshipCode) ? [{ path: `${i}.townshipCode`, message: `no township ${r.townshipCode}` }] : [],
    ),
  ]);
  const outcomes: Outcome[] = [];
  for (const row of rows) {
    outcomes.push(
      await directory.upsert(
        'unit',
        row.code,
        { ...row },
        (existing) => (existing ? [] : [event(UnitRegistered, { unitCode: row.code, name: row.name, kind: row.kind, townshipCode: row.townshipCode })]),
        (existing) => existing.name === row.name && existing.kind === row.kind && existing.townshipCode === row.townshipCode,
      ),
    );
  }
  return tally(outcomes);
}

const PUBLIC_DEPUTY_FIELDS = [
  'name',
  'level',
  'constituency',
  'townshipCode',
  'stationCode',
  'roomCode',
  'gridCode',
  'groupCode',
  'category',
  'professionalGroup',
] as const;

/**
 * 导入代表: creates or updates deputies. A changed post emits DeputyUpdated; a term marked ended
 * emits DeputyTermEnded and keeps the record (履职档案 are never deleted). Phones are encrypted.
 */
export async function importDeputies(directory: DynamoDirectory, rows: DeputyRow[], context: DirectoryEventContext): Promise<ImportReport> {
  const event = directoryEvent(context);
  const [townships, stations] = await Promise.all([directory.listTownships(), directory.listStations()]);
  const townshipCodes = new Set(townships.map((t) => t.code));
  const stationTownship = new Map(stations.map((s) => [s.code, s.townshipCode]));
  assertReferences([
    ...duplicates(rows.map((r) => r.code)),
    ...rows.flatMap((r, i): FieldIssue[] => {
      if (!townshipCodes.has(r.townshipCode)) return [{ path: `${i}.townshipCode`, message: `no township ${r.townshipCode}` }];
      const stationIn = stationTownship.get(r.stationCode);
      if (!stationIn) return [{ path: `${i}.stationCode`, message: `no station ${r.stationCode}` }];
      if (stationIn !== r.townshipCode) return [{ path: `${i}.stationCode`, message: `station ${r.stationCode} is not in ${r.townshipCode}` }];
      return [];
    }),
  ]);
  const outcomes: Outcome[] = [];
  for (const row of rows) {
    const { phone, ...facts } = row;
    const eventData = deputyPosts(row);
    const phoneEncrypted = await directory.encrypt(phone);
    outcomes.push(
      await directory.upsert(
        'deputy',
        row.code,
        { ...facts, phoneEncrypted },
        (existing) => {
          if (!existing) {
            return [
              event(DeputyRegistered, eventData),
              ...(row.termStatus === 'ended' ? [event(DeputyTermEnded, { deputyCode: row.code, reason: 'other' })] : []),
            ];
          }
          const postsChanged = PUBLIC_DEPUTY_FIELDS.some((f) => existing[f] !== row[f]);
          const termEnded = existing.termStatus === 'active' && row.termStatus === 'ended';
          const reinstated = existing.termStatus === 'ended' && row.termStatus === 'active';
          return [
            ...(postsChanged || reinstated ? [event(DeputyUpdated, eventData)] : []),
            ...(termEnded ? [event(DeputyTermEnded, { deputyCode: row.code, reason: 'other' })] : []),
          ];
        },
        // The phone is compared after decryption: a re-import of the same file changes nothing.
        async (existing) =>
          PUBLIC_DEPUTY_FIELDS.every((f) => existing[f] === row[f]) &&
          existing.termStatus === row.termStatus &&
          (await directory.decrypt(existing.phoneEncrypted)) === phone,
      ),
    );
  }
  return tally(outcomes);
}
