import type { DomainEvent } from '../../../shared/events/envelope.ts';
import type { Consultation, ConsultationResponse } from './domain/consultation.ts';

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
