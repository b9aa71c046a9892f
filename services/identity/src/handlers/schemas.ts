import { z } from 'zod';
import { ROLES, scopeSchema } from '../../../../shared/auth/caller.ts';
import { STAFF_ROLES } from '../domain/account.ts';
import { deputyRow, IMPORT_ROWS, type ImportKind, type ImportRow, MAX_IMPORT_ROWS, stationRow, unitRow } from '../domain/directory-csv.ts';

/**
 * The inputs of identity's routes, validated by the handlers and documented by `../api.ts`. No
 * side effects here: the API reference imports this module without wiring any adapter.
 */

export const credentials = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(256) }).strict();

/** `{code}` of a station or deputy. */
export const codeParams = z.object({
  code: z
    .string()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9-]+$/),
});

const csvFile = <T extends z.ZodType>(row: T) => z.array(row).min(1, 'the file has no rows').max(MAX_IMPORT_ROWS);
export const stationsFile = csvFile(stationRow);
export const unitsFile = csvFile(unitRow);
export const deputiesFile = csvFile(deputyRow);

/** Each kind's CSV file, for `POST /v1/directory/<kind>/import`. */
export const importFiles: { [K in ImportKind]: z.ZodType<ImportRow<K>[]> } = {
  townships: csvFile(IMPORT_ROWS.townships),
  rooms: csvFile(IMPORT_ROWS.rooms),
  groups: csvFile(IMPORT_ROWS.groups),
  stations: stationsFile,
  units: unitsFile,
  deputies: deputiesFile,
};

/** `{jobId}` of an import job. */
export const importJobParams = z.object({ jobId: z.uuid() });
const newPassword = z.string().min(1).max(256);

/** `POST /v1/auth/password`: the current password, then the new one. */
export const passwordChange = z.object({ currentPassword: z.string().min(1).max(256), newPassword }).strict();

/** `POST /v1/auth/activate`: a deputy's code (username), the activation code handed out, the new password. */
export const activation = z.object({ username: z.string().min(1).max(64), activationCode: z.string().min(1).max(64), newPassword }).strict();

/** `POST /v1/auth/activation-code`: the deputy's username (their deputy code). */
export const activationTextRequest = z.object({ username: z.string().min(1).max(64) }).strict();

/** `{username}` of an account. */
export const usernameParams = z.object({ username: z.string().min(1).max(64) });

/** `GET /v1/accounts` filters and page. */
export const accountsQuery = z.object({
  role: z.enum(ROLES).optional(),
  q: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(64).optional(),
});

/** `POST /v1/accounts`: a staff account (deputies' accounts come from the directory). */
export const newStaffAccount = z
  .object({
    username: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,63}$/, 'letters, digits, dots, dashes; 3 to 64'),
    name: z.string().trim().min(1).max(64),
    role: z.enum(STAFF_ROLES),
    scope: scopeSchema.default({}),
  })
  .strict();

/** `PATCH /v1/accounts/{username}`: any of status, role and scope. */
export const accountPatch = z
  .object({ status: z.enum(['active', 'disabled']).optional(), role: z.enum(ROLES).optional(), scope: scopeSchema.optional() })
  .strict()
  .refine((b) => b.status ?? b.role ?? b.scope, 'give status, role or scope');

/**
 * `GET /v1/wechat/oauth/callback`: what WeChat appends to the return address. Both may be missing
 * (a user who left the page); WeChat adds nothing else, but an unknown parameter is not refused.
 */
export const wechatCallbackQuery = z.object({
  code: z.string().min(1).max(256).optional(),
  state: z.string().min(1).max(128).optional(),
});
