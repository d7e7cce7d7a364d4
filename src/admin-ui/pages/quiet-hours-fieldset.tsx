// The quiet hours part of a site's settings page: when commenting closes (or every comment is held),
// in the site's own time zone.
import type { FieldErrors } from '../../errors.js';
import type { QuietHoursFormValues } from '../quiet-hours-form.js';
import { describe, FieldError } from './settings.js';

export const QUIET_FIELD_NAMES: Record<string, string> = {
  quietMode: 'During quiet hours',
  quietTimeZone: 'Time zone',
  quietWindows: 'Quiet hours',
};

export function QuietHoursFieldset(props: { values: QuietHoursFormValues; errors: FieldErrors }) {
  const { values, errors } = props;
  return (
    <fieldset>
      <legend>Quiet hours</legend>
      <div class="field">
        <input type="checkbox" id="quietHours" name="quietHours" checked={values.quietHours} />{' '}
        <label for="quietHours" class="inline">
          Keep quiet hours, when no moderator is awake
        </label>
      </div>
      <div class="field">
        <label for="quietMode">During quiet hours</label>
        <FieldError field="quietMode" errors={errors} />
        <select id="quietMode" name="quietMode" {...describe('quietMode', errors)}>
          <option value="closed" selected={values.quietMode === 'closed'}>
            Close comments (readers see until when)
          </option>
          <option value="held" selected={values.quietMode === 'held'}>
            Hold every comment for moderation
          </option>
        </select>
      </div>
      <div class="field">
        <label for="quietTimeZone">Time zone</label>
        <p class="description" id="quietTimeZone-description">
          An IANA time zone name, like Europe/Berlin or America/New_York. Daylight saving time follows the zone’s rules.
        </p>
        <FieldError field="quietTimeZone" errors={errors} />
        <input type="text" id="quietTimeZone" name="quietTimeZone" value={values.quietTimeZone} size={30} spellcheck={false} {...describe('quietTimeZone', errors, true)} />
      </div>
      <div class="field">
        <label for="quietWindows">Quiet hours</label>
        <p class="description" id="quietWindows-description">
          One window per line: the days it starts on, then from–to in 24-hour time, like “mon-fri 22:00-07:00”, “sat,sun 20:00-09:00” or “daily
          23:00-06:00”. A window may run past midnight; the same time twice (“sun 00:00-00:00”) is a whole day.
        </p>
        <FieldError field="quietWindows" errors={errors} />
        <textarea id="quietWindows" name="quietWindows" rows={3} spellcheck={false} {...describe('quietWindows', errors, true)}>
          {values.quietWindows}
        </textarea>
      </div>
    </fieldset>
  );
}
