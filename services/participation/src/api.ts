import { z } from 'zod';
import { pageQuery } from '../../../shared/api/pages.ts';
import { htmlPage, type ServiceApi } from '../../../shared/api/route-doc.ts';
import { bookingAnswerSchema, ownAppointmentSchema, receptionDaysSchema, staffAppointmentsSchema, verifiedSchema } from './domain/reception-views.ts';
import { ballotCreatedSchema, ballotListSchema, ballotSchema, publicBallotSchema } from './domain/livelihood-views.ts';
import { consultationListSchema, consultationSchema, respondedSchema, resultsSchema } from './domain/views.ts';
import {
  answerBody,
  appointmentParams,
  appointmentsQuery,
  bookingBody,
  closingBody,
  consultationParams,
  openingBody,
  outcomeBody,
  receptionQuery,
  responseParams,
  resultsQuery,
  verificationBody,
  visibilityBody,
} from './handlers/schemas.ts';
import { ballotBody, ballotParams, ballotsQuery, progressBody, projectParams, ratingBody, voteBody } from './handlers/livelihood-schemas.ts';

const COMMITTEE = ['township_reviewer', 'city_reviewer', 'admin'] as const;
const IN_SCOPE = "city reviewers and admin (every consultation), township reviewers (city-wide ones and their township's)";
const pageParams = z.object({ code: z.string() });
const STAFF = ['deputy', 'township_reviewer', 'city_reviewer', 'admin'] as const;
const GROUP_SCOPE = "deputies (their own group's), township reviewers (their township's), city reviewers and admin (all)";
const ALL_STAFF = ['deputy', 'township_reviewer', 'city_reviewer', 'unit_handler', 'admin'] as const;
const tokenHeaders = z.object({ 'X-Appointment-Token': z.string().describe("The token of the booking's confirmation (the page keeps it).") });

/**
 * Participation's routes (`service.ts`), documented for `docs/api.md` and `GET /v1/openapi.json`.
 * Only schemas and views are imported: the reference is built without wiring any adapter.
 */
