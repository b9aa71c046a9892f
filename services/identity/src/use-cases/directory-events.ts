import type { z } from 'zod';
import { createEvent, type DomainEvent, type EventCause, type EventContract } from '../../../../shared/events/envelope.ts';
import type { Deputy } from '../domain/directory.ts';

/** What stamps the directory's events: the city, the clock and what caused the change. */
export interface DirectoryEventContext {
  city: string;
  now: () => Date;
  cause?: EventCause;
}

/** Builds one directory event, stamped from the context. */
export type DirectoryEvent = <D extends z.ZodType>(contract: EventContract<D>, data: z.input<D>) => DomainEvent;

export function directoryEvent(context: DirectoryEventContext): DirectoryEvent {
  return (contract, data) => createEvent(contract, data, { city: context.city, now: context.now(), cause: context.cause });
}

/** A deputy's public posts as DeputyRegistered and DeputyUpdated carry them (never the phone). */
export function deputyPosts(deputy: Omit<Deputy, 'phone' | 'constituency' | 'termStatus'>) {
  return {
    deputyCode: deputy.code,
    name: deputy.name,
    level: deputy.level,
    townshipCode: deputy.townshipCode,
    stationCode: deputy.stationCode,
    roomCode: deputy.roomCode,
    gridCode: deputy.gridCode,
    groupCode: deputy.groupCode,
    category: deputy.category,
    professionalGroup: deputy.professionalGroup,
  };
}
