import type { DomainEvent } from '../../../shared/events/envelope.ts';
import type { Case } from './domain/case.ts';

/** A case as read, with the version its next write is conditional on. */
export interface StoredCase {
  case: Case;
  version: number;
}

/** The cases, each written with its events in one conditional write (the outbox). */
export interface CaseRepository {
  create(c: Case, events: DomainEvent[]): Promise<void>;
  get(caseId: string): Promise<StoredCase | undefined>;
  /** Writes the next state of a case read at `stored.version`, with its events. */
  save(stored: StoredCase, next: Case, events: DomainEvent[]): Promise<void>;
  /** Every unfinished problem case (a city has hundreds, not millions, open at once). */
  open(): Promise<Case[]>;
  /** The finished problem cases (closed, declined, returned) opened between two instants. */
  finishedBetween(fromAt: string, toAt: string): Promise<Case[]>;
  /** Every suggestion case, finished or not (hundreds a year). */
  suggestions(): Promise<Case[]>;
  /** The cases a unit has to handle. */
  forUnit(unitCode: string): Promise<Case[]>;
  /** Ids of cases whose current stage's deadline is at or before `now`. */
  due(now: Date, limit: number): Promise<string[]>;
}

/** A handling unit as case routing knows it (from identity's UnitRegistered events). */
export interface KnownUnit {
  code: string;
  name: string;
  kind: 'city_department' | 'township_office';
  townshipCode?: string;
}

/** The handling units, kept from identity's events. */
export interface UnitDirectory {
  get(code: string): Promise<KnownUnit | undefined>;
  /** Records a unit; a replay writes the same values again, which changes nothing. */
  record(unit: KnownUnit): Promise<void>;
}

/** A deputy as case routing knows it (from identity's deputy events). */
export interface KnownDeputy {
  code: string;
  level: 'city' | 'township';
  townshipCode: string;
  termEnded: boolean;
}

/** The deputies, kept from identity's events (guarded by event time): who may co-sign. */
export interface DeputyRoster {
  get(code: string): Promise<KnownDeputy | undefined>;
  record(deputy: Omit<KnownDeputy, 'termEnded'>, asOf: string): Promise<void>;
  endTerm(code: string, asOf: string): Promise<void>;
}
