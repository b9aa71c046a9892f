import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { edgeConfigSchema } from './edge.ts';
import { notificationsConfigSchema } from './notifications.ts';
import { peakConfigSchema } from './peak.ts';
import { receptionDaySchema } from './reception-day.ts';

/** Where the cities' JSON files live: `infra/cities/<name>.json`, beside the stacks that deploy them. */
const CITIES_DIR = new URL('../../infra/cities/', import.meta.url);

/**
 * A city's configuration (`infra/cities/<name>.json`): everything that differs between the cities
 * that run Minqing, read by the CDK stack and the local platform alike. Rules are data, not code.
 */
export const cityConfigSchema = z
  .object({
    /** Lower-case id used in resource names, tags and `metadata.city`. */
    name: z.string().regex(/^[a-z][a-z0-9-]{1,30}$/),
    displayName: z.string().min(1),
    /** Deployment target; absent, the CLI's default account and region apply. */
    account: z
      .string()
      .regex(/^\d{12}$/)
      .optional(),
    region: z.string().min(1).optional(),
    /**
     * Public base URL of the citizen pages; QR codes and posters point below it. With an edge
     * domain it must be `https://<edge.domain>`, so what is printed is what the city serves.
     */
    publicBaseUrl: z.url(),
    /** CloudFront, WAF and the city's own domain (the deployed stack's edge). */
    edge: edgeConfigSchema,
    /** AWS accounts of other agencies allowed to put rules on the city's bus (and nobody else). */
    subscriberAccounts: z.array(z.object({ accountId: z.string().regex(/^\d{12}$/), agency: z.string().min(1) })).default([]),
    /** API throttling of the deployed HTTP API. */
    api: z
      .object({ rateLimitPerSecond: z.number().int().positive(), burstLimit: z.number().int().positive() })
      .default({ rateLimitPerSecond: 500, burstLimit: 1000 }),
    /** Who hears of alarms, and where the alarms' thresholds sit (the deployed stack's monitoring). */
    operations: z
      .object({
        /** E-mail addresses subscribed to the city's alarm topic. */
        alarmEmails: z.array(z.email()).default([]),
        /** Phone numbers (E.164) that get alarms by SMS. */
        alarmPhones: z.array(z.string().regex(/^\+\d{8,15}$/)).default([]),
        /** Share of API requests answered 5xx, in percent over five minutes, that raises the alarm. */
        apiServerErrorPercent: z.number().positive().default(1),
        /** The API's p99 latency, in milliseconds over five minutes, that raises the alarm. */
        apiP99LatencyMs: z.number().int().positive().default(1000),
        /** Age of the oldest unpublished outbox item that raises the alarm (the relay runs every minute). */
        outboxAgeSeconds: z.number().int().positive().default(600),
        /** Share of intake attempts refused, in percent over five minutes, that raises the alarm. */
        intakeRefusedPercent: z.number().positive().default(20),
      })
      .strict()
      .prefault({}),
    /** The congress-session peak: intake's reserved concurrency, consumers' ceiling, per-route throttles. */
    peak: peakConfigSchema,
    /**
     * How long the deployed stack's backups keep the tables: the deputies' term of office (届期, five
     * years), so a term's archive can be restored long after point-in-time recovery's 35 days.
     */
    archive: z
      .object({ termYears: z.number().int().min(1).max(10).default(5) })
      .strict()
      .prefault({}),
    /** The token-signing key's rotation (docs/operations.md, "Rotate the token-signing key"). */
    tokenSigning: z
      .object({
        /** Raised by one to rotate: each generation is a new KMS key (the first keeps the original's alias). */
        generation: z.number().int().min(1).default(1),
        /** ARN of the key that signed before the rotation: verified and published until its tokens expire. */
        previousKeyArn: z
          .string()
          .regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[0-9a-f-]+$/)
          .optional(),
      })
      .strict()
      .prefault({}),
    /** Time zone of the city's working day (quiet hours, daily sweeps). */
    timeZone: z.string().default('Asia/Shanghai'),
    townships: z.array(z.object({ code: z.string().regex(/^[a-z0-9-]+$/), name: z.string().min(1) })).min(1),
    categories: z.array(z.object({ code: z.string().regex(/^[a-z_]+$/), name: z.string().min(1), resolutionDays: z.number().int().positive() })).min(1),
    /**
     * How long citizens' personal data is kept once its matter closed, in months (decisions: the
     * retention policy): a message's name, phone, location and source key; a reception-day
     * appointment's name and phone. The matter itself and its statistics are kept.
     */
    retention: z
      .object({
        citizenContactMonths: z.number().int().min(1).max(120),
        appointmentContactMonths: z.number().int().min(1).max(120),
      })
      .default({ citizenContactMonths: 6, appointmentContactMonths: 3 }),
    sla: z.object({
      /** Days a deputy has to reply to a message. */
      replyDays: z.number().int().positive(),
      /** Days a reviewer has to act on an escalated matter. */
      reviewDays: z.number().int().positive(),
      /** Days a unit has to accept a forwarded matter. */
      acceptDays: z.number().int().positive(),
      /** Days a citizen has to rate before the message closes by itself. */
      ratingWindowDays: z.number().int().positive(),
    }),
    /**
     * Which unit a matter of a category most likely belongs to (a suggestion for the reviewer):
     * a city department's code, or the suffix of a township office (`u-<township>-<suffix>`).
     */
    routing: z
      .array(
        z
          .object({ category: z.string(), cityUnit: z.string().optional(), townshipOffice: z.string().optional() })
          .strict()
          .refine((r) => (r.cityUnit === undefined) !== (r.townshipOffice === undefined), 'give cityUnit or townshipOffice'),
      )
      .default([]),
    /**
     * Keyword rules of the triage suggestion (智能分拣), its cold start before the city has routed
     * matters to learn from: words pointing to a category, and to a unit (`u-{township}-<suffix>`
     * for a township office).
     */
    triage: z
      .object({
        categories: z.record(z.string(), z.array(z.string().min(1))).default({}),
        units: z.record(z.string(), z.array(z.string().min(1))).default({}),
      })
      .strict()
      .prefault({}),
    /** Deputies' suggestions and motions (代表建议、议案): the legal number of signers, the answer time. */
    suggestions: z
      .object({
        /** Deputies who must sign a motion (议案), the proposer included: the law's 代表十人以上联名. */
        motionSigners: z.number().int().min(1).default(10),
        /** Days a lead unit has, from registration, to answer in writing (the default due date). */
        answerDays: z.number().int().positive().default(90),
        /** Days for a suggestion under key supervision (重点督办): shorter than `answerDays`. */
        keySupervisionAnswerDays: z.number().int().positive().default(60),
      })
      .strict()
      .prefault({}),
    /** Duty-performance rules (积分规则), one version per year from which they apply. */
    scoring: z
      .array(
        z
          .object({
            fromYear: z.number().int().min(2000),
            base: z.number(),
            /** Points per recorded activity, by kind. */
            activities: z.record(z.string(), z.number()),
            /** Most points a kind (activity or message-derived rule) can bring in one year. */
            caps: z.record(z.string(), z.number().nonnegative()),
            /** Points (negative) per deduction rule. */
            deductions: z.object({ absence_without_leave: z.number().max(0), reply_overdue: z.number().max(0), citizen_unsatisfied: z.number().max(0) }),
            /** Points for message outcomes: answered within the SLA; resolved with the citizen satisfied (a practical matter solved). */
            messages: z.object({ answered_on_time: z.number().min(0), resolved_satisfied: z.number().min(0) }),
            /** Share of deputies graded excellent (优秀等次), ties at the cut included. */
            excellentShare: z.number().min(0).max(1),
            /** Absences without approval in a year that flag a deputy for the committee. */
            absencesToFlag: z.number().int().min(1),
          })
          .strict(),
      )
      .default([]),
    /** 代表固定接待日: each group's monthly reception day and its bookable slots. */
    receptionDay: receptionDaySchema.prefault({}),
    /** How notifications leave the platform: providers, secrets by reference, the daily text cap. */
    notifications: notificationsConfigSchema.default({ textsPerPhonePerDay: 10, channels: {} }),
    /** Size of the demo directory the local platform seeds (modelled on the Chuxiong figures). */
    demo: z.object({ deputies: z.number().int().positive(), onlineRooms: z.number().int().positive(), stations: z.number().int().positive() }).optional(),
  })
  .strict()
  .refine((c) => c.edge.domain === undefined || c.publicBaseUrl.replace(/\/+$/, '') === `https://${c.edge.domain}`, {
    message: 'with an edge domain, publicBaseUrl must be https://<edge.domain>: QR codes print it',
    path: ['publicBaseUrl'],
  });

export type CityConfig = z.output<typeof cityConfigSchema>;

/** Reads and validates `infra/cities/<name>.json`; a bad file stops synth and start with a clear message. */
export function loadCityConfig(name: string): CityConfig {
  if (!/^[a-z][a-z0-9-]{1,30}$/.test(name)) throw new Error(`invalid city name "${name}"`);
  const file = fileURLToPath(new URL(`${name}.json`, CITIES_DIR));
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read city config ${file}: ${(error as Error).message}`);
  }
  const parsed = cityConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`city config ${name}.json is invalid:\n${z.prettifyError(parsed.error)}`);
  }
  if (parsed.data.name !== name) throw new Error(`city config ${name}.json names itself "${parsed.data.name}"`);
  return parsed.data;
}
