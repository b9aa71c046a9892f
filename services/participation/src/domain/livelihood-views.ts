import { z } from 'zod';
import { ballotStatus, CHOICES, type LivelihoodBallot, type Rating, ratingOpensOn, SATISFACTIONS, tallyRatings, type Vote } from './livelihood.ts';

/**
 * What the livelihood-ballot routes answer (民生实事票决), as zod schemas documented by `../api.ts`,
 * and the pure functions that build them. Counts only: how a deputy voted is shown to that deputy
 * alone.
 */

const statusSchema = z.enum(['upcoming', 'voting', 'closed', 'published']);
const ratingCountsSchema = z.object({ satisfied: z.number().int(), basically: z.number().int(), unsatisfied: z.number().int() });

const progressSchema = z.object({
  quarter: z.number().int().min(1).max(4),
  text: z.string(),
  percent: z.number().int(),
  recordedAt: z.iso.datetime(),
});

const projectSchema = z.object({
  projectId: z.string(),
  title: z.string(),
  description: z.string(),
  leadUnitCode: z.string(),
  leadUnitName: z.string(),
  budgetNote: z.string(),
  yes: z.number().int().optional().describe('Once published, as are `no`, `abstain` and `chosen`.'),
  no: z.number().int().optional(),
  abstain: z.number().int().optional(),
  chosen: z.boolean().optional(),
  progress: z.array(progressSchema).describe('The quarterly progress of a chosen project, by quarter.'),
  ratings: ratingCountsSchema.optional().describe('The year-end ratings (回头看) of a chosen project.'),
});

/** A ballot as the staff see it; a deputy also sees their own votes and ratings. */
export const ballotSchema = z.object({
  ballotId: z.string(),
  year: z.number().int(),
  title: z.string(),
  opensAt: z.iso.datetime(),
  closesAt: z.iso.datetime(),
  status: statusSchema,
  votersSoFar: z.number().int().describe('Deputies who have voted on at least one project.'),
  publishedAt: z.iso.datetime().optional(),
  deputiesInOffice: z.number().int().optional().describe('Once published: a project is chosen with yes votes from more than half of them.'),
  ratingOpensOn: z.iso.date().describe('The first day deputies rate the chosen projects (回头看).'),
  projects: z.array(projectSchema),
  mine: z
    .object({
      votes: z.record(z.string(), z.enum(CHOICES)).describe('By project id.'),
      ratings: z.record(z.string(), z.enum(SATISFACTIONS)).describe('By project id.'),
    })
    .optional()
    .describe("A deputy's own votes and ratings."),
});

export const ballotListSchema = z.object({
  items: z.array(
    ballotSchema.pick({ ballotId: true, year: true, title: true, opensAt: true, closesAt: true, status: true }).extend({ projects: z.number().int() }),
  ),
  nextCursor: z.string().nullable(),
});

/** A published ballot as its public page shows it. */
export const publicBallotSchema = ballotSchema
  .omit({ mine: true, votersSoFar: true, status: true, ratingOpensOn: true })
  .extend({ publishedAt: z.iso.datetime() });

export const ballotCreatedSchema = z.object({ ballotId: z.string() });

type BallotView = z.infer<typeof ballotSchema>;

function projectsView(ballot: LivelihoodBallot, ratings: readonly Rating[]): BallotView['projects'] {
  const rated = tallyRatings(ratings);
  return ballot.projects.map((project) => {
    const result = ballot.results?.find((r) => r.projectId === project.projectId);
    const progress = (ballot.progress[project.projectId] ?? []).map(({ recordedBy: _, ...report }) => report);
    if (!result) return { ...project, progress };
    const { projectId: _, ...counts } = result;
    return {
      ...project,
      ...counts,
      progress,
      ...(result.chosen ? { ratings: rated[project.projectId] ?? { satisfied: 0, basically: 0, unsatisfied: 0 } } : {}),
    };
  });
}

/** The staff's view: counts only once published; the voters so far while voting. */
export function ballotView(ballot: LivelihoodBallot, votes: readonly Vote[], ratings: readonly Rating[], now: Date, deputyCode?: string): BallotView {
  const { ballotId, year, title, opensAt, closesAt, publishedAt, deputiesInOffice } = ballot;
  const mine = (list: readonly (Vote | Rating)[], value: (item: Vote | Rating) => string) =>
    Object.fromEntries(list.filter((item) => item.deputyCode === deputyCode).map((item) => [item.projectId, value(item)]));
  return {
    ballotId,
    year,
    title,
    opensAt,
    closesAt,
    status: ballotStatus(ballot, now),
    votersSoFar: new Set(votes.map((v) => v.deputyCode)).size,
    ...(publishedAt ? { publishedAt, deputiesInOffice } : {}),
    ratingOpensOn: ratingOpensOn(ballot),
    projects: projectsView(ballot, ratings),
    ...(deputyCode
      ? {
          mine: {
            votes: mine(votes, (v) => (v as Vote).choice) as Record<string, Vote['choice']>,
            ratings: mine(ratings, (r) => (r as Rating).satisfaction) as Record<string, Rating['satisfaction']>,
          },
        }
      : {}),
  };
}

/** The public view of a published ballot: results, progress and ratings, no voter. */
export function publicBallotView(ballot: LivelihoodBallot & { publishedAt: string }, ratings: readonly Rating[]): z.infer<typeof publicBallotSchema> {
  const { ballotId, year, title, opensAt, closesAt, publishedAt, deputiesInOffice } = ballot;
  return { ballotId, year, title, opensAt, closesAt, publishedAt, deputiesInOffice, projects: projectsView(ballot, ratings) };
}

/** A list row. */
export function ballotListItem(ballot: LivelihoodBallot, now: Date): z.infer<typeof ballotListSchema>['items'][number] {
  const { ballotId, year, title, opensAt, closesAt } = ballot;
  return { ballotId, year, title, opensAt, closesAt, status: ballotStatus(ballot, now), projects: ballot.projects.length };
}
