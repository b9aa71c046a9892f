import { z } from 'zod';

/*
 * Free text on the public bus. Subscribing agencies receive every event, so an event's text is
 * either an identifier, a class, a public name, or an official answer written to be read by the
 * citizen and published; a note, a message or a citizen's words never travel (docs/events).
 */

/** What the catalog says of an official answer's text. */
export const OFFICIAL_ANSWER_NOTE =
  'Public text: an official answer addressed to the citizen (shown on their tracking page), written by staff for publication; refused when written if it holds a phone number, an ID number or an e-mail address.';

/** What the catalog says of a public name. */
export const PUBLIC_NAME_NOTE = 'Public name: of a public body, a public office holder or a public consultation, as published on stations and pages.';

/** An official answer on an event (`CaseDeclined.reason`, `CaseResolved.result`): marked in the catalog. */
export const officialAnswerField = (max: number) => z.string().max(max).describe(OFFICIAL_ANSWER_NOTE);

/** A public name on an event (a deputy's, a unit's, a consultation's title): marked in the catalog. */
export const publicNameField = (max?: number) => (max ? z.string().max(max) : z.string()).describe(PUBLIC_NAME_NOTE);

const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/;
const LANDLINE = /(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)/;
const ID_NUMBER = /(?<!\d)\d{17}[\dXx](?!\w)/;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/;

/** Whether a text holds contact details or an ID number (what must not be published with an answer). */
export function holdsContactDetails(text: string): boolean {
  const compact = text.replace(/[\s\u3000]/g, '');
  return [MOBILE, LANDLINE, ID_NUMBER, EMAIL].some((pattern) => pattern.test(compact));
}

/**
 * The input schema of an official answer that will travel on the bus: trimmed, bounded, and free
 * of phone numbers, ID numbers and e-mail addresses (the citizen's contact stays encrypted).
 */
export const officialAnswerInput = (max: number) =>
  z
    .string()
    .trim()
    .min(2)
    .max(max)
    .refine(
      (text) => !holdsContactDetails(text),
      'An official answer is published to subscribing agencies: leave out phone numbers, ID numbers and e-mail addresses.',
    )
    .describe('Published with the event to subscribing agencies and shown to the citizen: no phone numbers, ID numbers or e-mail addresses');
