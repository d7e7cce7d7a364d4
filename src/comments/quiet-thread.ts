// What a public thread says of its site's quiet hours, and when that changes by itself (for the
// response cache). The state itself is quietState's (quiet-hours.ts).
import { quietState } from './quiet-hours.js';
import type { SiteSettings } from './settings.js';

/**
 * What a thread says of the site's quiet hours, only when it has them: `quietHours` (its mode, whether
 * they are on now, and when that changes), and `closedUntil` while they close the thread.
 */
export interface QuietFields {
  quietHours?: { mode: 'closed' | 'held'; active: boolean; changesAt: string | null };
  closedUntil?: string | null;
}

export function quietFields(settings: SiteSettings, now: number): { fields: QuietFields; closed: boolean; changesAt: number | null } {
  const schedule = settings.quietHours;
  if (!schedule) return { fields: {}, closed: false, changesAt: null };
  const state = quietState(schedule, now);
  const changesAt = state.changesAt === null ? null : new Date(state.changesAt).toISOString();
  const closed = state.quiet && schedule.mode === 'closed';
  const fields: QuietFields = { quietHours: { mode: schedule.mode, active: state.quiet, changesAt } };
  if (closed) fields.closedUntil = changesAt;
  return { fields, closed, changesAt: state.changesAt };
}

/** The earlier of two instants, either of which may be none. */
export const earliest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));
