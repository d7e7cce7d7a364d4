// Quiet hours as a pure function: tables of instants across both daylight saving changes (Berlin,
// New York), a zone without DST (Tokyo), windows crossing midnight, merged windows and whole days.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { instantOf, quietHoursSchema, quietState, wallClock, type QuietHours } from '../src/comments/quiet-hours.js';
import { defaultSiteSettings } from '../src/comments/settings.js';
import { verdict, type VerdictInput } from '../src/comments/verdict.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const ALL = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const schedule = (timeZone: string, windows: QuietHours['windows'], mode: QuietHours['mode'] = 'closed'): QuietHours => ({ mode, timeZone, windows });

const nightly = schedule('Europe/Berlin', [{ days: [...ALL], from: '22:00', to: '07:00' }]);
const earlyMorning = schedule('Europe/Berlin', [{ days: [...ALL], from: '00:00', to: '02:30' }]);
const inTheGap = schedule('Europe/Berlin', [{ days: ['sun'], from: '02:30', to: '05:00' }]);
const newYork = schedule('America/New_York', [{ days: [...ALL], from: '01:00', to: '04:00' }]);
const tokyo = schedule('Asia/Tokyo', [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '22:00', to: '06:00' }]);
const weekend = schedule('UTC', [
  { days: ['fri'], from: '18:00', to: '00:00' },
  { days: ['sat'], from: '00:00', to: '09:00' },
]);
const sundays = schedule('UTC', [{ days: ['sun'], from: '00:00', to: '00:00' }]);
const always = schedule('UTC', [{ days: [...ALL], from: '00:00', to: '00:00' }]);

// [what, schedule, now (UTC), quiet, changesAt (UTC)]
const cases: Array<[string, QuietHours | null, string, boolean, string | null]> = [
  ['no schedule: never quiet', null, '2026-11-24T23:00:00.000Z', false, null],
  ['Berlin winter evening before the window: opens at 22:00 CET', nightly, '2026-11-24T20:59:00.000Z', false, '2026-11-24T21:00:00.000Z'],
  ['Berlin at 22:00 CET exactly: quiet until 07:00 CET', nightly, '2026-11-24T21:00:00.000Z', true, '2026-11-25T06:00:00.000Z'],
  ['Berlin at 07:00 CET exactly: no longer quiet', nightly, '2026-11-25T06:00:00.000Z', false, '2026-11-25T21:00:00.000Z'],
  ['Berlin, the night clocks go forward: 22:00 CET to 07:00 CEST is 8 hours', nightly, '2026-03-28T22:00:00.000Z', true, '2026-03-29T05:00:00.000Z'],
  ['Berlin, the night clocks go back: 22:00 CEST to 07:00 CET is 10 hours', nightly, '2026-10-24T21:00:00.000Z', true, '2026-10-25T06:00:00.000Z'],
  ['Berlin, the day after the change, evening: opens at 22:00 CEST', nightly, '2026-03-29T19:00:00.000Z', false, '2026-03-29T20:00:00.000Z'],
  ['a window ending at 02:30, which never happens on the spring night: ends when clocks jump to 03:00', earlyMorning, '2026-03-28T23:30:00.000Z', true, '2026-03-29T01:00:00.000Z'],
  ['a window ending at 02:30 on the autumn night, first 02:10 (CEST): ends at the first 02:30', earlyMorning, '2026-10-25T00:10:00.000Z', true, '2026-10-25T00:30:00.000Z'],
  ['the same window, second 02:10 (CET): ends at the second 02:30', earlyMorning, '2026-10-25T01:10:00.000Z', true, '2026-10-25T01:30:00.000Z'],
  ['a window starting at 02:30 on the spring night starts when clocks jump', inTheGap, '2026-03-29T00:30:00.000Z', false, '2026-03-29T01:00:00.000Z'],
  ['…and, once started, ends at 05:00 CEST', inTheGap, '2026-03-29T01:00:00.000Z', true, '2026-03-29T03:00:00.000Z'],
  ['New York, spring night, 01:30 EST: quiet until 04:00 EDT', newYork, '2026-03-08T06:30:00.000Z', true, '2026-03-08T08:00:00.000Z'],
  ['New York, autumn night, first 01:30 (EDT): quiet until 04:00 EST', newYork, '2026-11-01T05:30:00.000Z', true, '2026-11-01T09:00:00.000Z'],
  ['New York, autumn night, second 01:30 (EST): still quiet until 04:00 EST', newYork, '2026-11-01T06:30:00.000Z', true, '2026-11-01T09:00:00.000Z'],
  ['New York before the window: opens at 01:00 EST', newYork, '2026-11-24T05:00:00.000Z', false, '2026-11-24T06:00:00.000Z'],
  ['Tokyo (no DST), Friday 23:00: quiet until Saturday 06:00', tokyo, '2026-11-27T14:00:00.000Z', true, '2026-11-27T21:00:00.000Z'],
  ['Tokyo, Saturday 23:00 (no window starts on Saturday): opens Monday 22:00', tokyo, '2026-11-28T14:00:00.000Z', false, '2026-11-30T13:00:00.000Z'],
  ['Tokyo, Saturday 05:00, inside Friday night’s window crossing midnight', tokyo, '2026-11-27T20:00:00.000Z', true, '2026-11-27T21:00:00.000Z'],
  ['windows that touch are one: Friday 18:00 to Saturday 09:00', weekend, '2026-11-27T20:00:00.000Z', true, '2026-11-28T09:00:00.000Z'],
  ['from = to is a whole day: all Sunday', sundays, '2026-11-29T12:00:00.000Z', true, '2026-11-30T00:00:00.000Z'],
  ['every day all day: quiet with no end', always, '2026-11-24T12:00:00.000Z', true, null],
];

