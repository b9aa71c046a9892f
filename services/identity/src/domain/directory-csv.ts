import { z } from 'zod';

/**
 * The CSV columns a city imports its directory with (README: "Importing a city's directory").
 * One file per kind, UTF-8 with a header row; codes are lower-case `a-z0-9-` (deputies `D0001`).
 */
const code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and hyphens');
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const townshipRow = z.object({ code, name: z.string().min(1).max(60) }).strict();

/** A grid (网格) of a room as one cell: `<gridCode>:<gridName>`; a room's grids are separated by `|`. */
const grids = z
  .string()
  .min(1, 'at least one grid, as code:name')
  .transform((text, ctx) =>
    text.split('|').flatMap((cell) => {
      const [gridCode = '', ...rest] = cell.split(':');
      const parsed = z.object({ code, name: z.string().min(1).max(60) }).safeParse({ code: gridCode.trim(), name: rest.join(':').trim() });
      if (parsed.success) return [parsed.data];
      ctx.addIssue({ code: 'custom', message: `grid "${cell}" is not code:name with a lower-case code` });
      return [];
    }),
  );

export const roomRow = z.object({ code, name: z.string().min(1).max(100), grids }).strict();

export const groupRow = z.object({ code, name: z.string().min(1).max(100), townshipCode: code }).strict();

export const stationRow = z.object({ code, name: z.string().min(1).max(100), townshipCode: code, address: z.string().min(1).max(200) }).strict();

export const unitRow = z
  .object({
    code,
    name: z.string().min(1).max(100),
    kind: z.enum(['city_department', 'township_office']),
    townshipCode: optional(code),
  })
  .strict()
  .refine((u) => (u.kind === 'township_office') === (u.townshipCode !== undefined), {
    message: 'a township office needs townshipCode; a city department has none',
    path: ['townshipCode'],
  });

export const deputyRow = z
  .object({
    code: z.string().regex(/^[A-Z][A-Z0-9]{1,15}$/, 'upper-case letters and digits, e.g. D0001'),
    name: z.string().min(1).max(40),
    level: z.enum(['city', 'township']),
    constituency: z.string().min(1).max(60),
    townshipCode: code,
    stationCode: code,
    roomCode: code,
    gridCode: code,
    groupCode: code,
    category: z.enum(['official', 'professional', 'business', 'farmer', 'worker', 'other']),
    professionalGroup: optional(z.enum(['education', 'legal_aid', 'technical_services', 'mediation'])),
    termStatus: z.enum(['active', 'ended']),
    phone: z.string().regex(/^1\d{10}$/, 'a mainland mobile number: 11 digits starting with 1'),
  })
  .strict();

export type TownshipRow = z.output<typeof townshipRow>;
export type RoomRow = z.output<typeof roomRow>;
export type GroupRow = z.output<typeof groupRow>;
export type StationRow = z.output<typeof stationRow>;
export type UnitRow = z.output<typeof unitRow>;
export type DeputyRow = z.output<typeof deputyRow>;

/** At most this many rows per file: a whole city's deputies fit, a runaway file does not. */
export const MAX_IMPORT_ROWS = 5000;

/** What a city imports, one CSV file each, in this order (later kinds name earlier ones). */
export const IMPORT_KINDS = ['townships', 'rooms', 'groups', 'stations', 'units', 'deputies'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** Each kind's row schema. */
export const IMPORT_ROWS = {
  townships: townshipRow,
  rooms: roomRow,
  groups: groupRow,
  stations: stationRow,
  units: unitRow,
  deputies: deputyRow,
} as const satisfies Record<ImportKind, z.ZodType>;

/** A row of one kind's file, as validated. */
export type ImportRow<K extends ImportKind> = z.output<(typeof IMPORT_ROWS)[K]>;
