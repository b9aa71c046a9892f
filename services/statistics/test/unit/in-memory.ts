import {
  applyWrite,
  type CaseFacts,
  type DeputyFacts,
  type FactTarget,
  type FactWrite,
  type MessageFacts,
  type UnitCaseFacts,
} from '../../src/domain/facts.ts';
import type { FactStore } from '../../src/ports.ts';

/** The fact store in memory, with the same guards as the DynamoDB one. */
export class InMemoryFacts implements FactStore {
  readonly records = new Map<string, Record<string, unknown>>();

  constructor(private readonly cityMonth: (at: string) => string) {}

  async apply(write: FactWrite): Promise<void> {
    const key = keyOf(write.target);
    const { kind: _kind, ...ids } = write.target;
    this.records.set(key, applyWrite({ ...ids, ...this.records.get(key) }, write));
  }

  async messagesSubmitted(fromMonth: string, toMonth: string): Promise<MessageFacts[]> {
    return this.of<MessageFacts>('message').filter((m) => m.submittedAt && this.inMonths(m.submittedAt, fromMonth, toMonth));
  }

  async messagesOfDeputy(deputyCode: string): Promise<MessageFacts[]> {
    return this.of<MessageFacts>('message').filter((m) => m.deputyCode === deputyCode);
  }

  async unitCasesForwarded(fromMonth: string, toMonth: string): Promise<UnitCaseFacts[]> {
    return this.of<UnitCaseFacts>('unitCase').filter((u) => u.forwardedAt && this.inMonths(u.forwardedAt, fromMonth, toMonth));
  }

  async cases(caseIds: readonly string[]): Promise<Map<string, CaseFacts>> {
    return new Map(
      this.of<CaseFacts>('case')
        .filter((c) => caseIds.includes(c.caseId))
        .map((c) => [c.caseId, c]),
    );
  }

  async roster(): Promise<Map<string, DeputyFacts>> {
    return new Map(this.of<DeputyFacts>('deputy').map((d) => [d.code, d]));
  }

  private of<T>(kind: FactTarget['kind']): T[] {
    return [...this.records.entries()].filter(([key]) => key.startsWith(`${kind}|`)).map(([, record]) => record as T);
  }

  private inMonths(at: string, fromMonth: string, toMonth: string): boolean {
    const month = this.cityMonth(at);
    return month >= fromMonth && month <= toMonth;
  }
}

function keyOf(target: FactTarget): string {
  return [
    target.kind,
    ...Object.entries(target)
      .filter(([k]) => k !== 'kind')
      .map(([, v]) => v),
  ].join('|');
}
