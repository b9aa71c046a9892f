import { z } from 'zod';

/**
 * The city's edge in AWS (infra/cdk/edge.ts): CloudFront in front of the static pages and the
 * API, AWS WAF in front of CloudFront, and optionally the city's own domain.
 */
export const edgeConfigSchema = z
  .object({
    /**
     * The city's own host name for the citizen pages, the console and the API (e.g.
     * `minqing.cxs.gov.cn`); absent, the distribution answers on its `*.cloudfront.net` name.
     */
    domain: z
      .string()
      .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/)
      .optional(),
    /** The ACM certificate for `domain`, issued in us-east-1 (CloudFront reads certificates only there). */
    certificateArn: z
      .string()
      .regex(/^arn:aws:acm:us-east-1:\d{12}:certificate\/[0-9a-f-]+$/)
      .optional(),
    /** Requests one address may send in five minutes before WAF blocks it (the rate-based rule). */
    requestsPerFiveMinutesPerAddress: z.number().int().min(100).max(2_000_000_000).default(2000),
  })
  .strict()
  .refine((e) => (e.domain === undefined) === (e.certificateArn === undefined), 'give the domain and its certificate together')
  .prefault({});

export type EdgeConfig = z.output<typeof edgeConfigSchema>;

/**
 * The one origin allowed to call the API from a browser: the console's, which is the public
 * pages' origin (the console is served at `/console/` beside them).
 */
export function consoleOrigin(publicBaseUrl: string): string {
  return new URL(publicBaseUrl).origin;
}
