import { describe, expect, it } from 'vitest';
import {
  ballotStatus,
  checkRating,
  checkVote,
  type LivelihoodBallot,
  listBallot,
  publishBallot,
  recordProgress,
  tallyRatings,
  type Vote,
} from '../../src/domain/livelihood.ts';
import { ballotView, publicBallotView } from '../../src/domain/livelihood-views.ts';
import type { KnownDeputy } from '../../src/domain/reception.ts';

const listedAt = new Date('2026-01-05T00:00:00Z');
const project = (title: string, leadUnitCode = 'u-zhujian') => ({
  title,
  description: `${title}的说明`,
  leadUnitCode,
  leadUnitName: '住建局',
  budgetNote: '财政预算500万元',
});
const request = {
  year: 2026,
  title: '2026年度民生实事项目票决',
  opensAt: '2026-01-08T01:00:00Z',
  closesAt: '2026-01-10T09:00:00Z',
  projects: [project('老旧小区改造'), project('农村饮水安全', 'u-shuiwu'), project('城区停车场')],
};
const deputy = (code: string, active = true): KnownDeputy => ({ code, name: code, groupCode: 'g1', stationCode: 's1', townshipCode: 't1', active });
const vote = (deputyCode: string, projectId: string, choice: Vote['choice']): Vote => ({ deputyCode, projectId, choice, castAt: '2026-01-09T00:00:00.000Z' });
const during = new Date('2026-01-09T00:00:00Z');
const after = new Date('2026-01-11T00:00:00Z');

function listed(): LivelihoodBallot {
  return listBallot('b-0123456789abcdef', request, 'city.reviewer', listedAt).next;
}

