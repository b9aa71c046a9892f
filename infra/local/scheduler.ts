import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import type { CronSpec, ScheduleSpec } from '../../shared/runtime/manifest.ts';
import type { LocalLambdaRuntime } from './lambda-runtime.ts';
import type { LambdaLogger } from './platform-log.ts';

/** A schedule of a service, as the scheduler runs it. */
export interface ScheduledJob {
  functionName: string;
  spec: ScheduleSpec;
}

/**
 * EventBridge scheduled rules in process: checks once a minute (on the minute) which jobs are due
 * and invokes them with a `Scheduled Event`. Jobs can also be run on demand (operators, tests).
 */
export class LocalScheduler {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly jobs: readonly ScheduledJob[],
    private readonly runtime: LocalLambdaRuntime,
    private readonly log: LambdaLogger,
  ) {}

  start(): void {
    const tick = () => {
      const now = new Date();
      for (const job of this.jobs) if (isDue(job.spec.every, now)) void this.run(job.functionName, now);
      this.timer = setTimeout(tick, 60_000 - (Date.now() % 60_000));
    };
    this.timer = setTimeout(tick, 60_000 - (Date.now() % 60_000));
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await Promise.allSettled([...this.running]);
  }

  /** Runs a job now, as if its schedule fired at `at`; resolves to the handler's result. */
  async run(functionName: string, at: Date = new Date()): Promise<unknown> {
    const job = this.jobs.find((j) => j.functionName === functionName);
    if (!job) throw new Error(`no schedule ${functionName}`);
    const event: ScheduledEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: at.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: 'local',
      resources: [`arn:aws:events:local:000000000000:rule/${functionName}`],
      detail: {},
    };
    const pending = this.runtime.invoke(functionName, job.spec.handler, event).catch((error: unknown) => {
      this.log.error(functionName, 'scheduled run failed', error);
      throw error;
    });
    this.running.add(pending);
    try {
      return await pending;
    } finally {
      this.running.delete(pending);
    }
  }

  names(): string[] {
    return this.jobs.map((j) => j.functionName);
  }
}

/** Whether a rate or cron schedule fires in the minute that starts at `now` (UTC, like EventBridge). */
export function isDue(every: ScheduleSpec['every'], now: Date): boolean {
  const minuteOfEpoch = Math.floor(now.getTime() / 60_000);
  if ('minutes' in every) return minuteOfEpoch % every.minutes === 0;
  return cronMatches(every.cron, now);
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function cronMatches(cron: CronSpec, now: Date): boolean {
  return (
    fieldMatches(cron.minute, now.getUTCMinutes(), 0, 59) &&
    fieldMatches(cron.hour, now.getUTCHours(), 0, 23) &&
    fieldMatches(cron.day ?? '*', now.getUTCDate(), 1, 31) &&
    fieldMatches(cron.month ?? '*', now.getUTCMonth() + 1, 1, 12, MONTHS) &&
    // AWS numbers weekdays 1–7 from Sunday (or names them SUN–SAT).
    fieldMatches(cron.weekDay ?? '?', now.getUTCDay() + 1, 1, 7, WEEKDAYS)
  );
}

/** One cron field; `*` spans the field's own range (days and months start at 1), names count from 1. */
function fieldMatches(field: string, value: number, min: number, max: number, names: readonly string[] = []): boolean {
  if (field === '*' || field === '?') return true;
  const toNumber = (s: string) => (names.includes(s.toUpperCase()) ? names.indexOf(s.toUpperCase()) + 1 : Number(s));
  return field.split(',').some((part) => {
    const [range, step] = part.split('/');
    const [from, to] = range === '*' ? [min, max] : range!.split('-').map(toNumber);
    const low = from!;
    const high = to ?? (step ? max : low);
    return value >= low && value <= high && (value - low) % Number(step ?? 1) === 0;
  });
}
