import { z } from 'zod';

/** The roles of the platform (`docs/api.md`). */
export const ROLES = ['deputy', 'township_reviewer', 'city_reviewer', 'unit_handler', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What an account may see: its township, its unit, or itself as a deputy. */
export const scopeSchema = z
  .object({
    townshipCode: z.string().optional(),
    unitCode: z.string().optional(),
    deputyCode: z.string().optional(),
  })
  .strict();
export type Scope = z.infer<typeof scopeSchema>;

/** The signed-in caller, as every service sees it after the token is verified. */
export interface Caller {
  accountId: string;
  username: string;
  name: string;
  role: Role;
  scope: Scope;
}

/** Claims of a Minqing access token (a JWT). */
export const accessClaimsSchema = z.object({
  sub: z.string().min(1),
  username: z.string().min(1),
  name: z.string(),
  role: z.enum(ROLES),
  scope: scopeSchema,
  city: z.string(),
  /** Signed in with a one-time password: the token may only set a new one (or sign out). */
  mustChangePassword: z.boolean().optional(),
});
export type AccessClaims = z.infer<typeof accessClaimsSchema>;

/** The caller described by verified claims. */
export function callerFromClaims(claims: AccessClaims): Caller {
  return { accountId: claims.sub, username: claims.username, name: claims.name, role: claims.role, scope: claims.scope };
}
