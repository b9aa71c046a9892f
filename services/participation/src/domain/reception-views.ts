import { z } from 'zod';

/** What the reception-day routes answer (代表固定接待日), documented by `../api.ts`. */

const slotSchema = z.object({
  start: z.string().describe('HH:MM, city time.'),
  end: z.string(),
  left: z.number().int().describe('Seats still free (0 once the slot has begun).'),
});

export const receptionDaysSchema = z.object({
  station: z.object({ code: z.string(), name: z.string() }),
  days: z.array(
    z.object({
      groupCode: z.string(),
      date: z.iso.date(),
      deputies: z.array(z.string()).describe("The group's deputies in office (public names)."),
      slots: z.array(slotSchema),
    }),
  ),
});

export const bookingAnswerSchema = z.discriminatedUnion('status', [
  z.object({ appointmentId: z.string(), status: z.literal('pending').describe('An SMS code was sent: verify it to book.') }),
  z.object({
    appointmentId: z.string(),
    status: z.literal('booked').describe('Booked at once: the city has no SMS channel to verify the phone with.'),
    cancelToken: z.string().describe('Cancels the appointment; shown once, kept by the page.'),
  }),
]);

export const verifiedSchema = z.object({ appointmentId: z.string(), status: z.literal('booked'), cancelToken: z.string() });

const statusSchema = z.enum(['booked', 'cancelled', 'held', 'not_attended']);

export const ownAppointmentSchema = z.object({
  appointmentId: z.string(),
  status: z.enum(['pending', 'booked', 'cancelled', 'held', 'not_attended']),
  date: z.iso.date(),
  slot: z.string(),
  slotEnd: z.string(),
  station: z.object({ code: z.string(), name: z.string() }),
  groupCode: z.string(),
  topic: z.string(),
});

export const staffAppointmentsSchema = z.object({
  month: z.string(),
  items: z.array(
    z.object({
      appointmentId: z.string(),
      groupCode: z.string(),
      stationCode: z.string(),
      date: z.iso.date(),
      slot: z.string(),
      slotEnd: z.string(),
      topic: z.string(),
      name: z.string().optional(),
      phoneMasked: z.string().optional().describe('`139****5678`; absent once erased.'),
      contactErased: z.literal(true).optional().describe("The citizen's name and phone were erased (retention or request)."),
      status: statusSchema,
      verified: z.boolean(),
      deputiesPresent: z.array(z.string()).optional(),
    }),
  ),
  groups: z.array(z.object({ groupCode: z.string(), deputies: z.array(z.object({ code: z.string(), name: z.string() })) })),
});
