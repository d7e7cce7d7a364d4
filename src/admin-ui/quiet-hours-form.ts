// The quiet hours part of the settings form: a schedule as lines people write ("mon-fri 22:00-07:00")
// and back, with an error message per field. The settings schema has the last word (settings-form.ts).
import { isTimeZone, WEEKDAYS, type QuietHours, type Weekday } from '../comments/quiet-hours.js';
import type { FieldErrors } from '../errors.js';

export interface QuietHoursFormValues {
  quietHours: boolean;
  quietMode: string;
  quietTimeZone: string;
  /** One window per line: days, then from–to. */
  quietWindows: string;
}

export function quietHoursToForm(schedule: QuietHours | null): QuietHoursFormValues {
  return {
    quietHours: schedule !== null,
    quietMode: schedule?.mode ?? 'closed',
    quietTimeZone: schedule?.timeZone ?? 'UTC',
    quietWindows: (schedule?.windows ?? []).map((w) => `${daysToText(w.days)} ${w.from}-${w.to}`).join('\n'),
  };
}

function daysToText(days: Weekday[]): string {
  if (WEEKDAYS.every((day) => days.includes(day))) return 'daily';
  return WEEKDAYS.filter((day) => days.includes(day)).join(',');
}

/** `mon-fri`, `sat,sun`, `daily`, or a mix (`mon,wed-fri`); null when a part is not a day. */
function daysFromText(text: string): Weekday[] | null {
  if (text === 'daily') return [...WEEKDAYS];
  const days = new Set<Weekday>();
  for (const part of text.split(',')) {
    const [first, last = first] = part.split('-');
    const from = WEEKDAYS.indexOf(first as Weekday);
    const to = WEEKDAYS.indexOf(last as Weekday);
    if (from === -1 || to === -1) return null;
    // mon-fri, and also fri-mon (over the weekend).
    for (let i = from; ; i = (i + 1) % 7) {
      days.add(WEEKDAYS[i] as Weekday);
      if (i === to) break;
    }
  }
  return WEEKDAYS.filter((day) => days.has(day));
}

const LINE = /^(\S+)\s+([0-9]{1,2}:[0-9]{2})\s*[-–]\s*([0-9]{1,2}:[0-9]{2})$/;

/** "7:00" → "07:00"; null when it is not a time of day. */
function clock(text: string): string | null {
  const padded = text.padStart(5, '0');
  return /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(padded) ? padded : null;
}

/** Submitted values → the schedule (null when quiet hours are off); problems go into `errors`. */
export function quietHoursFromForm(values: QuietHoursFormValues, errors: FieldErrors): QuietHours | null {
  if (!values.quietHours) return null;
  const mode = values.quietMode === 'held' ? 'held' : values.quietMode === 'closed' ? 'closed' : null;
  if (mode === null) errors.quietMode = 'Choose whether comments are closed or held during quiet hours.';
  const timeZone = values.quietTimeZone.trim();
  if (!isTimeZone(timeZone)) errors.quietTimeZone = `“${timeZone.slice(0, 64)}” is not a time zone: use an IANA name like Europe/Berlin or America/New_York.`;
  const windows: QuietHours['windows'] = [];
  for (const line of values.quietWindows.split(/\r?\n/).map((l) => l.trim().toLowerCase()).filter((l) => l !== '')) {
    const match = LINE.exec(line);
    const days = match?.[1] ? daysFromText(match[1]) : null;
    const from = match?.[2] ? clock(match[2]) : null;
    const to = match?.[3] ? clock(match[3]) : null;
    if (!days || !from || !to) {
      errors.quietWindows = `“${line.slice(0, 60)}” is not a window: write the days, then the times, like “mon-fri 22:00-07:00” or “daily 23:00-06:00”.`;
      break;
    }
    windows.push({ days, from, to });
  }
  if (windows.length === 0) errors.quietWindows ??= 'Add at least one window, like “daily 22:00-07:00”.';
  else if (windows.length > 50) errors.quietWindows = 'Enter at most 50 windows.';
  return { mode: mode ?? 'closed', timeZone, windows };
}
