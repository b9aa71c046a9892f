import { scheduleHandler } from '../../../../shared/runtime/schedule.ts';
import { markOverdue } from '../domain/case.ts';
import { changeCase } from '../use-cases/change-case.ts';
import { cases, deps, ports, rules } from './deps.ts';

/** Supervision sweep (督办): flags every case whose current deadline passed, once per deadline. */
export const handler = scheduleHandler({ logger: deps.logger, name: 'overdue-sweep' }, async (now) => {
  let flagged = 0;
  for (const caseId of await cases.due(now, 200)) {
    if (await changeCase(ports, caseId, ({ case: c }) => markOverdue(c, now, rules), { now })) flagged++;
  }
  return { flagged };
});
