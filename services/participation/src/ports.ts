import type { DomainEvent } from '../../../shared/events/envelope.ts';
import type { Consultation, ConsultationResponse } from './domain/consultation.ts';
import type { LivelihoodBallot, Rating, Vote } from './domain/livelihood.ts';
import type { Appointment, KnownDeputy, KnownStation } from './domain/reception.ts';

/** A consultation as stored, with the version its next write is conditional on. */
export type StoredConsultation = Consultation & { version: number };

/** Consultations and their responses. */
export interface Consultations {
  get(consultationId: string): Promise<StoredConsultation | undefined>;
  /** Creates a consultation with its events; its id must be new. */
  create(consultation: Consultation, events: DomainEvent[]): Promise<void>;
  /** Saves a consultation read at `stored.version` (VERSION_CONFLICT if it changed since). */
  save(stored: StoredConsultation, next: Consultation, events: DomainEvent[]): Promise<void>;
  /** Every consultation, newest first. */
  list(): Promise<Consultation[]>;
  /** Records a respondent's answer once: false if this respondent has answered already. */
  respond(consultationId: string, response: ConsultationResponse): Promise<boolean>;
  /** Every response to a consultation. */
  responses(consultationId: string): Promise<ConsultationResponse[]>;
  /** Hides or shows a response's comment; false if there is no such response. */
  setHidden(consultationId: string, responseId: string, hidden: boolean): Promise<boolean>;
}

/** Per-source request counters (intake's throttling, on this service's table). */
export interface SourceCounters {
  admit(sourceKey: string, fingerprint: string, now: Date): Promise<{ admitted: true } | { admitted: false; retryAfterSeconds: number }>;
}

/** Participation's own view of the directory, kept from identity's events (guarded by event time). */
export interface DirectoryView {
  deputies(): Promise<KnownDeputy[]>;
  deputy(code: string): Promise<KnownDeputy | undefined>;
  station(code: string): Promise<KnownStation | undefined>;
  recordDeputy(deputy: Omit<KnownDeputy, 'active'>, asOf: string): Promise<void>;
  endTerm(code: string, asOf: string): Promise<void>;
  recordStation(station: KnownStation, asOf: string): Promise<void>;
}

/** An appointment as stored, with the version its next write is conditional on. */
export type StoredAppointment = Appointment & { version: number };

/** Reception-day appointments and the seats of each slot. */
export interface Appointments {
  get(appointmentId: string): Promise<StoredAppointment | undefined>;
  create(appointment: Appointment, events: DomainEvent[]): Promise<void>;
  /** Saves an appointment read at `stored.version` (VERSION_CONFLICT if it changed since). */
  save(stored: StoredAppointment, next: Appointment, events: DomainEvent[]): Promise<void>;
  /** A month's appointments (`YYYY-MM`), optionally of one day, by date, group and slot. */
  inMonth(month: string, date?: string): Promise<Appointment[]>;
  /** Takes a seat of a slot if one of `perSlot` is free: false when the slot is full. */
  takeSeat(groupCode: string, date: string, slot: string, perSlot: number): Promise<boolean>;
  releaseSeat(groupCode: string, date: string, slot: string): Promise<void>;
  /** Ids of appointments still holding a name or phone whose reception day is before `date`, earliest first. */
  withContactBefore(date: string, limit: number): Promise<string[]>;
  /** Seats taken in each slot of a group's day. */
  seatsTaken(groupCode: string, date: string): Promise<Record<string, number>>;
}

/** Texts to a citizen, sent at once through notifications' SMS channel (the phone handed over for the send only). */
export interface CitizenTexts {
  send(text: {
    phone: string;
    template: 'appointment_code' | 'appointment_confirmed' | 'appointment_reminder';
    params: Record<string, string>;
    reference: string;
  }): Promise<'sent' | 'not_configured' | 'failed'>;
}

/** A livelihood ballot as stored, with the version its next write is conditional on. */
export type StoredBallot = LivelihoodBallot & { version: number };

/** Livelihood ballots (民生实事票决) with their votes and ratings. */
export interface LivelihoodBallots {
  get(ballotId: string): Promise<StoredBallot | undefined>;
  create(ballot: LivelihoodBallot, events: DomainEvent[]): Promise<void>;
  /** Saves a ballot read at `stored.version` (VERSION_CONFLICT if it changed since). */
  save(stored: StoredBallot, next: LivelihoodBallot, events: DomainEvent[]): Promise<void>;
  /** A page of ballots, newest first. */
  page(query: { limit: number; cursor?: string }): Promise<{ items: LivelihoodBallot[]; nextCursor: string | null }>;
  /** Records a deputy's vote on a project once: false if they have voted on it already. */
  vote(ballotId: string, vote: Vote): Promise<boolean>;
  votes(ballotId: string): Promise<Vote[]>;
  /** Records a deputy's rating of a project once: false if they have rated it already. */
  rate(ballotId: string, rating: Rating): Promise<boolean>;
  ratings(ballotId: string): Promise<Rating[]>;
}

export type { ErasureLog } from '../../../shared/privacy/erasure.ts';
