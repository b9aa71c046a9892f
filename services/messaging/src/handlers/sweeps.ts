import { closeUnrated, markReplyOverdue } from '../domain/message.ts';
import { markHoldOverdue } from '../domain/moderation.ts';
import { changeMessage } from '../use-cases/change-message.ts';
import { city, directory, messages, schedule } from './deps.ts';

const BATCH = 100;

/**
 * Every few minutes: flags messages whose reply is overdue (MessageReplyOverdue, once each) and
 * closes those whose rating window passed unrated (MessageClosed), and flags held messages no
 * reviewer released or rejected in time (MessageHoldOverdue, once each). The sweep's `now` is the
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
  for (const messageId of await messages.due('close', now, BATCH)) {
    if (await changeMessage(ports, messageId, ({ message }) => closeUnrated(message, now), { now })) closed++;
  }
  for (const messageId of await messages.due('held', now, BATCH)) {
    if (await changeMessage(ports, messageId, ({ message }) => markHoldOverdue(message, now), { now })) heldOverdue++;
  }
  return { overdue, closed, heldOverdue };
});
