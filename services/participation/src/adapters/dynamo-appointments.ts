import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DomainEvent } from '../../../../shared/events/envelope.ts';
import type { ItemStore, StoredItem } from '../../../../shared/store/item-store.ts';
import { queryAll } from '../../../../shared/store/query-all.ts';
import type { Appointment } from '../domain/reception.ts';
import type { Appointments, StoredAppointment } from '../ports.ts';
import { APPOINTMENT_PREFIX, appointmentKey, CONTACTS_INDEX, LISTING_INDEX, LISTS, receptionPk, SEAT_PREFIX, seatKey } from '../table.ts';

const FIELDS = [
  'appointmentId',
  'groupCode',
  'stationCode',
  'townshipCode',
  'date',
  'slot',
  'slotEnd',
  'topic',
  'contact',
  'contactErasedAt',
  'status',
  'requestedAt',
  'verified',
  'code',
  'tokenHash',
  'bookedAt',
  'remindedAt',
  'cancelledAt',
  'recordedAt',
  'recordedBy',
  'deputiesPresent',
] as const;

function toAppointment(item: object): Appointment {
  const fields = item as Record<string, unknown>;
  return Object.fromEntries(FIELDS.filter((f) => fields[f] !== undefined).map((f) => [f, fields[f]])) as unknown as Appointment;
}

/**
 * Appointments in participation's table, one item each (phone and name encrypted on it), listed by
 * month; the seats of each slot are counters beside the day (`reception#<group>#<date>`).
 */
export class DynamoAppointments implements Appointments {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly store: ItemStore,
  ) {}

  private item(appointment: Appointment) {
    return {
      ...appointmentKey(appointment.appointmentId),
      ...appointment,
      listKey: LISTS.appointments(appointment.date.slice(0, 7)),
      listSort: `${appointment.date}#${appointment.groupCode}#${appointment.slot}#${appointment.appointmentId}`,
      ...(appointment.contact ? { contactKind: 'appointment', contactDate: appointment.date } : {}),
    };
  }

  async get(appointmentId: string): Promise<StoredAppointment | undefined> {
    const stored = await this.store.get<Appointment>(appointmentKey(appointmentId));
    return stored ? { ...toAppointment(stored), version: stored.version } : undefined;
  }

  async create(appointment: Appointment, events: DomainEvent[]): Promise<void> {
    await this.store.create(this.item(appointment), events);
  }

  async save(stored: StoredAppointment, next: Appointment, events: DomainEvent[]): Promise<void> {
    // A whole-item put: a field the next state drops (the spent code) does not survive it.
    await this.store.replace({ ...this.item(next), version: stored.version } as StoredItem<Appointment>, events);
  }

  async inMonth(month: string, date?: string): Promise<Appointment[]> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      IndexName: LISTING_INDEX.name,
      KeyConditionExpression: date ? 'listKey = :list AND begins_with(listSort, :date)' : 'listKey = :list',
      ExpressionAttributeValues: { ':list': LISTS.appointments(month), ...(date ? { ':date': `${date}#` } : {}) },
    });
    return items.map(toAppointment);
  }

  async withContactBefore(date: string, limit: number): Promise<string[]> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: CONTACTS_INDEX.name,
        KeyConditionExpression: 'contactKind = :kind AND contactDate < :date',
        ExpressionAttributeValues: { ':kind': 'appointment', ':date': date },
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => String(item.pk).slice(APPOINTMENT_PREFIX.length));
  }

  async takeSeat(groupCode: string, date: string, slot: string, perSlot: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: seatKey(groupCode, date, slot),
          UpdateExpression: 'SET taken = if_not_exists(taken, :zero) + :one',
          ConditionExpression: 'attribute_not_exists(taken) OR taken < :cap',
          ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':cap': perSlot },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async releaseSeat(groupCode: string, date: string, slot: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: seatKey(groupCode, date, slot),
          UpdateExpression: 'SET taken = taken - :one',
          ConditionExpression: 'taken > :zero',
          ExpressionAttributeValues: { ':zero': 0, ':one': 1 },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async seatsTaken(groupCode: string, date: string): Promise<Record<string, number>> {
    const items = await queryAll(this.client, {
      TableName: this.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': receptionPk(groupCode, date), ':prefix': SEAT_PREFIX },
    });
    return Object.fromEntries(items.map((item) => [String(item.sk).slice(SEAT_PREFIX.length), Number(item.taken ?? 0)]));
  }
}
