import { isBoundCiphertext } from '../../../../shared/crypto/field-cipher.ts';
import {
  DeputyRegistered,
  DeputyTermEnded,
  DeputyUpdated,
  StationRegistered,
  TownshipRegistered,
  UnitRegistered,
} from '../../../../shared/events/identity/index.ts';
import type { FieldIssue } from '../../../../shared/runtime/errors.ts';
import type { DynamoDirectory, UpsertEntry } from '../adapters/dynamo-directory.ts';
import { personalFields } from '../domain/personal-fields.ts';
import type { DeputyRow, GroupRow, ImportKind, ImportRow, RoomRow, StationRow, TownshipRow, UnitRow } from '../domain/directory-csv.ts';
import { deputyPosts, type DirectoryEvent } from './directory-events.ts';

export type { RowOutcome } from '../adapters/dynamo-directory.ts';

/**
 * How one kind of directory file is imported: `check` finds what the whole file refers to that
 * does not exist (before anything is written), `entry` says how one row's entity is created or
 * updated (the directory writes a chunk's entries together) — a replay of the same row changes
 * nothing, so a chunk run twice is harmless.
 */
export interface Importer<Row> {
  check(directory: DynamoDirectory, rows: readonly Row[]): Promise<FieldIssue[]>;
  entry(directory: DynamoDirectory, row: Row, event: DirectoryEvent): UpsertEntry | Promise<UpsertEntry>;
}

function duplicates(codes: string[]): FieldIssue[] {
  const seen = new Set<string>();
  return codes.flatMap((code, i) => (seen.has(code) ? [{ path: `${i}.code`, message: `code ${code} appears twice` }] : (seen.add(code), [])));
}

/** Rows naming a township the directory does not have. */
async function unknownTownships(directory: DynamoDirectory, rows: readonly { townshipCode?: string }[]): Promise<FieldIssue[]> {
  const townships = new Set((await directory.listTownships()).map((t) => t.code));
  return rows.flatMap((r, i) =>
    r.townshipCode && !townships.has(r.townshipCode) ? [{ path: `${i}.townshipCode`, message: `no township ${r.townshipCode}` }] : [],
  );
}

/** 导入乡镇: townships (乡镇/街道). */
const townships: Importer<TownshipRow> = {
  check: async (_directory, rows) => duplicates(rows.map((r) => r.code)),
  entry: (_directory, row, event) => ({
    type: 'township',
    code: row.code,
    attributes: { ...row },
    events: (existing) => (existing ? [] : [event(TownshipRegistered, { townshipCode: row.code, name: row.name })]),
    sameAs: (existing) => existing.name === row.name,
  }),
};

/** 导入线上代表联络室: online rooms with their grids (网格). */
const rooms: Importer<RoomRow> = {
  check: async (_directory, rows) => duplicates(rows.map((r) => r.code)),
  entry: (_directory, row, event) => ({
    type: 'room',
    code: row.code,
    attributes: { ...row },
    events: () => [],
    sameAs: (existing) => JSON.stringify(existing.grids) === JSON.stringify(row.grids) && existing.name === row.name,
  }),
};

/** 导入代表小组: deputy groups, each in a township. */
const groups: Importer<GroupRow> = {
  check: async (directory, rows) => [...duplicates(rows.map((r) => r.code)), ...(await unknownTownships(directory, rows))],
  entry: (_directory, row, event) => ({
    type: 'group',
    code: row.code,
    attributes: { ...row },
    events: () => [],
    sameAs: (existing) => existing.name === row.name && existing.townshipCode === row.townshipCode,
  }),
};

/** 导入联络站: liaison stations. */
const stations: Importer<StationRow> = {
  check: async (directory, rows) => [...duplicates(rows.map((r) => r.code)), ...(await unknownTownships(directory, rows))],
  entry: (_directory, row, event) => ({
    type: 'station',
    code: row.code,
    attributes: { ...row },
    events: (existing) => (existing ? [] : [event(StationRegistered, { stationCode: row.code, name: row.name, townshipCode: row.townshipCode })]),
    sameAs: (existing) => existing.name === row.name && existing.townshipCode === row.townshipCode && existing.address === row.address,
  }),
};

/** 导入承办单位: handling units. */
const units: Importer<UnitRow> = {
  check: async (directory, rows) => [...duplicates(rows.map((r) => r.code)), ...(await unknownTownships(directory, rows))],
  entry: (_directory, row, event) => ({
    type: 'unit',
    code: row.code,
    attributes: { ...row },
    events: (existing) => (existing ? [] : [event(UnitRegistered, { unitCode: row.code, name: row.name, kind: row.kind, townshipCode: row.townshipCode })]),
    sameAs: (existing) => existing.name === row.name && existing.kind === row.kind && existing.townshipCode === row.townshipCode,
  }),
};

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
 * 导入代表: deputies. A changed post emits DeputyUpdated; a term marked ended emits DeputyTermEnded
 * and keeps the record (履职档案 are never deleted) without the phone, which is kept only while the
 * deputy holds office (decision 40). Phones are encrypted.
 */
const deputies: Importer<DeputyRow> = {
  async check(directory, rows) {
    const [townshipList, stationList] = await Promise.all([directory.listTownships(), directory.listStations()]);
    const townshipCodes = new Set(townshipList.map((t) => t.code));
    const stationTownship = new Map(stationList.map((s) => [s.code, s.townshipCode]));
    return [
      ...duplicates(rows.map((r) => r.code)),
      ...rows.flatMap((r, i): FieldIssue[] => {
        if (!townshipCodes.has(r.townshipCode)) return [{ path: `${i}.townshipCode`, message: `no township ${r.townshipCode}` }];
        const stationIn = stationTownship.get(r.stationCode);
        if (!stationIn) return [{ path: `${i}.stationCode`, message: `no station ${r.stationCode}` }];
        if (stationIn !== r.townshipCode) return [{ path: `${i}.stationCode`, message: `station ${r.stationCode} is not in ${r.townshipCode}` }];
        return [];
      }),
    ];
  },
  async entry(directory, row, event) {
    const { phone, ...facts } = row;
    const eventData = deputyPosts(row);
    const inOffice = row.termStatus !== 'ended';
    // Undefined removes a phone stored while in office: the record is written whole.
    const phoneEncrypted = inOffice ? await directory.encrypt(phone, personalFields.deputyPhone(row.code)) : undefined;
    return {
      type: 'deputy',
      code: row.code,
      attributes: { ...facts, phoneEncrypted },
      events: (existing) => {
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
      // The phone is compared after decryption: a re-import of the same file changes nothing,
      // except that a phone stored before values were bound to their record is rewritten bound.
      sameAs: async (existing) =>
        PUBLIC_DEPUTY_FIELDS.every((f) => existing[f] === row[f]) &&
        existing.termStatus === row.termStatus &&
        (inOffice
          ? isBoundCiphertext(existing.phoneEncrypted) && (await directory.decrypt(existing.phoneEncrypted, personalFields.deputyPhone(row.code))) === phone
          : existing.phoneEncrypted === undefined),
    };
  },
};

/** The importer of each kind of directory file. */
export const IMPORTERS: { [K in ImportKind]: Importer<ImportRow<K>> } = { townships, rooms, groups, stations, units, deputies };
