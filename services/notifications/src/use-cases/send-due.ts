import { retryDelayMs } from '../domain/delivery.ts';
import { earliestSend } from '../domain/quiet-hours.ts';
import type { DispatchPorts } from './dispatch.ts';
import { attemptDelivery, type AttemptResult } from './attempt-delivery.ts';

/**
 * The send-due schedule: every delivery whose time has come by `now` (the schedule's own time) —
 * held over the quiet hours, or waiting for a retry — is attempted. A refusal is retried by this
 * schedule with growing delays (never into the quiet hours) until its attempts run out.
 */
export async function sendDue(ports: DispatchPorts, now: Date, limit = 100): Promise<Partial<Record<AttemptResult, number>>> {
  const report: Partial<Record<AttemptResult, number>> = {};
  const quiet = ports.settings.quietHours;
  for (const deliveryId of await ports.deliveries.due(now, limit)) {
    const stored = await ports.deliveries.get(deliveryId);
    if (!stored) continue;
    const retryAt = (attempts: number) => earliestSend(stored.delivery.channel, new Date(now.getTime() + retryDelayMs(attempts)), quiet, ports.timeZone);
    const result = await attemptDelivery(ports, stored, now, { revive: false, retryAt });
    report[result] = (report[result] ?? 0) + 1;
  }
  return report;
}