describe('quietState', () => {
  for (const [what, hours, now, quiet, changesAt] of cases) {
    test(what, () => {
      const state = quietState(hours, at(now));
      assert.deepEqual({ quiet: state.quiet, changesAt: iso(state.changesAt) }, { quiet, changesAt });
    });
  }

  test("the zone's wall clock and its inverse agree across a whole year of Berlin hours", () => {
    for (let t = at('2026-01-01T00:00:00.000Z'); t < at('2027-01-01T00:00:00.000Z'); t += 3_600_000) {
      const wall = wallClock('Europe/Berlin', t);
      assert.equal(instantOf('Europe/Berlin', wall, t - 1), t, new Date(t).toISOString());
    }
  });
});

describe('the quiet hours setting', () => {
  test('a good schedule passes; bad zones, times, days and empty windows are refused by field', () => {
    assert.ok(quietHoursSchema.safeParse(nightly).success);
    const bad: Array<[unknown, string]> = [
      [{ ...nightly, timeZone: 'Mars/Olympus_Mons' }, 'timeZone'],
      [{ ...nightly, timeZone: '../etc/passwd' }, 'timeZone'],
      [{ ...nightly, mode: 'sleepy' }, 'mode'],
      [{ ...nightly, windows: [] }, 'windows'],
      [{ ...nightly, windows: [{ days: [], from: '22:00', to: '07:00' }] }, 'windows'],
      [{ ...nightly, windows: [{ days: ['mon'], from: '24:00', to: '07:00' }] }, 'windows'],
      [{ ...nightly, windows: [{ days: ['monday'], from: '22:00', to: '07:00' }] }, 'windows'],
      [{ ...nightly, windows: [{ days: ['mon'], from: '7:00', to: '08:00' }] }, 'windows'],
    ];
    for (const [value, field] of bad) {
      const parsed = quietHoursSchema.safeParse(value);
      assert.equal(parsed.success, false, JSON.stringify(value));
      assert.equal(parsed.error?.issues[0]?.path[0], field, JSON.stringify(value));
    }
  });
});

describe('verdict in quiet hours', () => {
  const input = (now: number): VerdictInput => ({
    name: 'Amal',
    email: 'amal@example.org',
    url: null,
    body: 'Hello.',
    links: 0,
    ip: '203.0.113.7',
    userAgent: null,
    honeypot: false,
    renderedAt: null,
    parentDepth: null,
    now,
  });
  const history = { hasApprovedComment: true, lastCommentAt: null, duplicate: false, article: null };
  const night = at('2026-11-24T23:00:00.000Z');
  const day = at('2026-11-24T12:00:00.000Z');

  test('closed quiet hours refuse the comment and say until when; outside them it is approved', () => {
    const settings = { ...defaultSiteSettings, quietHours: nightly };
    assert.deepEqual(verdict(input(night), settings, history), { status: 'rejected', reasons: ['quiet_hours'], until: at('2026-11-25T06:00:00.000Z') });
    assert.deepEqual(verdict(input(day), settings, history), { status: 'approved', reasons: [] });
  });

  test('held quiet hours send every comment to the queue with reason quiet_hours; spam stays spam', () => {
    const settings = { ...defaultSiteSettings, quietHours: { ...nightly, mode: 'held' as const } };
    assert.deepEqual(verdict(input(night), settings, history), { status: 'pending', reasons: ['quiet_hours'] });
    assert.deepEqual(verdict({ ...input(night), honeypot: true }, settings, history), { status: 'spam', reasons: ['honeypot'] });
    assert.deepEqual(verdict(input(day), settings, history), { status: 'approved', reasons: [] });
  });
});
