import type { ErasureRecord } from '../../../../shared/privacy/erasure.ts';
import { InternalFunctionUnavailableError, type InvokeInternal } from '../../../../shared/runtime/invoke.ts';
import type { AppointmentErasures } from '../ports.ts';

/**
 * Participation's erasures through its internal function `appointment-privacy` (only messaging is
 * granted it). A city stack without participation holds no appointments: nothing to erase or list.
 * Participation failing is an error the admin sees (503), never an audit silently short.
 */
export class ParticipationErasures implements AppointmentErasures {
  constructor(private readonly invoke: InvokeInternal) {}

  async erase(appointmentId: string, by: string): Promise<ErasureRecord | undefined> {
    const answer = await this.ask({ erase: { appointmentId, by } });
    return answer?.entry;
  }

  async latest(limit: number): Promise<ErasureRecord[]> {
    const answer = await this.ask({ latest: limit });
    return answer?.items ?? [];
  }

  private async ask(payload: unknown): Promise<{ entry?: ErasureRecord; items?: ErasureRecord[] } | undefined> {
    try {
      return await this.invoke<{ entry?: ErasureRecord; items?: ErasureRecord[] }>('participation', 'appointment-privacy', payload);
    } catch (error) {
      if (error instanceof InternalFunctionUnavailableError) return undefined;
      throw error;
    }
  }
}
