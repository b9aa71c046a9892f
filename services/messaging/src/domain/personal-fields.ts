import type { FieldContext } from '../../../../shared/crypto/field-cipher.ts';

/** The encrypted fields kept beside a message. */
export type MessageField = 'name' | 'phone' | 'trackingToken' | 'wechat';

/**
 * Where a citizen's encrypted value belongs: the message it came with and the field. The field
 * cipher binds it into the value, so a phone copied to another message no longer opens.
 */
export const messageField = (messageId: string, field: MessageField): FieldContext => ({ record: `message#${messageId}`, field });
