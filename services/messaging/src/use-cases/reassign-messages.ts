import type { EventCause } from '../../../../shared/events/envelope.ts';
import type { DeputyLoad } from '../domain/intake.ts';
import type { MessagingSla } from '../domain/message.ts';
import { type ReassignReason, reassign, successor } from '../domain/reassignment.ts';
import { changeMessage, type ChangePorts } from './change-message.ts';

export interface ReassignPorts extends ChangePorts {
  sla: MessagingSla;
}

/** How many of a deputy's messages are read at a time. */
const PAGE = 100;

/**
 * A deputy left office: every message they still owe an answer moves on (domain/reassignment.ts),
 * one by one, each to the least loaded of their station as loads stand after the previous move.
 * Safe to run twice: a message already moved is left alone. Returns how many moved where.
 */
export async function reassignOpenMessages(
  ports: ReassignPorts,
  departing: { deputyCode: string; reason: ReassignReason },
  context: { now: Date; cause?: EventCause },
): Promise<{ toDeputies: number; toQueue: number }> {
  // Every id first: each move takes the message off this deputy's inbox, which pages would skip.
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await ports.messages.inbox(departing.deputyCode, { status: 'submitted', limit: PAGE, cursor });
    ids.push(...page.items.map((m) => m.messageId));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);

  const deputy = await ports.directory.deputy(departing.deputyCode);
  const stations = new Map<string, DeputyLoad[]>();
  const colleagues = async (stationCode: string | undefined) => {
    if (!stationCode) return [];
    if (!stations.has(stationCode))
      stations.set(
        stationCode,
        (await ports.directory.stationDeputies(stationCode)).map((d) => ({ ...d })),
      );
    return stations.get(stationCode)!;
  };

  const moved = { toDeputies: 0, toQueue: 0 };
  for (const messageId of ids) {
    const current = await ports.messages.get(messageId);
    if (!current) continue;
    // A message written to the deputy by their code goes to a colleague at the deputy's station.
    const stationCode = current.message.stationCode ?? deputy?.stationCode;
    const to = successor(await colleagues(stationCode), departing.deputyCode);
    const next = await changeMessage(
      ports,
      messageId,
      ({ message }) => reassign(message, { from: departing.deputyCode, to, reason: departing.reason, stationCode }, context.now, ports.sla),
      context,
    );
    if (!next) continue;
    if (next.status === 'held') moved.toQueue++;
    else {
      moved.toDeputies++;
      if (to) to.openCount++;
    }
  }
  return moved;
}
