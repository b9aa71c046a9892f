import { z } from 'zod';

/**
 * A secret by reference: the name or ARN of a Secrets Manager secret, never its value. The value
 * lives in Secrets Manager only; the stack grants the notifications functions read access to
 * exactly the secrets named here.
 */
export const secretReference = z
  .string()
  .regex(/^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:)?[A-Za-z0-9/_+=.@-]{1,256}$/, 'a Secrets Manager secret name or ARN');

/** Provider endpoints are overridable (a regional endpoint; a test's fake provider on loopback). */
const endpoint = z.url().optional();

/**
 * How a city's notifications leave the platform (`notifications` in `infra/cities/<name>.json`).
 * A channel without what it needs to send (its secret, or the SES identity) is `not_configured` in
 * AWS; on the local platform every channel records instead of sending unless it names an
 * `endpoint`.
 */
export const notificationsConfigSchema = z
  .object({
    /** Most texts one phone receives per city day, whoever the recipient. */
    textsPerPhonePerDay: z.number().int().positive().default(10),
    channels: z
      .object({
        /** Aliyun SMS (阿里云短信服务); the secret holds `{accessKeyId, accessKeySecret}` of a RAM user allowed `dysms:SendSms`. */
        sms: z
          .object({
            secretName: secretReference.optional(),
            /** The approved signature (短信签名). */
            signName: z.string().min(1),
            /** Our template id → the approved TemplateCode (`SMS_…`). */
            templates: z.record(z.string(), z.string().regex(/^SMS_\d+$/)).default({}),
            endpoint,
          })
          .strict()
          .optional(),
        /**
         * WeChat official account (公众号): template messages, and the web authorization (网页授权)
         * by which deputies, staff and citizens bind their WeChat; the secret holds `{appId, appSecret}`.
         */
        wechat: z
          .object({
            secretName: secretReference.optional(),
            /** Our template id → the template_id on the official account. */
            templates: z.record(z.string(), z.string().min(1)).default({}),
            /** `https://api.weixin.qq.com` unless overridden. */
            endpoint,
            /**
             * Binding WeChat (网页授权) is open: the official account's 网页授权域名 is the city's public
             * domain. Only then does identity read the secret, to exchange WeChat's codes for openids.
             */
            webAuthorization: z.boolean().optional(),
            /** Where the authorization page is (`https://open.weixin.qq.com`) unless overridden. */
            oauthEndpoint: endpoint,
          })
          .strict()
          .optional(),
        /** Amazon SES (v2), signed with the functions' role: no secret, a grant on the identity. */
        email: z
          .object({
            from: z.email(),
            /** The verified SES identity (domain or address) `from` belongs to; without it, e-mail is not configured. */
            identity: z.string().min(1).optional(),
            configurationSet: z.string().min(1).optional(),
            endpoint,
          })
          .strict()
          .optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type NotificationsConfig = z.output<typeof notificationsConfigSchema>;
