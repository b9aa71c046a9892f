import { markOverdue } from '../domain/case.ts';
import { changeCase } from '../use-cases/change-case.ts';
import { cases, ports, rules, schedule } from './deps.ts';

/** Supervision sweep (督办): flags every case whose current deadline passed, once per deadline. */
export const handler = schedule('overdue-sweep', async (now) => {
  let flagged = 0;
  for (const caseId of await cases.due(now, 200)) {
    if (await changeCase(ports, caseId, ({ case: c }) => markOverdue(c, now, rules), { now })) flagged++;
  }
  return { flagged };
});
