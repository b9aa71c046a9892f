import { nextCursorSchema } from '../../../../shared/api/pages.ts';
import { z } from 'zod';
import { ROLES, scopeSchema } from '../../../../shared/auth/caller.ts';
import { responsivenessSchema } from '../../../../shared/api/responsiveness.ts';
import type { Deputy, Station } from './directory.ts';

/** A deputy as anyone may see them (`docs/api.md`): no phone, no account, nothing private. */
export const publicDeputySchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.enum(['city', 'township'] satisfies Deputy['level'][]),
  townshipCode: z.string(),
  stationCode: z.string(),
  group: z.string(),
  category: z.enum(['official', 'professional', 'business', 'farmer', 'worker', 'other'] satisfies Deputy['category'][]),
  termStatus: z.enum(['active', 'ended'] satisfies Deputy['termStatus'][]),
});
export type PublicDeputy = z.infer<typeof publicDeputySchema>;

/** The public profile: the deputy's public facts and, from statistics, their responsiveness. */
export const deputyProfileSchema = publicDeputySchema.extend({
  responsiveness: responsivenessSchema
    .optional()
    .describe('The last 12 months, counted by statistics (absent when it could not be reached); figures withheld below 5 messages.'),
});

/** A deputy's responsiveness as statistics answers it. */
export type Responsiveness = z.infer<typeof responsivenessSchema>;

export const publicStationSchema = z.object({
  code: z.string(),
  name: z.string(),
  townshipCode: z.string(),
  address: z.string(),
  /** Active deputies of the station. */
  deputies: z.array(z.object({ code: z.string(), name: z.string() })),
});
export type PublicStation = z.infer<typeof publicStationSchema>;

export const townshipsSchema = z.object({ items: z.array(z.object({ code: z.string(), name: z.string() })), nextCursor: z.null() });
export const stationsSchema = z.object({ items: z.array(publicStationSchema), nextCursor: z.null() });

/** 承办单位 as reviewers see them when they forward a case. */
export const unitsSchema = z.object({
  items: z.array(z.object({ code: z.string(), name: z.string(), kind: z.enum(['city_department', 'township_office']), townshipCode: z.string().optional() })),
  nextCursor: z.null(),
});

/** The signed-in account (`GET /v1/me`, and `user` of a sign-in). */
export const userSchema = z.object({ id: z.string(), username: z.string(), role: z.enum(ROLES), name: z.string(), scope: scopeSchema });

/** An account's WeChat binding as its holder sees it (`GET /v1/me/wechat`): never the openid. */
export const wechatBindingSchema = z.object({ bound: z.boolean(), boundAt: z.iso.datetime().optional() });

export { wechatAuthorizationSchema } from '../../../../shared/api/wechat-authorization.ts';

/** The answer to a sign-in. */
export const signInResultSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  /** Seconds the token is valid for. */
  expiresIn: z.number().int(),
  user: userSchema,
  /** Present (true) after a one-time password: the token only sets a new password (or signs out). */
  mustChangePassword: z.literal(true).optional(),
});

/** An account as the admin screens see it. */
export const accountViewSchema = z.object({
  username: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  scope: scopeSchema,
  status: z.enum(['pending', 'active', 'disabled']),
  mustChangePassword: z.boolean(),
  createdAt: z.string(),
  lastSignInAt: z.string().optional(),
});

/** A page of accounts. */
export const accountsPageSchema = z.object({ items: z.array(accountViewSchema), nextCursor: z.string().nullable() });

/** A new account's username and its one-time password (shown once). */
export const newAccountSchema = z.object({ username: z.string(), oneTimePassword: z.string() });

/** A reset password's one-time password (shown once). */
export const oneTimePasswordSchema = z.object({ oneTimePassword: z.string() });

/** The answer to a request for an activation code by SMS: the same for every username. */
export const activationTextAcceptedSchema = z.object({ accepted: z.literal(true) });

/** An account's audit trail, newest first. */
export const auditSchema = z.object({
  items: z.array(z.object({ username: z.string(), at: z.string(), by: z.string(), change: z.string(), eventId: z.string() })),
  nextCursor: nextCursorSchema,
});

/** The public keys that verify access tokens (RFC 7517). */
export const jwksSchema = z.object({ keys: z.array(z.looseObject({ kty: z.string(), kid: z.string(), alg: z.literal('ES256'), use: z.literal('sig') })) });

/** What a directory import did, in rows. */
export const importReportSchema = z.object({ created: z.number().int(), updated: z.number().int(), unchanged: z.number().int() });

/** An import job as `POST /v1/directory/<kind>/import` (202) and `GET /v1/directory/import-jobs/{jobId}` show it. */
export const importJobSchema = z.object({
  jobId: z.string(),
  kind: z.enum(['townships', 'rooms', 'groups', 'stations', 'units', 'deputies']),
  status: z.enum(['queued', 'running', 'succeeded', 'failed']),
  total: z.number().int(),
  done: z.number().int(),
  /** Rows that could not be written; `row` counts data rows from 0, as a refused file's `details` do. */
  errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
  outcome: importReportSchema,
  submittedAt: z.string(),
  finishedAt: z.string().optional(),
});

export function toPublicDeputy(deputy: Omit<Deputy, 'phone'>): PublicDeputy {
  return {
    code: deputy.code,
    name: deputy.name,
    level: deputy.level,
    townshipCode: deputy.townshipCode,
    stationCode: deputy.stationCode,
    group: deputy.groupCode,
    category: deputy.category,
    termStatus: deputy.termStatus,
  };
}

export function toPublicStation(station: Station, deputies: readonly Omit<Deputy, 'phone'>[]): PublicStation {
  return {
    code: station.code,
    name: station.name,
    townshipCode: station.townshipCode,
    address: station.address,
    deputies: deputies.filter((d) => d.stationCode === station.code && d.termStatus === 'active').map((d) => ({ code: d.code, name: d.name })),
  };
}

/** The public message page a QR code opens (站码 `/s/<code>`, 代表码 `/d/<code>`). */
export function messagePageUrl(publicBaseUrl: string, target: { stationCode: string } | { deputyCode: string }): string {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return 'stationCode' in target ? `${base}/s/${encodeURIComponent(target.stationCode)}` : `${base}/d/${encodeURIComponent(target.deputyCode)}`;
}
