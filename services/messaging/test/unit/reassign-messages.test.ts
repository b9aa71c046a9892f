import { describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import type { DeputyLoad } from '../../src/domain/intake.ts';
import { reassignOpenMessages } from '../../src/use-cases/reassign-messages.ts';
import { submitMessage } from '../../src/use-cases/submit-message.ts';
import { deputyLoad, MemoryDirectory, MemoryMessages, memoryIntakePorts } from './in-memory.ts';

/** A deputy leaves office: their open messages are spread over the station's deputies in office, on in-memory ports. */

const city = loadCityConfig('demo');
const now = new Date('2026-03-05T02:00:00Z');
const later = new Date('2026-03-06T02:00:00Z');
const cause = { correlationId: 'corr-1', causationId: 'req-1' };
const deputy = deputyLoad;

function station(deputies: readonly DeputyLoad[]) {
  const messages = new MemoryMessages();
  const directory = new MemoryDirectory(deputies);
  const intakePorts = memoryIntakePorts(messages, directory);
  const ports = { messages, directory, city: city.name, sla: city.sla };
  let n = 0;
  const submit = (deputyCode: string) =>
    submitMessage(
      intakePorts,
      { category: 'public_facilities', content: `第${++n}条：村里篮球场晚上没有灯。`, deputyCode },
      { clientIp: `2001:db8::${n}`, cause },
      now,
    );
  const leave = (deputyCode: string) => {
    directory.deputies.get(deputyCode)!.active = false;
    return reassignOpenMessages(ports, { deputyCode, reason: 'term_ended' }, { now: later, cause });
  };
  return { messages, directory, submit, leave };
}

describe('reassignOpenMessages', () => {
  it("spreads the departing deputy's open messages by load, moves their load, and does nothing the second time", async () => {
    // Prepare: three messages to D0001; D0002 has none open, D0003 one
    const { messages, directory, submit, leave } = station([deputy('D0001', 0), deputy('D0002', 0), deputy('D0003', 1)]);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await submit('D0001')).messageId);

    // Act
    const first = await leave('D0001');
    const again = await leave('D0001');

    // Assess
    const moved = await Promise.all(ids.map(async (id) => (await messages.get(id))!.message));
    expect(first).toEqual({ toDeputies: 3, toQueue: 0 });
    expect(again).toEqual({ toDeputies: 0, toQueue: 0 });
    expect(moved.map((m) => m.deputyCode)).toEqual(['D0002', 'D0002', 'D0003']);
    expect(moved.every((m) => m.replyDueAt === '2026-03-09T02:00:00.000Z')).toBe(true);
    expect(moved[0]!.timeline.at(-1)!.text).toBe('原代表任期已结束，您的留言已转交代表D0002代表，答复期限重新计算。');
    expect([directory.load('D0001'), directory.load('D0002'), directory.load('D0003')]).toEqual([0, 2, 2]);
  });

  it("sends them to the township reviewers' queue when the station has nobody else in office", async () => {
    // Prepare
    const { messages, submit, leave } = station([deputy('D0001', 0), deputy('D0002', 0, { active: false })]);
    const { messageId } = await submit('D0001');

    // Act
    const outcome = await leave('D0001');

    // Assess
    const queue = await messages.held({ townshipCode: 'lucheng', limit: 50 });
    expect(outcome).toEqual({ toDeputies: 0, toQueue: 1 });
    expect(queue.items.map((m) => [m.messageId, m.hold?.reason])).toEqual([[messageId, 'no_deputy']]);
  });
});
