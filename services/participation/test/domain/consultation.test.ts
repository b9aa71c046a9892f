import { describe, expect, it } from 'vitest';
import {
  checkResponse,
  closeConsultation,
  type Consultation,
  type ConsultationResponse,
  openConsultation,
  respondentId,
  statusOf,
  tally,
} from '../../src/domain/consultation.ts';
import { publicView } from '../../src/domain/views.ts';

const now = new Date('2026-12-02T08:00:00Z');
const consultation: Consultation = {
  consultationId: 'c-0123456789abcdef',
  title: '监督议题征集',
  description: '请排序',
  options: ['甲', '乙', '丙'],
  openedAt: '2026-12-01T00:00:00.000Z',
  closesAt: '2026-12-10T00:00:00.000Z',
  openedBy: 'city.reviewer',
};
const response = (choices: number[], extra: Partial<ConsultationResponse> = {}): ConsultationResponse => ({
  responseId: `r${choices.join('')}${extra.comment ?? ''}`,
  choices,
  respondedAt: '2026-12-02T00:00:00.000Z',
  hidden: false,
  ...extra,
});

describe('consultations (意见征集)', () => {
  it('opens only into the future, with distinct options, and tells the bus without any respondent', () => {
    // Act
    const opened = openConsultation('c-1', { title: 't', description: 'd', options: ['a', 'b'], closesAt: '2026-12-03T00:00:00Z' }, 'city.reviewer', now);

    // Assess
    expect(opened.next).toMatchObject({ consultationId: 'c-1', openedAt: now.toISOString() });
    expect(opened.emitted[0]!.data).toEqual({ consultationId: 'c-1', title: 't', options: 2, closesAt: '2026-12-03T00:00:00.000Z' });
    expect(() => openConsultation('c-2', { title: 't', description: 'd', options: [], closesAt: '2026-12-01T00:00:00Z' }, 'x', now)).toThrow(/not valid/);
    expect(() => openConsultation('c-3', { title: 't', description: 'd', options: ['a', 'a'], closesAt: '2026-12-03T00:00:00Z' }, 'x', now)).toThrow(
      /not valid/,
    );
  });

  it('takes distinct listed choices or a comment while open, and nothing once closed', () => {
    // Act / Assess
    expect(() => checkResponse(consultation, { choices: [2, 0] }, now)).not.toThrow();
    expect(() => checkResponse(consultation, { choices: [], comment: '好' }, now)).not.toThrow();
    expect(() => checkResponse(consultation, { choices: [3] }, now)).toThrow(/有误/);
    expect(() => checkResponse(consultation, { choices: [1, 1] }, now)).toThrow(/有误/);
    expect(() => checkResponse(consultation, { choices: [] }, now)).toThrow(/有误/);
    expect(() => checkResponse(consultation, { choices: [0] }, new Date(consultation.closesAt))).toThrow(/closed/);
    expect(statusOf({ ...consultation, closedAt: now.toISOString() }, now)).toBe('closed');
  });

  it('ranks by times chosen, then by times chosen first, ties sharing a rank', () => {
    // Prepare
    const responses = [response([1, 0]), response([0, 1]), response([0]), response([2, 1])];

    // Act
    const { counts, responses: total } = tally(consultation, responses);

    // Assess
    expect(total).toBe(4);
    expect(counts.map((c) => [c.option, c.chosen, c.first, c.rank])).toEqual([
      ['甲', 3, 2, 1],
      ['乙', 3, 1, 2],
      ['丙', 1, 1, 3],
    ]);
    expect(tally(consultation, [response([0]), response([1])]).counts.map((c) => c.rank)).toEqual([1, 1, 3]);
  });

  it('closes once, with the counts, and then shows the summary without hidden comments', () => {
    // Prepare
    const responses = [response([0], { comment: '公开' }), response([1], { comment: '不公开', hidden: true })];

    // Act
    const closed = closeConsultation(consultation, responses, 'committee', now, '已列入年度监督计划');
    const view = publicView(closed!.next, () => responses, now);

    // Assess
    expect(closed!.emitted[0]!.data).toEqual({ consultationId: consultation.consultationId, responses: 2, counts: [1, 1, 0], by: 'committee' });
    expect(closeConsultation(closed!.next, responses, 'schedule', now)).toBeUndefined();
    expect(view.summary).toMatchObject({ responses: 2, conclusion: '已列入年度监督计划', comments: [{ comment: '公开' }] });
  });

  it('keeps one respondent per consultation and device, without storing the device id', () => {
    // Act
    const a = respondentId('demo', 'c-1', 'device-abcdefghijkl');

    // Assess
    expect(a).toMatch(/^[a-f0-9]{24}$/);
    expect(a).toBe(respondentId('demo', 'c-1', 'device-abcdefghijkl'));
    expect(a).not.toBe(respondentId('demo', 'c-2', 'device-abcdefghijkl'));
    expect(a).not.toContain('device');
  });
});
