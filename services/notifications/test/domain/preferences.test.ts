import { describe, expect, it } from 'vitest';
import { channelsWanted, DEFAULT_PREFERENCES } from '../../src/domain/preferences.ts';

const ALL = ['inapp', 'sms', 'wechat', 'email'] as const;

describe('channel preferences', () => {
  it('gives an account that never chose in-app and SMS', () => {
    // Act
    const wanted = channelsWanted(ALL, undefined);

    // Assess
    expect(wanted).toEqual(['inapp', 'sms']);
    expect(DEFAULT_PREFERENCES).toEqual({ sms: true, wechat: false, email: false });
  });

  it('drops the channels an account turned off and adds none it turned on that the trigger does not offer', () => {
    // Act
    const fromAll = channelsWanted(ALL, { sms: false, wechat: true, email: true });
    const fromInAppOnly = channelsWanted(['inapp'], { sms: true, wechat: true, email: true });

    // Assess
    expect(fromAll).toEqual(['inapp', 'wechat', 'email']);
    expect(fromInAppOnly).toEqual(['inapp']);
  });

  it('never filters out in-app', () => {
    // Act
    const wanted = channelsWanted(ALL, { sms: false, wechat: false, email: false });

    // Assess
    expect(wanted).toEqual(['inapp']);
  });
});
