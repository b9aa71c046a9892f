import { z } from 'zod';

const throttle = z.object({ rateLimitPerSecond: z.number().int().positive(), burstLimit: z.number().int().positive() }).strict();

/** A calendar day in the city's time zone, `YYYY-MM-DD`. */
const day = z.iso.date();

/**
 * A congress session (人民代表大会会议): its first and last day, both in the city's time zone and
 * both included. Provisioned concurrency for intake is switched on for it and off after it.
 */
const sessionSchema = z
  .object({ name: z.string().min(1), opens: day, closes: day })
  .strict()
  .refine((s) => s.closes >= s.opens, 'a session closes on or after the day it opens');

export type CongressSession = z.output<typeof sessionSchema>;

/**
 * How a city's deployed stack meets the congress-session peak (人代会期间): the numbers and why
 * they are what they are are in docs/performance.md ("In AWS: the session peak").
 */
export const peakConfigSchema = z
  .object({
    /** Concurrent executions reserved for intake (`POST /v1/messages`): never taken by anything else, and its ceiling. */
    intakeReservedConcurrency: z.number().int().positive().default(40),
    /**
     * Instances of intake kept warm (provisioned concurrency) during each session; at most the
     * reserved concurrency, which also bounds them.
     */
    intakeProvisionedConcurrency: z.number().int().positive().default(20),
    /** The congress sessions ahead, whose days switch intake's provisioned concurrency on. */
    sessions: z.array(sessionSchema).default([]),
    /** The most concurrent executions each queue's consumer may use (SQS event source maximum concurrency, 2–1000). */
    consumerMaxConcurrency: z.number().int().min(2).max(1000).default(5),
    /** Per-route API throttles, below the stage's default for the whole API. */
    routes: z
      .object({
        /** A citizen leaving a message. */
        intake: throttle.default({ rateLimitPerSecond: 300, burstLimit: 600 }),
        /** Staff signing in (scrypt: the costliest request per call). */
        signIn: throttle.default({ rateLimitPerSecond: 20, burstLimit: 40 }),
        /** A citizen's tracking page reading its message. */
        tracking: throttle.default({ rateLimitPerSecond: 100, burstLimit: 200 }),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .refine((p) => p.intakeProvisionedConcurrency <= p.intakeReservedConcurrency, {
    message: "intake's provisioned concurrency cannot exceed its reserved concurrency",
    path: ['intakeProvisionedConcurrency'],
  })
  .prefault({});

export type PeakConfig = z.output<typeof peakConfigSchema>;
