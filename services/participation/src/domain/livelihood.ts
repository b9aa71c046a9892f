import { emit, type Transition } from '../../../../shared/domain/transition.ts';
import { LivelihoodBallotOpened, LivelihoodBallotPublished, LivelihoodProgressRecorded } from '../../../../shared/events/participation/index.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from '../../../../shared/runtime/errors.ts';
import type { KnownDeputy } from './reception.ts';

/**
 * 民生实事票决: the year's candidate livelihood projects the committee lists, voted by the deputies
 * in office within a window, published with the projects chosen, then tracked — quarterly progress
 * from each chosen project's lead unit, and the deputies' rating at year end (回头看). Pure rules;
 * the clock is passed in.
 */

/** A deputy's vote on one project (赞成 / 反对 / 弃权). */
export const CHOICES = ['yes', 'no', 'abstain'] as const;
export type Choice = (typeof CHOICES)[number];

/** A deputy's year-end rating of a chosen project's progress (满意 / 基本满意 / 不满意). */
export const SATISFACTIONS = ['satisfied', 'basically', 'unsatisfied'] as const;
export type Satisfaction = (typeof SATISFACTIONS)[number];

/** A candidate project (候选项目) as the committee lists it. */
export interface LivelihoodProject {
  /** `p1` for the first listed, and so on. */
  projectId: string;
  title: string;
  description: string;
  /** The unit responsible (牵头单位): its handlers record the progress. */
  leadUnitCode: string;
  /** The unit's name as the public page shows it (participation keeps no directory of units). */
  leadUnitName: string;
  /** The budget as the committee states it (资金安排), free text. */
  budgetNote: string;
}

/** A quarter's progress as the lead unit reports it (季度进展). */
export interface ProgressReport {
  quarter: 1 | 2 | 3 | 4;
  text: string;
  percent: number;
  recordedAt: string;
  recordedBy: string;
}

/** How a project fared in the vote. */
export interface ProjectResult {
  projectId: string;
  yes: number;
  no: number;
  abstain: number;
  chosen: boolean;
}

/** A year's ballot (票决) and, once published, its results and the chosen projects' progress. */
export interface LivelihoodBallot {
  ballotId: string;
  year: number;
  title: string;
  projects: LivelihoodProject[];
  opensAt: string;
  closesAt: string;
  createdAt: string;
  createdBy: string;
  publishedAt?: string;
  /** The deputies in office when it was published: a project is chosen with yes votes from more than half of them. */
  deputiesInOffice?: number;
  results?: ProjectResult[];
  /** The chosen projects' reports by project id, one per quarter (a quarter recorded again is corrected). */
  progress: Record<string, ProgressReport[]>;
}

/** A vote as stored: one per deputy and project. */
export interface Vote {
  projectId: string;
  deputyCode: string;
  choice: Choice;
  castAt: string;
}

/** A rating as stored: one per deputy and chosen project. */
export interface Rating {
  projectId: string;
  deputyCode: string;
  satisfaction: Satisfaction;
  ratedAt: string;
}

export type BallotStatus = 'upcoming' | 'voting' | 'closed' | 'published';

/** Before its window, within it, after it until the committee publishes, published. */
export function ballotStatus(ballot: LivelihoodBallot, now: Date): BallotStatus {
  if (ballot.publishedAt) return 'published';
  if (now.getTime() < Date.parse(ballot.opensAt)) return 'upcoming';
  return now.getTime() < Date.parse(ballot.closesAt) ? 'voting' : 'closed';
}

/** What the committee gives to list a year's candidate projects. */
export interface BallotRequest {
  year: number;
  title: string;
  opensAt: string;
  closesAt: string;
  projects: Omit<LivelihoodProject, 'projectId'>[];
}

const invalid = (path: string, message: string) => new InvalidInputError('The body is not valid.', [{ path, message }]);

/** Lists a ballot: its window must end after it opens and in the future, and each project title must be listed once. */
export function listBallot(ballotId: string, request: BallotRequest, createdBy: string, now: Date): Transition<LivelihoodBallot> {
  const opensAt = new Date(request.opensAt).toISOString();
  const closesAt = new Date(request.closesAt).toISOString();
  if (Date.parse(closesAt) <= Date.parse(opensAt)) throw invalid('closesAt', 'must be after opensAt');
  if (Date.parse(closesAt) <= now.getTime()) throw invalid('closesAt', 'must be in the future');
  if (new Set(request.projects.map((p) => p.title)).size !== request.projects.length) throw invalid('projects', 'project titles repeat');
  const projects = request.projects.map((project, index) => ({ projectId: `p${index + 1}`, ...project }));
  const next: LivelihoodBallot = {
    ballotId,
    year: request.year,
    title: request.title,
    projects,
    opensAt,
    closesAt,
    createdAt: now.toISOString(),
    createdBy,
    progress: {},
  };
  return {
    next,
    emitted: [emit(LivelihoodBallotOpened, { ballotId, year: next.year, title: next.title, projects: projects.length, opensAt, closesAt })],
  };
}

function project(ballot: LivelihoodBallot, projectId: string): LivelihoodProject {
  const found = ballot.projects.find((p) => p.projectId === projectId);
  if (!found) throw new NotFoundError('No such project on this ballot.');
  return found;
}

