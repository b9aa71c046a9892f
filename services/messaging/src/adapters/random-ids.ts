import { randomBytes, randomInt } from 'node:crypto';

/** Crockford-style alphabet without I, L, O, U: easy to read aloud and to type from a receipt. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const pick = (length: number) => Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

/** An erasure's audit id: `er-` and 64 random bits. */
export const erasureId = () => `er-${randomBytes(8).toString('hex')}`;

/** Random identifiers for new messages and cases (the only randomness messaging uses). */
export const randomIds = {
  /** `K7PQ-3MXD`: 40 bits, read aloud on the phone or written on a receipt. */
  trackingCode: () => `${pick(4)}-${pick(4)}`,
  /** 256 bits: the secret that lets a citizen follow their message. */
  trackingToken: () => randomBytes(32).toString('base64url'),
  messageId: () => `m-${pick(16).toLowerCase()}`,
};

export type RandomIds = typeof randomIds;
