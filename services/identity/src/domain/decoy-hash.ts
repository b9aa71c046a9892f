/**
 * A hash to check a password against when the username is unknown, so both answers take the same
 * time: the stored scrypt form (`scrypt$N$r$p$salt$hash`) at the standard cost (N = 2^15, r = 8, p = 3), with a
 * zero salt and key that no password matches.
 */
export const DECOY_HASH = `scrypt$${2 ** 15}$8$3$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;
