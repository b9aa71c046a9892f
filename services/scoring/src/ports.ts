import type { DomainEvent } from '../../../shared/events/envelope.ts';
import type { Flag, FlagReason } from './domain/flags-and-ranking.ts';
import type { Contribution, LedgerEntry, StatIncrements } from './domain/ledger.ts';

/** A deputy as scoring knows it, kept from identity's events. */
export interface KnownDeputy {
  code: string;
  name: string;
  townshipCode: string;
  termEnded: boolean;
  /** When the directory first told of them: no year before it is theirs to answer for. */
  since?: string;
}

/** Scoring's view of the deputies (guarded by event time: an older event never undoes a newer one). */
export interface DeputyRoster {
  get(code: string): Promise<KnownDeputy | undefined>;
  all(): Promise<KnownDeputy[]>;
  record(deputy: { code: string; name: string; townshipCode: string }, asOf: string): Promise<void>;
  endTerm(code: string, asOf: string): Promise<void>;
}

/** A deputy's year as the live read model keeps it. */
export interface YearTotals {
  deputyCode: string;
  year: number;
  byRule: Record<string, number>;
  stats: Required<StatIncrements>;
}

/** A flag raised for the committee. */
export interface RaisedFlag {
  deputyCode: string;
  reason: FlagReason;
  flaggedAt: string;
}

/** The points ledger (积分台账): append-only entries and per-year totals that count each source once. */
export interface Ledger {
  /**
   * Adds a contribution's entries and totals once, each entry saved with its event (`events[i]`
   * belongs to `contribution.entries[i]`); false when its source was counted before.
   */
  apply(contribution: Contribution, events: readonly DomainEvent[]): Promise<boolean>;
  totals(deputyCode: string, year: number): Promise<YearTotals>;
  entries(deputyCode: string, year: number): Promise<LedgerEntry[]>;
  entry(entryId: string, deputyCode: string, year: number): Promise<LedgerEntry | undefined>;
  yearTotals(year: number): Promise<YearTotals[]>;
  yearEntries(year: number): Promise<LedgerEntry[]>;
  /** Raises a flag once per deputy, year and reason, with its event; false when it was raised before. */
  flag(flag: Flag, event: DomainEvent): Promise<boolean>;
  flags(year: number): Promise<RaisedFlag[]>;
  /** Records one publication of a year's ranking with its event (each publishing is its own record). */
  recordRanking(publication: { year: number; excellent: string[]; publishedAt: string }, event: DomainEvent): Promise<void>;
}
