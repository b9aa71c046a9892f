import { eventsOf } from '../../../../shared/domain/transition.ts';
import type { EventCause } from '../../../../shared/events/envelope.ts';
import { ConflictError, NotFoundError } from '../../../../shared/runtime/errors.ts';
import { changeWithEvents } from '../../../../shared/store/optimistic.ts';
import { cityDate } from '../../../../shared/time/city-dates.ts';
import { type BallotRequest, checkRating, checkVote, type Choice, listBallot, publishBallot, recordProgress, type Satisfaction } from '../domain/livelihood.ts';
import { ballotListItem, ballotView, publicBallotView } from '../domain/livelihood-views.ts';
import type { DirectoryView, LivelihoodBallots, StoredBallot } from '../ports.ts';

/** What the livelihood-ballot use cases (民生实事票决) work on. */
export interface LivelihoodPorts {
  ballots: LivelihoodBallots;
  /** Participation's view of the deputies, from identity's events: who is in office. */
  directory: DirectoryView;
  city: { name: string; timeZone: string };
  newId: () => string;
}

/** The signed-in caller as these use cases need them. */
export interface Staff {
  role: string;
  username: string;
  deputyCode?: string;
  unitCode?: string;
}

const NOT_FOUND = 'No such livelihood ballot.';

async function load(ports: LivelihoodPorts, ballotId: string): Promise<StoredBallot> {
  const ballot = await ports.ballots.get(ballotId);
  if (!ballot) throw new NotFoundError(NOT_FOUND);
  return ballot;
}

/** The committee lists the year's candidate projects → the ballot's id. */
export async function createBallot(ports: LivelihoodPorts, request: BallotRequest, by: string, cause: EventCause, now: Date): Promise<string> {
  const ballotId = ports.newId();
  const { next, emitted } = listBallot(ballotId, request, by, now);
  await ports.ballots.create(next, eventsOf(emitted, { city: ports.city.name, now, cause }));
  return ballotId;
}

/** A page of ballots, newest first. */
export async function listBallots(ports: LivelihoodPorts, query: { limit: number; cursor?: string }, now: Date) {
  const page = await ports.ballots.page(query);
  return { items: page.items.map((ballot) => ballotListItem(ballot, now)), nextCursor: page.nextCursor };
}

/** A ballot as the staff see it; a deputy also sees their own votes and ratings. */
export async function readBallot(ports: LivelihoodPorts, ballotId: string, staff: Staff, now: Date) {
  const ballot = await load(ports, ballotId);
  const [votes, ratings] = await Promise.all([ports.ballots.votes(ballotId), ports.ballots.ratings(ballotId)]);
  return ballotView(ballot, votes, ratings, now, staff.role === 'deputy' ? staff.deputyCode : undefined);
}

/** A published ballot for its public page; an unpublished one is not there (404). */
export async function readPublicBallot(ports: LivelihoodPorts, ballotId: string) {
  const ballot = await load(ports, ballotId);
  const { publishedAt } = ballot;
  if (!publishedAt) throw new NotFoundError(NOT_FOUND);
  return publicBallotView({ ...ballot, publishedAt }, await ports.ballots.ratings(ballotId));
}

/** A deputy in office votes on a project within the window, once: a second vote is a 409 `ALREADY_VOTED`. */
export async function castVote(ports: LivelihoodPorts, ballotId: string, vote: { projectId: string; choice: Choice }, deputyCode: string, now: Date) {
  const ballot = await load(ports, ballotId);
  checkVote(ballot, vote.projectId, await ports.directory.deputy(deputyCode), now);
  if (!(await ports.ballots.vote(ballotId, { ...vote, deputyCode, castAt: now.toISOString() })))
    throw new ConflictError('You have already voted on this project.', 'ALREADY_VOTED');
}

/** The committee publishes a closed ballot, counting the deputies in office now. */
export async function publish(ports: LivelihoodPorts, ballotId: string, cause: EventCause, now: Date): Promise<void> {
  const [votes, deputies] = await Promise.all([ports.ballots.votes(ballotId), ports.directory.deputies()]);
  const inOffice = deputies.filter((d) => d.active).length;
  await changeWithEvents(ports.ballots, ballotId, (stored) => publishBallot(stored, votes, inOffice, now), {
    city: ports.city.name,
    now,
    cause,
    notFound: NOT_FOUND,
  });
}

/** The lead unit records a quarter's progress on a chosen project. */
export async function recordQuarter(
  ports: LivelihoodPorts,
  target: { ballotId: string; projectId: string },
  report: { quarter: 1 | 2 | 3 | 4; text: string; percent: number },
  staff: Staff,
  cause: EventCause,
  now: Date,
): Promise<void> {
  await changeWithEvents(ports.ballots, target.ballotId, (stored) => recordProgress(stored, target.projectId, report, staff, now), {
    city: ports.city.name,
    now,
    cause,
    notFound: NOT_FOUND,
  });
}

/** A deputy in office rates a chosen project's progress at year end, once: a second rating is a 409 `ALREADY_RATED`. */
export async function rate(
  ports: LivelihoodPorts,
  target: { ballotId: string; projectId: string },
  satisfaction: Satisfaction,
  deputyCode: string,
  now: Date,
): Promise<void> {
  const ballot = await load(ports, target.ballotId);
  checkRating(ballot, target.projectId, await ports.directory.deputy(deputyCode), cityDate(now, ports.city.timeZone));
  if (!(await ports.ballots.rate(target.ballotId, { projectId: target.projectId, deputyCode, satisfaction, ratedAt: now.toISOString() })))
    throw new ConflictError('You have already rated this project.', 'ALREADY_RATED');
}
