import type { ReminderBatch } from '../domain/reminders.ts';
import { dispatch, type DispatchPorts } from './dispatch.ts';

/**
 * Sends reminder batches as in-app notifications. Each batch's source id names its day (and
 * group), so running the schedule again that day creates nothing new.
 */
export async function sendReminders(ports: DispatchPorts, batches: readonly ReminderBatch[], now: Date): Promise<{ batches: number; sent: number }> {
  let sent = 0;
  for (const batch of batches) {
    sent += (await dispatch(ports, batch.notices, { sourceId: batch.sourceId, occurredAt: now }, now, { concurrency: 16 })).sent;
  }
  return { batches: batches.length, sent };
}
