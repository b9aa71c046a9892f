import type { EventCause } from '../../../../shared/events/envelope.ts';
import { eventsOf } from '../../../../shared/domain/transition.ts';
import { ConflictError, InvalidInputError, NotFoundError, TooManyRequestsError } from '../../../../shared/runtime/errors.ts';
import { changeWithEvents } from '../../../../shared/store/optimistic.ts';
import type { SourceKeys } from '../../../../shared/abuse/source-keys.ts';
import { checkResponse, closeConsultation, type Consultation, type OpeningRequest, openConsultation, respondentId, statusOf } from '../domain/consultation.ts';
import { publicView, resultsView } from '../domain/views.ts';
import type { Consultations, SourceCounters, StoredConsultation } from '../ports.ts';

/** What the consultation use cases work on. */
export interface ConsultationPorts {
  consultations: Consultations;
  counters: SourceCounters;
  /** The keyed hash a client's address is counted under. */
  sources: SourceKeys;
  city: { name: string; townships: readonly { code: string }[] };
  newId: () => string;
}

/** Who may see a consultation's results: the city's committee any; a township reviewer city-wide ones and their own township's. */
export interface Viewer {
  role: string;
  townshipCode?: string;
}

const NOT_FOUND = 'No such consultation.';

async function load(ports: ConsultationPorts, consultationId: string): Promise<StoredConsultation> {
  const consultation = await ports.consultations.get(consultationId);
  if (!consultation) throw new NotFoundError(NOT_FOUND);
  return consultation;
}

/** 404 outside a township reviewer's scope, as for every record (decision 11). */
function inScope(consultation: Consultation, viewer: Viewer): void {
  if (viewer.role === 'township_reviewer' && consultation.townshipCode && consultation.townshipCode !== viewer.townshipCode) throw new NotFoundError(NOT_FOUND);
}

/** The committee opens a consultation → its id. */
export async function open(ports: ConsultationPorts, request: OpeningRequest, openedBy: string, cause: EventCause, now: Date): Promise<string> {
  if (request.townshipCode && !ports.city.townships.some((t) => t.code === request.townshipCode))
    throw new InvalidInputError('The body is not valid.', [{ path: 'townshipCode', message: `unknown township ${request.townshipCode}` }]);
  const consultationId = ports.newId();
  const { next, emitted } = openConsultation(consultationId, request, openedBy, now);
  await ports.consultations.create(next, eventsOf(emitted, { city: ports.city.name, now, cause }));
  return consultationId;
}

/**
 * A citizen answers: throttled per source like intake (refused attempts count), then recorded once
 * per device — a second answer from the same device is a 409 `ALREADY_RESPONDED`.
 */
export async function respond(
  ports: ConsultationPorts,
  consultationId: string,
  answer: { choices: number[]; comment?: string },
  from: { deviceId: string; clientIp: string },
  now: Date,
): Promise<string> {
  const verdict = await ports.counters.admit(await ports.sources.keyOf(from.clientIp), `consultation-${consultationId}`, now);
  if (!verdict.admitted) throw new TooManyRequestsError(verdict.retryAfterSeconds);
  const consultation = await load(ports, consultationId);
  checkResponse(consultation, answer, now);
  const responseId = respondentId(ports.city.name, consultationId, from.deviceId);
  const comment = answer.comment?.trim();
  const recorded = await ports.consultations.respond(consultationId, {
    responseId,
    choices: answer.choices,
    ...(comment ? { comment } : {}),
    respondedAt: now.toISOString(),
    hidden: false,
  });
  if (!recorded) throw new ConflictError('This device has already answered this consultation.', 'ALREADY_RESPONDED');
  return responseId;
}

/** The public page's view: the question, and its summary once closed. */
export async function readPublic(ports: ConsultationPorts, consultationId: string, now: Date) {
  const consultation = await load(ports, consultationId);
  const responses = statusOf(consultation, now) === 'closed' ? await ports.consultations.responses(consultationId) : [];
  return publicView(consultation, () => responses, now);
}

/** The committee's live results. */
export async function readResults(ports: ConsultationPorts, consultationId: string, viewer: Viewer, now: Date) {
  const consultation = await load(ports, consultationId);
  inScope(consultation, viewer);
  return resultsView(consultation, await ports.consultations.responses(consultationId), now);
}

/** Every consultation a viewer may see, newest first. */
export async function list(ports: ConsultationPorts, viewer: Viewer, now: Date) {
  const all = await ports.consultations.list();
  const visible = viewer.role === 'township_reviewer' ? all.filter((c) => !c.townshipCode || c.townshipCode === viewer.townshipCode) : all;
  return visible.map((c) => ({
    consultationId: c.consultationId,
    title: c.title,
    ...(c.townshipCode ? { townshipCode: c.townshipCode } : {}),
    openedAt: c.openedAt,
    closesAt: c.closesAt,
    status: statusOf(c, now),
  }));
}

/** Moderation: hides or shows a response's comment on the public summary. */
export async function moderate(ports: ConsultationPorts, consultationId: string, responseId: string, hidden: boolean, viewer: Viewer): Promise<void> {
  inScope(await load(ports, consultationId), viewer);
  if (!(await ports.consultations.setHidden(consultationId, responseId, hidden))) throw new NotFoundError('No such response.');
}

/**
 * Closes a consultation (the committee, early or with its conclusion; the schedule, at its closing
 * time) and publishes the counts. The committee closing a closed one is a 409: the summary stands.
 */
export async function close(
  ports: ConsultationPorts,
  consultationId: string,
  by: 'committee' | 'schedule',
  context: { cause?: EventCause; conclusion?: string },
  now: Date,
): Promise<void> {
  const responses = await ports.consultations.responses(consultationId);
  const saved = await changeWithEvents(ports.consultations, consultationId, (stored) => closeConsultation(stored, responses, by, now, context.conclusion), {
    city: ports.city.name,
    now,
    cause: context.cause,
    notFound: NOT_FOUND,
  });
  if (!saved && by === 'committee') throw new ConflictError('The consultation is already closed.', 'CONSULTATION_CLOSED');
}

/** The schedule: closes every consultation whose closing time has passed → how many it closed. */
export async function closeDue(ports: ConsultationPorts, now: Date): Promise<number> {
  const due = (await ports.consultations.list()).filter((c) => !c.closedAt && statusOf(c, now) === 'closed');
  for (const consultation of due) await close(ports, consultation.consultationId, 'schedule', {}, now);
  return due.length;
}
