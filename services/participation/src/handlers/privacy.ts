import { z } from 'zod';
import type { ErasureRecord } from '../../../../shared/privacy/erasure.ts';
import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import { eraseAppointmentOnRequest } from '../use-cases/erase-appointments.ts';
import { deps, erasurePorts, internal } from './deps.ts';
import { appointmentParams } from './schemas.ts';

const input = z.union([
  z.object({ erase: z.object({ appointmentId: appointmentParams.shape.id, by: z.string().min(1).max(100) }).strict() }).strict(),
  z.object({ latest: z.number().int().min(1).max(100) }).strict(),
]);

/**
 * Internal function `appointment-privacy` (not on the HTTP API; only messaging may invoke it, whose
 * admin routes are the one place personal data is erased on request): erases the name and phone of
 * one appointment, answering the audit entry (`{}` for an unknown appointment), or answers the
 * latest entries of participation's erasure audit, by retention or on request.
 */
export const appointmentPrivacy = internal(
  { name: 'appointment-privacy', input },
  async (asked): Promise<{ entry?: ErasureRecord; items?: ErasureRecord[] }> => {
    if ('latest' in asked) return { items: await erasurePorts.erasures.latest(asked.latest) };
    try {
      return { entry: await eraseAppointmentOnRequest(erasurePorts, asked.erase.appointmentId, asked.erase.by, deps.now()) };
    } catch (error) {
      if (error instanceof NotFoundError) return {};
      throw error;
    }
  },
);
