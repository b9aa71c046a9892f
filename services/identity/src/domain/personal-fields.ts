import type { FieldContext } from '../../../../shared/crypto/field-cipher.ts';

/**
 * Where each of identity's encrypted values belongs. The field cipher binds it into the value, so
 * a phone copied from one deputy's record to another's, or into an account, no longer opens.
 */
export const personalFields = {
  /** A deputy's (by code) or a staff account's (by username) phone or e-mail, or an account's WeChat openid. */
  contact: (holder: 'deputy' | 'account', name: string, field: 'phone' | 'email' | 'wechat'): FieldContext => ({ record: `${holder}#${name}`, field }),
  /** A deputy's phone (代表手机号), on the deputy's directory record. */
  deputyPhone: (deputyCode: string): FieldContext => personalFields.contact('deputy', deputyCode, 'phone'),
  /** A citizen's WeChat openid waiting, under a one-time ticket (by its hash), for messaging to take it. */
  wechatTicket: (ticketHash: string): FieldContext => ({ record: `wechat-ticket#${ticketHash}`, field: 'wechat' }),
  /** The rows of one chunk of an import job (a deputies file holds phones). */
  importRows: (jobId: string, firstRow: number): FieldContext => ({ record: `import-job#${jobId}`, field: `rows#${firstRow}` }),
};
