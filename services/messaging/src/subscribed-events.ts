import {
  CaseAccepted,
  CaseClosed,
  CaseDeclined,
  CaseForwarded,
  CaseMerged,
  CaseOpened,
  CaseProgressReported,
  CaseReassignRequested,
  CaseReopened,
  CaseResolved,
  CaseReturned,
} from '../../../shared/events/case-routing/index.ts';
import { AccountChanged, DeputyRegistered, DeputyTermEnded, DeputyUpdated, StationRegistered } from '../../../shared/events/identity/index.ts';

/**
 * Identity's directory events, as they concern messaging (its read model of deputies and stations),
 * and account changes: a deputy whose account is disabled is out of office for messages.
 */
export const DIRECTORY_EVENTS = [DeputyRegistered, DeputyUpdated, DeputyTermEnded, StationRegistered, AccountChanged] as const;

/** Case routing's steps, which the citizen's timeline follows (a merge with reports of the same problem included). */
export const CASE_EVENTS = [
  CaseOpened,
  CaseForwarded,
  CaseReturned,
  CaseDeclined,
  CaseAccepted,
  CaseProgressReported,
  CaseResolved,
  CaseReassignRequested,
  CaseReopened,
  CaseClosed,
  CaseMerged,
] as const;
