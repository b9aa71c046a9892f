import { describe, expect, it } from 'vitest';
import { earliestSend, isQuiet, type QuietHours } from '../../src/domain/quiet-hours.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';

const SHANGHAI = 'Asia/Shanghai';
const quiet = DEFAULT_SETTINGS.quietHours!;
/** A Shanghai wall-clock time as an instant. */
const sh = (local: string) => new Date(`${local}+08:00`);

describe('quiet hours (22:00–07:00 city time)', () => {
  it.each([
    ['2026-03-05T21:59:59', false],
    ['2026-03-05T22:00:00', true],
    ['2026-03-05T23:00:00', true],
    ['2026-03-06T00:30:00', true],
    ['2026-03-06T06:59:00', true],
    ['2026-03-06T07:00:00', false],
    ['2026-03-06T12:00:00', false],
  ])('at %s (Shanghai) quiet is %s', (local, expected) => {
    expect(isQuiet(sh(local), quiet, SHANGHAI)).toBe(expected);
  });

  it('defers an SMS due at 23:00 to 07:00 the next morning', () => {
    expect(earliestSend('sms', sh('2026-03-05T23:00:00'), quiet, SHANGHAI)).toEqual(sh('2026-03-06T07:00:00'));
  });

  it('defers an SMS due after midnight to 07:00 the same morning', () => {
    expect(earliestSend('sms', sh('2026-03-06T03:15:00'), quiet, SHANGHAI)).toEqual(sh('2026-03-06T07:00:00'));
  });

  it('defers across the end of a month and a year', () => {
    expect(earliestSend('sms', sh('2026-12-31T22:30:00'), quiet, SHANGHAI)).toEqual(sh('2027-01-01T07:00:00'));
  });

  it('sends at once outside the quiet hours', () => {
    const at = sh('2026-03-05T10:00:00');
    expect(earliestSend('sms', at, quiet, SHANGHAI)).toBe(at);
  });

  it('never holds back in-app or e-mail, nor anything when the city has no quiet hours', () => {
    const at = sh('2026-03-05T23:00:00');
    expect(earliestSend('inapp', at, quiet, SHANGHAI)).toBe(at);
    expect(earliestSend('email', at, quiet, SHANGHAI)).toBe(at);
    expect(earliestSend('wechat', at, quiet, SHANGHAI)).toEqual(sh('2026-03-06T07:00:00'));
    expect(earliestSend('sms', at, null, SHANGHAI)).toBe(at);
  });

  it('reads the city clock, not UTC: 23:00 UTC is 07:00 in Shanghai', () => {
    const at = new Date('2026-03-05T23:00:00Z');
    expect(isQuiet(at, quiet, SHANGHAI)).toBe(false);
    expect(isQuiet(at, quiet, 'UTC')).toBe(true);
  });

  it('handles a window within one day', () => {
    const siesta: QuietHours = { start: '12:00', end: '14:00', channels: ['sms'] };
    expect(isQuiet(sh('2026-03-05T13:00:00'), siesta, SHANGHAI)).toBe(true);
    expect(isQuiet(sh('2026-03-05T23:00:00'), siesta, SHANGHAI)).toBe(false);
    expect(earliestSend('sms', sh('2026-03-05T12:30:00'), siesta, SHANGHAI)).toEqual(sh('2026-03-05T14:00:00'));
  });
});
