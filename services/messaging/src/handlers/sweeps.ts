import { closeUnrated, markReplyOverdue, remindToRate } from '../domain/message.ts';
import { markHoldOverdue } from '../domain/moderation.ts';
import { erasureId } from '../adapters/random-ids.ts';
import { changeMessage } from '../use-cases/change-message.ts';
import { eraseExpired } from '../use-cases/erase-contacts.ts';
import { city, directory, erasures, messages, schedule } from './deps.ts';

const BATCH = 100;

/**
 * Every few minutes: flags messages whose reply is overdue (MessageReplyOverdue, once each),
 * reminds citizens whose rating window closes soon (MessageRatingReminderDue, once each), closes
 * those whose rating window passed unrated (MessageClosed), flags held messages no reviewer
 * released or rejected in time (MessageHoldOverdue, once each), and erases the personal data of
 * messages closed longer ago than the city's retention period. The sweep's `now` is the
 * schedule's own time; each message decides for itself, so a second sweep changes nothing.
 */
export const handler = schedule('deadline-sweep', async (now) => {
  const ports = { messages, directory, city: city.name };
  let overdue = 0;
  let closed = 0;
  let heldOverdue = 0;
  for (const messageId of await messages.due('reply', now, BATCH)) {
    if (await changeMessage(ports, messageId, ({ message }) => markReplyOverdue(message, now), { now })) overdue++;
  }
  let reminded = 0;
  for (const messageId of await messages.due('remind', now, BATCH)) {
    if (await changeMessage(ports, messageId, ({ message }) => remindToRate(message, now), { now })) reminded++;
  }
  for (const messageId of await messages.due('close', now, BATCH)) {
    if (await changeMessage(ports, messageId, ({ message }) => closeUnrated(message, now), { now })) closed++;
  }
  for (const messageId of await messages.due('held', now, BATCH)) {
    if (await changeMessage(ports, messageId, ({ message }) => markHoldOverdue(message, now), { now })) heldOverdue++;
  }
  // Personal data past the city's retention period (删除个人信息): the matter stays, the citizen's name and phone go.
  const erasure = await eraseExpired({ messages, erasures, newId: erasureId, city: city.name }, now, city.retention.citizenContactMonths, BATCH);
  return { overdue, reminded, closed, heldOverdue, erased: erasure?.messageIds.length ?? 0 };
});