describe('livelihood ballots (民生实事票决)', () => {
  it('lists the candidate projects as p1, p2, … and tells the bus only their number and window', () => {
    // Act
    const { next, emitted } = listBallot('b-0123456789abcdef', request, 'city.reviewer', listedAt);

    // Assess
    expect(next.projects.map((p) => p.projectId)).toEqual(['p1', 'p2', 'p3']);
    expect(ballotStatus(next, listedAt)).toBe('upcoming');
    expect(emitted[0]!.data).toEqual({
      ballotId: 'b-0123456789abcdef',
      year: 2026,
      title: request.title,
      projects: 3,
      opensAt: '2026-01-08T01:00:00.000Z',
      closesAt: '2026-01-10T09:00:00.000Z',
    });
    expect(() => listBallot('b-1', { ...request, closesAt: request.opensAt }, 'x', listedAt)).toThrow(/not valid/);
    expect(() => listBallot('b-1', { ...request, projects: [project('甲'), project('甲')] }, 'x', listedAt)).toThrow(/not valid/);
  });

  it('takes votes only within the window, on a listed project, from a deputy in office', () => {
    // Prepare
    const ballot = listed();

    // Act
    const attempt =
      (at: Date, projectId = 'p1', who: KnownDeputy | undefined = deputy('D1')) =>
      () =>
        checkVote(ballot, projectId, who, at);

    // Assess
    expect(attempt(during)).not.toThrow();
    expect(attempt(listedAt)).toThrow(expect.objectContaining({ code: 'BALLOT_NOT_OPEN' }));
    expect(attempt(after)).toThrow(expect.objectContaining({ code: 'BALLOT_CLOSED' }));
    expect(attempt(during, 'p9')).toThrow(expect.objectContaining({ status: 404 }));
    expect(attempt(during, 'p1', deputy('D2', false))).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => checkVote(ballot, 'p1', undefined, during)).toThrow(expect.objectContaining({ status: 403 }));
  });

  it('publishes once closed, choosing a project whose yes votes are more than half of the deputies in office', () => {
    // Prepare: 5 deputies in office; p1 has 3 yes, p2 2 yes of 2 voters (a majority of voters, not of the deputies), p3 none
    const votes = [
      vote('D1', 'p1', 'yes'),
      vote('D2', 'p1', 'yes'),
      vote('D3', 'p1', 'yes'),
      vote('D4', 'p1', 'no'),
      vote('D1', 'p2', 'yes'),
      vote('D2', 'p2', 'yes'),
    ];

    // Act
    const published = publishBallot(listed(), votes, 5, after);

    // Assess
    expect(published.next.results).toEqual([
      { projectId: 'p1', yes: 3, no: 1, abstain: 0, chosen: true },
      { projectId: 'p2', yes: 2, no: 0, abstain: 0, chosen: false },
      { projectId: 'p3', yes: 0, no: 0, abstain: 0, chosen: false },
    ]);
    expect(ballotStatus(published.next, after)).toBe('published');
    expect(JSON.stringify(published.emitted[0]!.data)).not.toContain('D1');
    expect(() => publishBallot(listed(), votes, 5, during)).toThrow(expect.objectContaining({ code: 'BALLOT_NOT_CLOSED' }));
    expect(() => publishBallot(published.next, votes, 5, after)).toThrow(expect.objectContaining({ code: 'BALLOT_PUBLISHED' }));
  });

  it("takes the lead unit's quarterly progress on a chosen project only, correcting a quarter recorded again", () => {
    // Prepare
    const published = publishBallot(listed(), [vote('D1', 'p1', 'yes'), vote('D2', 'p1', 'yes')], 3, after).next;
    const unit = { unitCode: 'u-zhujian', username: 'u-zhujian.handler' };

    // Act
    const q2 = recordProgress(published, 'p1', { quarter: 2, text: '完成设计招标', percent: 30 }, unit, after);
    const q1 = recordProgress(q2.next, 'p1', { quarter: 1, text: '完成摸底', percent: 10 }, unit, after);
    const corrected = recordProgress(q1.next, 'p1', { quarter: 2, text: '开工建设', percent: 35 }, unit, after);

    // Assess
    expect(corrected.next.progress.p1!.map((r) => [r.quarter, r.percent])).toEqual([
      [1, 10],
      [2, 35],
    ]);
    expect(corrected.emitted[0]!.data).toEqual({ ballotId: published.ballotId, projectId: 'p1', leadUnitCode: 'u-zhujian', quarter: 2, percent: 35 });
    expect(() => recordProgress(published, 'p1', { quarter: 1, text: 'x', percent: 1 }, { unitCode: 'u-other', username: 'x' }, after)).toThrow(
      expect.objectContaining({ status: 404 }),
    );
    expect(() => recordProgress(published, 'p2', { quarter: 1, text: 'x', percent: 1 }, { unitCode: 'u-shuiwu', username: 'x' }, after)).toThrow(
      expect.objectContaining({ status: 404 }),
    );
  });

  it('takes year-end ratings of chosen projects from 1 December, and shows each deputy only their own votes', () => {
    // Prepare
    const votes = [vote('D1', 'p1', 'yes'), vote('D2', 'p1', 'abstain')];
    const published = publishBallot(listed(), votes, 1, after).next;
    const ratings = [
      { projectId: 'p1', deputyCode: 'D1', satisfaction: 'satisfied' as const, ratedAt: '2026-12-02T00:00:00.000Z' },
      { projectId: 'p1', deputyCode: 'D2', satisfaction: 'unsatisfied' as const, ratedAt: '2026-12-02T00:00:00.000Z' },
    ];

    // Act
    const view = ballotView(published, votes, ratings, after, 'D2');
    const publicView = publicBallotView({ ...published, publishedAt: published.publishedAt! }, ratings);

    // Assess
    expect(() => checkRating(published, 'p1', deputy('D1'), '2026-12-01')).not.toThrow();
    expect(() => checkRating(published, 'p1', deputy('D1'), '2026-11-30')).toThrow(expect.objectContaining({ code: 'RATING_NOT_OPEN' }));
    expect(() => checkRating(published, 'p3', deputy('D1'), '2026-12-01')).toThrow(expect.objectContaining({ status: 404 }));
    expect(tallyRatings(ratings).p1).toEqual({ satisfied: 1, basically: 0, unsatisfied: 1 });
    expect(view.mine).toEqual({ votes: { p1: 'abstain' }, ratings: { p1: 'unsatisfied' } });
    expect(view.votersSoFar).toBe(2);
    expect(publicView.projects[0]).toMatchObject({ yes: 1, abstain: 1, chosen: true, ratings: { satisfied: 1, basically: 0, unsatisfied: 1 } });
    expect(JSON.stringify(publicView)).not.toContain('D1');
  });
});
