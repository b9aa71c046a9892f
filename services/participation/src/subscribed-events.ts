import { DeputyRegistered, DeputyTermEnded, DeputyUpdated, StationRegistered } from '../../../shared/events/identity/index.ts';

/** Identity's directory facts participation keeps: stations, and deputies with their groups (the reception day's groups). */
export const DIRECTORY_EVENTS = [StationRegistered, DeputyRegistered, DeputyUpdated, DeputyTermEnded] as const;
