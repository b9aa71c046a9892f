import type { ErasedField } from '../../../../shared/privacy/erasure.ts';
import type { Appointment } from './reception.ts';

/**
 * 删除个人信息 for a reception-day appointment: the citizen's name and phone (encrypted, and the
 * masked phone shown to staff) go; the appointment stays — its group, day, slot, topic and outcome —
 * so the group's record and the reception duty are unchanged. Returns the fields that held
 * something, or nothing when it was erased already.
 */
export function eraseAppointmentContact(appointment: Appointment, at: string): { next: Appointment; erased: ErasedField[] } | undefined {
  if (appointment.contactErasedAt) return undefined;
  const erased: ErasedField[] = [];
  if (appointment.contact?.nameEncrypted) erased.push('name');
  if (appointment.contact?.phoneEncrypted) erased.push('phone');
  const { contact: _contact, ...kept } = appointment;
  return { next: { ...kept, contactErasedAt: at }, erased };
}
