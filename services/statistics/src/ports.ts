import type { CaseFacts, DeputyFacts, FactWrite, MessageFacts, UnitCaseFacts } from './domain/facts.ts';

/**
 * The facts statistics keeps, one record per message, case at a unit, case and deputy. Each write
 * is conditional on its own guard (see `FactWrite`), so at-least-once delivery never counts twice.
 */
export interface FactStore {
  /** Writes a fact; a write its guard refuses changes nothing. */
  apply(write: FactWrite): Promise<void>;
  /** Messages submitted in the city months `fromMonth`…`toMonth` (`yyyy-mm`, both included). */
  messagesSubmitted(fromMonth: string, toMonth: string): Promise<MessageFacts[]>;
  /** Every message a deputy was answerable for. */
  messagesOfDeputy(deputyCode: string): Promise<MessageFacts[]>;
  /** Cases forwarded to units in the city months `fromMonth`…`toMonth`. */
  unitCasesForwarded(fromMonth: string, toMonth: string): Promise<UnitCaseFacts[]>;
  /** The whole-case facts of these cases, by case id (unknown ones are left out). */
  cases(caseIds: readonly string[]): Promise<Map<string, CaseFacts>>;
  /** Every deputy known from identity's events, by code. */
  roster(): Promise<Map<string, DeputyFacts>>;
}