export const participationApi: ServiceApi = {
  service: 'participation',
  description:
    "Citizens' participation (群众参与): consultations the committee opens (意见征集) — options to choose and rank and a free comment — answered from a public page, one answer per device; live results with moderation and CSV; a public summary once closed. Reception-day appointments (代表固定接待日): each deputy group's monthly reception day at its station as bookable slots, booked from the station's page (phone verified by an SMS code where the city texts), confirmed, reminded the day before, cancellable; the group sees who comes and why and records each appointment held (the deputies present earn the reception duty) or not attended. Livelihood projects voted by deputies (民生实事票决): the committee lists the year's candidate projects, the deputies in office vote on each once within a window, the committee publishes the projects chosen (yes votes from more than half of the deputies in office) on a public page; the lead units record quarterly progress and the deputies rate it at year end (回头看).",
  routes: [
    {
      method: 'POST',
      path: '/v1/consultations',
      roles: ['city_reviewer'],
      summary: 'Opens a consultation, city-wide or in one township, until `closesAt`.',
      body: { schema: openingBody },
      response: { status: 201, description: 'Opened; its page is `/c/{consultationId}`.', schema: z.object({ consultationId: z.string() }) },
    },
    {
      method: 'GET',
      path: '/v1/consultations',
      roles: COMMITTEE,
      who: IN_SCOPE,
      summary: 'Every consultation, newest first.',
      query: pageQuery,
      response: { status: 200, description: 'A page of the list.', schema: consultationListSchema },
    },
    {
      method: 'GET',
      path: '/v1/consultations/{id}',
      summary:
        'A consultation as its public page shows it: the question while open; its summary (counts, ranking, the comments not hidden, the conclusion) once closed.',
      params: consultationParams,
      response: { status: 200, description: 'The consultation.', schema: consultationSchema },
      errors: [404],
    },
    {
      method: 'GET',
      path: '/v1/consultations/{id}/qr.svg',
      summary: "The QR code for posters, opening the consultation's page.",
      params: consultationParams,
      response: { status: 200, description: 'An SVG image.', mediaType: 'image/svg+xml' },
      errors: [404],
    },
    {
      method: 'POST',
      path: '/v1/consultations/{id}/responses',
      summary: 'A citizen answers: choices (option indexes, most preferred first) and/or a comment. One answer per device; limited per source like messages.',
      description: 'A second answer from the same device is a 409 `ALREADY_RESPONDED`; a closed consultation a 409 `CONSULTATION_CLOSED`.',
      params: consultationParams,
      headers: z.object({ 'X-Device-Id': z.string().describe('A random id the page keeps for this device (16–64 letters, digits, _ or -).') }),
      body: { schema: answerBody },
      response: { status: 201, description: 'Recorded.', schema: respondedSchema },
      errors: [404, 409, 429],
    },
    {
      method: 'GET',
      path: '/v1/consultations/{id}/results',
      roles: COMMITTEE,
      who: IN_SCOPE,
      summary: 'Live results: counts per option, the ranking (by times chosen, then chosen first), every response with its comment and whether it is hidden.',
      params: consultationParams,
      query: resultsQuery,
      response: { status: 200, description: 'The results; `?format=csv` answers them as a CSV file.', schema: resultsSchema, alsoAs: 'text/csv' },
      errors: [404],
    },
    {
      method: 'POST',
      path: '/v1/consultations/{id}/responses/{responseId}/visibility',
      roles: COMMITTEE,
      who: IN_SCOPE,
      summary: "Moderation: hides a response's comment from the public summary, or shows it again (the choices always count).",
      params: responseParams,
      body: { schema: visibilityBody },
      response: { status: 204, description: 'Done.' },
      errors: [404],
    },
    {
      method: 'POST',
      path: '/v1/consultations/{id}/close',
      roles: ['city_reviewer'],
      summary: "Closes the consultation now, with the committee's conclusion; its summary goes public. (Past `closesAt`, a schedule closes it.)",
      params: consultationParams,
      body: { schema: closingBody },
      response: { status: 204, description: 'Closed.' },
      errors: [404, 409],
    },
    {
      method: 'GET',
      path: '/v1/reception-days',
      summary: "A station's coming reception days (this month's and next): each group received there, its deputies, and the seats left in each slot.",
      query: receptionQuery,
      response: { status: 200, description: 'The reception days.', schema: receptionDaysSchema },
      errors: [404],
    },
    {
      method: 'POST',
      path: '/v1/appointments',
      summary:
        "A citizen books a slot of a group's reception day with a topic and a phone (stored encrypted). Where the city texts, an SMS code is sent and the appointment waits for it.",
      description:
        "A date that is not the group's reception day, or a slot not listed or already begun, is a 400; limited per source like messages (429). Without an SMS channel the booking stands at once (`status: booked`, with `cancelToken`); a full slot is then a 409 `SLOT_FULL`.",
      body: { schema: bookingBody },
      response: { status: 201, description: 'Pending its code, or booked.', schema: bookingAnswerSchema },
      errors: [409, 429, 503],
    },
    {
      method: 'POST',
      path: '/v1/appointments/{id}/verification',
      summary: 'The SMS code: the appointment is booked (a seat taken), confirmed by text, and its cancel token answered once.',
      description: 'A wrong code is a 400; after 10 minutes or 5 wrong codes a 409 `CODE_EXPIRED`; a slot filled meanwhile a 409 `SLOT_FULL`.',
      params: appointmentParams,
      body: { schema: verificationBody },
      response: { status: 200, description: 'Booked.', schema: verifiedSchema },
      errors: [404, 409],
    },
    {
      method: 'GET',
      path: '/v1/appointments/{id}',
      summary: 'The citizen reads their appointment with the token of its confirmation.',
      params: appointmentParams,
      headers: tokenHeaders,
      response: { status: 200, description: 'The appointment.', schema: ownAppointmentSchema },
      errors: [404],
    },
    {
      method: 'POST',
      path: '/v1/appointments/{id}/cancel',
      summary: 'The citizen cancels with the token, until the slot begins; the seat is free again and they may book another.',
      params: appointmentParams,
      headers: tokenHeaders,
      response: { status: 204, description: 'Cancelled.' },
      errors: [404, 409],
    },
    {
      method: 'GET',
      path: '/v1/appointments',
      roles: STAFF,
      who: GROUP_SCOPE,
      summary: "A month's appointments: who comes (name, phone masked), when and why, the outcome; with each group's deputies.",
      query: appointmentsQuery,
      response: { status: 200, description: 'The appointments.', schema: staffAppointmentsSchema },
    },
    {
      method: 'POST',
      path: '/v1/appointments/{id}/outcome',
      roles: STAFF,
      who: GROUP_SCOPE,
      summary:
        'Once the day has come: held, with the deputies of the group who received the citizen (each earns the reception duty, once per group and day: `AppointmentHeld`), or not attended.',
      params: appointmentParams,
      body: { schema: outcomeBody },
      response: { status: 204, description: 'Recorded.' },
      errors: [404, 409],
    },
    {
      method: 'POST',
      path: '/v1/livelihood-ballots',
      roles: ['city_reviewer'],
      summary: "Lists the year's candidate livelihood projects (民生实事候选项目) for the deputies' vote between `opensAt` and `closesAt`.",
      body: { schema: ballotBody },
      response: { status: 201, description: 'Listed; the projects are `p1`, `p2`, … in the order given.', schema: ballotCreatedSchema },
    },
    {
      method: 'GET',
      path: '/v1/livelihood-ballots',
      roles: ALL_STAFF,
      summary: 'The livelihood ballots, newest first, paged.',
      query: ballotsQuery,
      response: { status: 200, description: 'A page.', schema: ballotListSchema },
    },
    {
      method: 'GET',
      path: '/v1/livelihood-ballots/{ballotId}',
      roles: ALL_STAFF,
      summary:
        "A ballot: its projects, how many deputies have voted so far, and once published each project's counts, whether it was chosen, its quarterly progress and its year-end ratings. A deputy also sees their own votes and ratings (`mine`); nobody sees another deputy's.",
      params: ballotParams,
      response: { status: 200, description: 'The ballot.', schema: ballotSchema },
      errors: [404],
    },
    {
      method: 'POST',
      path: '/v1/livelihood-ballots/{ballotId}/votes',
      roles: ['deputy'],
      who: 'deputies in office',
      summary: "A deputy's vote on one project: yes, no or abstain, once, while the ballot is open.",
      description:
        'A second vote on the same project is a 409 `ALREADY_VOTED` (a vote stands once cast); before `opensAt` a 409 `BALLOT_NOT_OPEN`, from `closesAt` a 409 `BALLOT_CLOSED`; a deputy whose term ended is a 403.',
      params: ballotParams,
      body: { schema: voteBody },
      response: { status: 204, description: 'Recorded.' },
      errors: [404, 409],
    },
    {
      method: 'POST',
      path: '/v1/livelihood-ballots/{ballotId}/publish',
      roles: ['city_reviewer'],
      summary:
        'Publishes a closed ballot: the counts of each project, chosen when its yes votes are more than half of the deputies in office now (`LivelihoodBallotPublished`); its public page is `/l/{ballotId}`.',
      description: 'Before `closesAt` a 409 `BALLOT_NOT_CLOSED`; published already a 409 `BALLOT_PUBLISHED`.',
      params: ballotParams,
      response: { status: 204, description: 'Published.' },
      errors: [404, 409],
    },
    {
      method: 'POST',
      path: '/v1/livelihood-ballots/{ballotId}/projects/{projectId}/progress',
      roles: ['unit_handler'],
      who: "the handlers of the project's lead unit",
      summary: "A quarter's progress on a chosen project (季度进展), published with it; a quarter recorded again is corrected.",
      description: 'A project not chosen, or led by another unit, is a 404.',
      params: projectParams,
      body: { schema: progressBody },
      response: { status: 204, description: 'Recorded.' },
      errors: [404],
    },
    {
      method: 'POST',
      path: '/v1/livelihood-ballots/{ballotId}/projects/{projectId}/ratings',
      roles: ['deputy'],
      who: 'deputies in office',
      summary: "A deputy's year-end rating of a chosen project's progress (回头看): satisfied, basically satisfied or unsatisfied, once.",
      description: 'Before 1 December of the ballot year a 409 `RATING_NOT_OPEN`; a second rating a 409 `ALREADY_RATED`; a project not chosen a 404.',
      params: projectParams,
      body: { schema: ratingBody },
      response: { status: 204, description: 'Recorded.' },
      errors: [404, 409],
    },
    {
      method: 'GET',
      path: '/v1/public/livelihood-ballots/{ballotId}',
      summary: "A published ballot for its public page: each project's counts, the chosen ones with their progress and ratings. Unpublished: 404.",
      params: ballotParams,
      response: { status: 200, description: 'The results.', schema: publicBallotSchema },
      errors: [404],
    },
    htmlPage('/l/{code}', "A published livelihood ballot's public page (Chinese, for phones): the projects chosen and how they progress.", pageParams),
    htmlPage('/r/{code}', "A station's reception-day page (Chinese, for phones): book a slot, verify the code, keep the confirmation.", pageParams),
    htmlPage('/a/{code}', "A citizen's appointment page: its state, and cancelling with the token the browser kept.", pageParams),
    htmlPage('/c/{code}', "A consultation's public page (Chinese, for phones), which its QR code opens.", pageParams),
    {
      method: 'GET',
      path: '/p/{code}',
      summary: "The participation pages' scripts.",
      params: pageParams,
      response: { status: 200, description: 'A static file.', mediaType: 'text/javascript' },
      errors: [404],
    },
  ],
};
