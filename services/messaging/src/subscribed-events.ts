import { DeputyRegistered, DeputyTermEnded, DeputyUpdated, StationRegistered } from '../../../shared/events/identity/index.ts';

/** Identity's directory events, as they concern messaging (its read model of deputies and stations). */
export const DIRECTORY_EVENTS = [DeputyRegistered, DeputyUpdated, DeputyTermEnded, StationRegistered] as const;