/** Only a deputy the directory knows in office votes and rates; a deputy whose term ended is refused. */
function inOffice(deputy: KnownDeputy | undefined): asserts deputy is KnownDeputy {
  if (!deputy?.active) throw new ForbiddenError('Only deputies in office vote and rate livelihood projects.');
}

/**
 * A deputy's vote, checked against the ballot: only within its window, on a listed project, by a
 * deputy in office. That it is the deputy's first vote on the project is the write's to decide.
 */
export function checkVote(ballot: LivelihoodBallot, projectId: string, deputy: KnownDeputy | undefined, now: Date): void {
  inOffice(deputy);
  project(ballot, projectId);
  const status = ballotStatus(ballot, now);
  if (status === 'upcoming') throw new ConflictError('Voting has not opened yet.', 'BALLOT_NOT_OPEN');
  if (status !== 'voting') throw new ConflictError('Voting has closed.', 'BALLOT_CLOSED');
}

/** The counts of each project from the votes cast. */
export function tallyVotes(ballot: LivelihoodBallot, votes: readonly Vote[]): Omit<ProjectResult, 'chosen'>[] {
  const counts = new Map(ballot.projects.map((p) => [p.projectId, { projectId: p.projectId, yes: 0, no: 0, abstain: 0 }]));
  for (const vote of votes) {
    const count = counts.get(vote.projectId);
    if (count) count[vote.choice] += 1;
  }
  return [...counts.values()];
}

/**
 * Publishes a closed ballot: each project's counts, chosen when its yes votes are more than half of
 * the deputies in office (全体代表过半数: a deputy who abstained or did not vote did not say yes).
 */
export function publishBallot(ballot: LivelihoodBallot, votes: readonly Vote[], deputiesInOffice: number, now: Date): Transition<LivelihoodBallot> {
  const status = ballotStatus(ballot, now);
  if (status === 'published') throw new ConflictError('The ballot is already published.', 'BALLOT_PUBLISHED');
  if (status !== 'closed') throw new ConflictError('The ballot is published once voting has closed.', 'BALLOT_NOT_CLOSED');
  const results = tallyVotes(ballot, votes).map((count) => ({ ...count, chosen: count.yes * 2 > deputiesInOffice }));
  const next: LivelihoodBallot = { ...ballot, publishedAt: now.toISOString(), deputiesInOffice, results };
  return { next, emitted: [emit(LivelihoodBallotPublished, { ballotId: ballot.ballotId, year: ballot.year, deputiesInOffice, results })] };
}

/** A chosen project of a published ballot (404 for any other: only chosen projects are tracked). */
function chosenProject(ballot: LivelihoodBallot, projectId: string): LivelihoodProject {
  const found = project(ballot, projectId);
  if (!ballot.results?.find((r) => r.projectId === projectId)?.chosen) throw new NotFoundError('Only the chosen projects of a published ballot are tracked.');
  return found;
}

/**
 * The lead unit records a quarter's progress on a chosen project; a quarter recorded again is
 * corrected. Another unit's handler meets a 404, as for any record outside their scope.
 */
export function recordProgress(
  ballot: LivelihoodBallot,
  projectId: string,
  report: { quarter: 1 | 2 | 3 | 4; text: string; percent: number },
  unit: { unitCode?: string; username: string },
  now: Date,
): Transition<LivelihoodBallot> {
  const chosen = chosenProject(ballot, projectId);
  if (chosen.leadUnitCode !== unit.unitCode) throw new NotFoundError('No such project for your unit.');
  const entry: ProgressReport = { ...report, recordedAt: now.toISOString(), recordedBy: unit.username };
  const reports = [...(ballot.progress[projectId] ?? []).filter((r) => r.quarter !== report.quarter), entry].sort((a, b) => a.quarter - b.quarter);
  return {
    next: { ...ballot, progress: { ...ballot.progress, [projectId]: reports } },
    emitted: [
      emit(LivelihoodProgressRecorded, {
        ballotId: ballot.ballotId,
        projectId,
        leadUnitCode: chosen.leadUnitCode,
        quarter: report.quarter,
        percent: report.percent,
      }),
    ],
  };
}

/** The first day of the year-end review (回头看) in the city's calendar: 1 December of the ballot's year. */
export const ratingOpensOn = (ballot: Pick<LivelihoodBallot, 'year'>) => `${ballot.year}-12-01`;

/**
 * A deputy's year-end rating, checked: on a chosen project, by a deputy in office, from 1 December
 * of the ballot's year (`today` is the city's date). That it is the first is the write's to decide.
 */
export function checkRating(ballot: LivelihoodBallot, projectId: string, deputy: KnownDeputy | undefined, today: string): void {
  inOffice(deputy);
  chosenProject(ballot, projectId);
  if (today < ratingOpensOn(ballot)) throw new ConflictError(`Progress is rated at year end, from ${ratingOpensOn(ballot)}.`, 'RATING_NOT_OPEN');
}

/** How the deputies rated each project. */
export function tallyRatings(ratings: readonly Rating[]): Record<string, Record<Satisfaction, number>> {
  const byProject: Record<string, Record<Satisfaction, number>> = {};
  for (const rating of ratings) {
    const counts = (byProject[rating.projectId] ??= { satisfied: 0, basically: 0, unsatisfied: 0 });
    counts[rating.satisfaction] += 1;
  }
  return byProject;
}
