import { inScope } from '../../../../shared/auth/authorize.ts';
import type { Caller } from '../../../../shared/auth/caller.ts';
import type { EventCause } from '../../../../shared/events/envelope.ts';
import { ConflictError, invalidBody, NotFoundError } from '../../../../shared/runtime/errors.ts';
import { pickLeastLoaded, type DeputyLoad } from '../domain/intake.ts';
import type { Message, MessagingSla } from '../domain/message.ts';
import { reject, release } from '../domain/moderation.ts';
import { changeMessage, type ChangePorts } from './change-message.ts';

export interface ModerationPorts extends ChangePorts {
  sla: MessagingSla;
}

/** A held message is the business of its township's reviewers and of the city's. */
function assertModerates(caller: Caller, message: Message): void {
  if (!inScope(caller, { townshipCode: message.townshipCode })) throw new NotFoundError('No such message.');
}

/**
 * The deputy a held message goes to: the one the reviewer names (in office, and in the
 * reviewer's scope), else the least loaded in office at its station, else the deputy it was
 * addressed to. None of these: the reviewer must name one.
 */
async function chooseDeputy(ports: ModerationPorts, caller: Caller, message: Message, deputyCode: string | undefined): Promise<DeputyLoad> {
  if (deputyCode) {
    const named = await ports.directory.deputy(deputyCode);
    if (!named?.active || !inScope(caller, { townshipCode: named.townshipCode })) {
      throw invalidBody('deputyCode', `no deputy in office ${deputyCode} in your township`);
    }
    return named;
  }
  const atStation = message.stationCode ? pickLeastLoaded(await ports.directory.stationDeputies(message.stationCode)) : undefined;
  if (atStation) return atStation;
  const addressed = message.deputyCode ? await ports.directory.deputy(message.deputyCode) : undefined;
  if (addressed?.active) return addressed;
  throw new ConflictError('No deputy is in office at this station: name one.', 'NO_DEPUTY_IN_OFFICE');
}

/** 释放: a reviewer gives a held message to a deputy (named, or chosen as at intake). */
export async function releaseHeld(
  ports: ModerationPorts,
  caller: Caller,
  input: { messageId: string; deputyCode?: string },
  context: { now: Date; cause: EventCause },
): Promise<Message> {
  const current = await ports.messages.get(input.messageId);
  if (!current) throw new NotFoundError('No such message.');
  assertModerates(caller, current.message);
  const deputy = await chooseDeputy(ports, caller, current.message, input.deputyCode);
  const next = await changeMessage(
    ports,
    input.messageId,
    ({ message }) => {
      assertModerates(caller, message);
      return release(message, deputy, context.now, ports.sla);
    },
    context,
  );
  return next!;
}

/** 不予受理: a reviewer refuses a held message with a reason its sender reads. */
export async function rejectHeld(
  ports: ModerationPorts,
  caller: Caller,
  input: { messageId: string; reason: string },
  context: { now: Date; cause: EventCause },
): Promise<Message> {
  const next = await changeMessage(
    ports,
    input.messageId,
    ({ message }) => {
      assertModerates(caller, message);
      return reject(message, { reason: input.reason, by: caller.username }, context.now);
    },
    context,
  );
  return next!;
}
