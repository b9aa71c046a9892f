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
    // Act
    const quietNow = isQuiet(sh(local), quiet, SHANGHAI);

    // Assess
    expect(quietNow).toBe(expected);
  });

  it('defers an SMS due at 23:00 to 07:00 the next morning', () => {
    // Act
    const send = earliestSend('sms', sh('2026-03-05T23:00:00'), quiet, SHANGHAI);

    // Assess
    expect(send).toEqual(sh('2026-03-06T07:00:00'));
  });

  it('defers an SMS due after midnight to 07:00 the same morning', () => {
    // Act
    const send = earliestSend('sms', sh('2026-03-06T03:15:00'), quiet, SHANGHAI);

    // Assess
    expect(send).toEqual(sh('2026-03-06T07:00:00'));
  });

  it('defers across the end of a month and a year', () => {
    // Act
    const send = earliestSend('sms', sh('2026-12-31T22:30:00'), quiet, SHANGHAI);

    // Assess
    expect(send).toEqual(sh('2027-01-01T07:00:00'));
  });

  it('sends at once outside the quiet hours', () => {
    // Prepare
    const at = sh('2026-03-05T10:00:00');

    // Act
    const send = earliestSend('sms', at, quiet, SHANGHAI);

    // Assess
    expect(send).toBe(at);
  });

  it('never holds back in-app or e-mail, nor anything when the city has no quiet hours', () => {
    // Prepare
    const at = sh('2026-03-05T23:00:00');

    // Act
    const inapp = earliestSend('inapp', at, quiet, SHANGHAI);
    const email = earliestSend('email', at, quiet, SHANGHAI);
    const wechat = earliestSend('wechat', at, quiet, SHANGHAI);
    const smsWithoutQuietHours = earliestSend('sms', at, null, SHANGHAI);

    // Assess
    expect(inapp).toBe(at);
    expect(email).toBe(at);
    expect(wechat).toEqual(sh('2026-03-06T07:00:00'));
    expect(smsWithoutQuietHours).toBe(at);
  });

  it('reads the city clock, not UTC: 23:00 UTC is 07:00 in Shanghai', () => {
    // Prepare
    const at = new Date('2026-03-05T23:00:00Z');

    // Act
    const inShanghai = isQuiet(at, quiet, SHANGHAI);
    const inUtc = isQuiet(at, quiet, 'UTC');

    // Assess
    expect(inShanghai).toBe(false);
    expect(inUtc).toBe(true);
  });

  it('handles a window within one day', () => {
    // Prepare
    const siesta: QuietHours = { start: '12:00', end: '14:00', channels: ['sms'] };

    // Act
    const atOne = isQuiet(sh('2026-03-05T13:00:00'), siesta, SHANGHAI);
    const atEleven = isQuiet(sh('2026-03-05T23:00:00'), siesta, SHANGHAI);
    const send = earliestSend('sms', sh('2026-03-05T12:30:00'), siesta, SHANGHAI);

    // Assess
    expect(atOne).toBe(true);
    expect(atEleven).toBe(false);
    expect(send).toEqual(sh('2026-03-05T14:00:00'));
  });
});
