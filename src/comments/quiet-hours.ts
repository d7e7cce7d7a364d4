// Quiet hours: a site's weekly schedule, in its own time zone, during which commenting is closed or
// every comment is held. Pure: the schedule and `now` come in, the state goes out. Wall-clock times
// are read and made with Intl in the site's zone, so daylight saving changes are the zone's rules.
import { z } from 'zod';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Whether the runtime knows this IANA time zone (Intl refuses unknown ones). */
export function isTimeZone(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

const clockTime = z.string().regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'Write a time as HH:MM, from 00:00 to 23:59.');

export const quietWindowSchema = z.object({
  /** The days the window starts on (in the site's zone). */
  days: z.array(z.enum(WEEKDAYS)).min(1, 'Name at least one day.').max(7),
  /** Start, local time. */
  from: clockTime,
  /** End, local time: on the next day when it is not after `from` (22:00–07:00); `from` = `to` is 24 hours. */
  to: clockTime,
});

export const quietHoursSchema = z.object({
  /** `closed`: no comments are taken; `held`: every comment waits in the queue (reason `quiet_hours`). */
  mode: z.enum(['closed', 'held']),
  timeZone: z.string().max(64).refine(isTimeZone, 'This is not a time zone this server knows: use an IANA name like Europe/Berlin.'),
  windows: z.array(quietWindowSchema).min(1, 'Add at least one window.').max(50),
});

export type QuietHours = z.infer<typeof quietHoursSchema>;
export type QuietWindow = z.infer<typeof quietWindowSchema>;

/** The quiet state at one instant: whether it is quiet, and when that next changes (ms; null: never). */
export interface QuietState {
  quiet: boolean;
  changesAt: number | null;
}

const MINUTE = 60_000;
const DAY = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's wall-clock time at `instant`, as if it were UTC (ms), so wall-clock arithmetic is plain arithmetic. */
export function wallClock(timeZone: string, instant: number): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const part: Record<string, number> = {};
  for (const { type, value } of format.formatToParts(instant)) part[type] = Number(value);
  const wall = Date.UTC(part.year ?? 1970, (part.month ?? 1) - 1, part.day ?? 1, part.hour ?? 0, part.minute ?? 0, part.second ?? 0);
  // Keeps the instant's milliseconds, which the parts do not carry.
  return wall + (((instant % 1000) + 1000) % 1000);
}

/**
 * The first instant after `after` at which the zone's clock shows `wall` or later. A time that
 * happens twice (clocks go back) is its first occurrence after `after`; one that never happens
 * (clocks go forward) is the moment the clocks jump past it.
 */
export function instantOf(timeZone: string, wall: number, after: number): number {
  const offsets = new Set([wallClock(timeZone, wall - DAY) - (wall - DAY), wallClock(timeZone, wall + DAY) - (wall + DAY)]);
  const candidates = [...offsets].map((offset) => wall - offset).filter((t) => wallClock(timeZone, t) === wall && t > after);
  if (candidates.length > 0) return Math.min(...candidates);
  // A gap: the jump lies between the two readings; find it to the minute.
  let low = Math.min(...[...offsets].map((offset) => wall - offset));
  let high = Math.max(...[...offsets].map((offset) => wall - offset));
  while (high - low > MINUTE) {
    const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
    if (wallClock(timeZone, mid) >= wall) high = mid;
    else low = mid;
  }
  return Math.max(high, after + 1);
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The quiet periods, in wall-clock ms, of the windows starting on the days from `firstDay` (wall ms at 00:00) on, merged. */
function periods(windows: QuietWindow[], firstDay: number, days: number): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (let day = firstDay; day < firstDay + days * DAY; day += DAY) {
    // Date.UTC(1970, 0, 5) was a Monday.
    const weekday = WEEKDAYS[Math.floor((day - Date.UTC(1970, 0, 5)) / DAY) % 7];
    for (const window of windows) {
      if (weekday === undefined || !window.days.includes(weekday)) continue;
      const from = minutesOf(window.from);
      let to = minutesOf(window.to);
      if (to <= from) to += 24 * 60;
      spans.push([day + from * MINUTE, day + to * MINUTE]);
    }
  }
  spans.sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push([span[0], span[1]]);
  }
  return merged;
}

/** Whether `now` falls in the site's quiet hours, and when that changes. */
export function quietState(schedule: QuietHours | null, now: number): QuietState {
  if (!schedule || schedule.windows.length === 0) return { quiet: false, changesAt: null };
  const wall = wallClock(schedule.timeZone, now);
  const today = Math.floor(wall / DAY) * DAY;
  // From yesterday (a window crossing midnight) to a week and a day ahead (the next start, at the latest).
  const spans = periods(schedule.windows, today - DAY, 9);
  const current = spans.find(([from, to]) => from <= wall && wall < to);
  if (current) {
    // Every day quiet all day: it never ends.
    if (current[1] - current[0] >= 8 * DAY) return { quiet: true, changesAt: null };
    return { quiet: true, changesAt: instantOf(schedule.timeZone, current[1], now) };
  }
  const next = spans.find(([from]) => from > wall);
  return { quiet: false, changesAt: next ? instantOf(schedule.timeZone, next[0], now) : null };
}

/** When quiet hours end, for people: the site's local weekday and time with its zone ("Monday 07:00 CET"). */
export function describeInstant(instant: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'long', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' }).formatToParts(instant);
  // Put together from the parts: the punctuation between them differs from one ICU version to another.
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('weekday')} ${part('hour')}:${part('minute')} ${part('timeZoneName')}`;
}

/** The message of a comment refused by closed quiet hours. */
export function closedUntilMessage(until: number | null, timeZone: string): string {
  return until === null ? 'Comments are closed.' : `Comments are closed until ${describeInstant(until, timeZone)}.`;
}
