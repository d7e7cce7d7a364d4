// The site settings form: settings → the values a form shows, and submitted values → settings or
// an error message per field, worded for people (the JSON API's schema stays the last check).
import { originSchema, type SiteSettings } from '../comments/settings.js';
import { fieldName, type FieldErrors } from '../errors.js';
import { siteSettingsInputSchema, type SiteSettingsInput } from '../moderation/input.js';
import type { SettingsView } from '../moderation/site-secrets.js';
import { quietHoursFromForm, quietHoursToForm, type QuietHoursFormValues } from './quiet-hours-form.js';

/** What the form holds: text exactly as typed, checkboxes as booleans. */
export interface SettingsFormValues extends QuietHoursFormValues {
  origins: string;
  manualApproval: boolean;
  previousApproval: boolean;
  maxLinks: string;
  moderationKeys: string;
  disallowedKeys: string;
  requireNameEmail: boolean;
  closeComments: boolean;
  closeAfterDays: string;
  threadComments: boolean;
  maxDepth: string;
  pageComments: boolean;
  commentsPerPage: string;
  editWindowMinutes: string;
  floodSeconds: string;
  reactions: boolean;
  reportThreshold: string;
  /** A banned author's comment goes silently to spam instead of being refused. */
  bannedSpam: boolean;
  webhook: string;
  /** Reader mail and retention. */
  subscriberMailsPerHour: string;
  approvedMail: boolean;
  forgetIps: boolean;
  forgetIpAfterDays: string;
  emptySpamTrash: boolean;
  emptySpamTrashAfterDays: string;
  /** The language of the site's mail; empty keeps the current one. */
  language: string;
  /** Spam services (docs/spam.md). The secrets are never shown: empty keeps the stored one. */
  akismetKey: string;
  removeAkismetKey: boolean;
  hookUrl: string;
  hookSecret: string;
  hookTimeoutMs: string;
}

export function settingsToForm(settings: SettingsView): SettingsFormValues {
  return {
    origins: settings.origins.join('\n'),
    manualApproval: settings.approval === 'all',
    previousApproval: settings.approval !== 'none',
    maxLinks: String(settings.maxLinks),
    moderationKeys: settings.moderationKeys.join('\n'),
    disallowedKeys: settings.disallowedKeys.join('\n'),
    requireNameEmail: settings.requireNameEmail,
    closeComments: settings.closeAfterDays !== null,
    closeAfterDays: String(settings.closeAfterDays ?? 14),
    threadComments: settings.maxDepth > 1,
    maxDepth: String(settings.maxDepth > 1 ? settings.maxDepth : 5),
    pageComments: settings.commentsPerPage !== null,
    commentsPerPage: String(settings.commentsPerPage ?? 50),
    editWindowMinutes: String(settings.editWindowMinutes),
    floodSeconds: String(settings.floodSeconds),
    reactions: settings.reactions,
    bannedSpam: settings.bannedAction === 'spam',
    reportThreshold: String(settings.reportThreshold),
    webhook: settings.notify.webhook ?? '',
    subscriberMailsPerHour: String(settings.subscriberMailsPerHour),
    approvedMail: settings.approvedMail,
    forgetIps: settings.forgetIpAfterDays !== null,
    forgetIpAfterDays: String(settings.forgetIpAfterDays ?? 90),
    emptySpamTrash: settings.emptySpamTrashAfterDays !== null,
    emptySpamTrashAfterDays: String(settings.emptySpamTrashAfterDays ?? 30),
    language: settings.language,
    akismetKey: '',
    removeAkismetKey: false,
    hookUrl: settings.moderationHook?.url ?? '',
    hookSecret: '',
    hookTimeoutMs: String(settings.moderationHook?.timeoutMs ?? 2000),
    ...quietHoursToForm(settings.quietHours),
  };
}

/** Reads a submitted form body (a checkbox is on when it was sent at all). */
export function formValuesFrom(body: Record<string, unknown>): SettingsFormValues {
  const text = (name: keyof SettingsFormValues) => {
    const value = body[name];
    return typeof value === 'string' ? value : '';
  };
  const on = (name: keyof SettingsFormValues) => body[name] !== undefined;
  return {
    origins: text('origins'),
    manualApproval: on('manualApproval'),
    previousApproval: on('previousApproval'),
    maxLinks: text('maxLinks'),
    moderationKeys: text('moderationKeys'),
    disallowedKeys: text('disallowedKeys'),
    requireNameEmail: on('requireNameEmail'),
    closeComments: on('closeComments'),
    closeAfterDays: text('closeAfterDays'),
    threadComments: on('threadComments'),
    maxDepth: text('maxDepth'),
    pageComments: on('pageComments'),
    commentsPerPage: text('commentsPerPage'),
    editWindowMinutes: text('editWindowMinutes'),
    floodSeconds: text('floodSeconds'),
    reactions: on('reactions'),
    bannedSpam: on('bannedSpam'),
    reportThreshold: text('reportThreshold'),
    webhook: text('webhook'),
    subscriberMailsPerHour: text('subscriberMailsPerHour'),
    approvedMail: on('approvedMail'),
    forgetIps: on('forgetIps'),
    forgetIpAfterDays: text('forgetIpAfterDays'),
    emptySpamTrash: on('emptySpamTrash'),
    emptySpamTrashAfterDays: text('emptySpamTrashAfterDays'),
    language: text('language'),
    akismetKey: text('akismetKey'),
    removeAkismetKey: on('removeAkismetKey'),
    hookUrl: text('hookUrl'),
    hookSecret: text('hookSecret'),
    hookTimeoutMs: text('hookTimeoutMs'),
    quietHours: on('quietHours'),
    quietMode: text('quietMode'),
    quietTimeZone: text('quietTimeZone'),
    quietWindows: text('quietWindows'),
  };
}

const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);

function wholeNumber(raw: string, min: number, max: number, errors: FieldErrors, field: string): number {
  const text = raw.trim();
  const value = /^[0-9]{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= max)) errors[field] = `Enter a whole number from ${min} to ${max.toLocaleString('en')}.`;
  return value;
}

function keyList(raw: string, errors: FieldErrors, field: string): string[] {
  const keys = lines(raw);
  const long = keys.find((key) => key.length > 200);
  if (long !== undefined) errors[field] = `“${long.slice(0, 40)}…” is too long: a word or address is at most 200 characters.`;
  else if (keys.length > 1000) errors[field] = 'Enter at most 1,000 lines.';
  return keys;
}

function origins(raw: string, errors: FieldErrors): string[] {
  const result: string[] = [];
  for (const line of lines(raw)) {
    const parsed = originSchema.safeParse(line);
    if (!parsed.success) {
      errors.origins = `“${line.slice(0, 80)}” is not an origin: write the scheme, host and port only, like https://example.org.`;
      return [];
    }
    if (!result.includes(parsed.data)) result.push(parsed.data);
  }
  if (result.length > 100) errors.origins = 'Enter at most 100 origins.';
  return result;
}

function webhook(raw: string, errors: FieldErrors): string | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  try {
    const url = new URL(text);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && text.length <= 2048) return url.href;
  } catch {
    // Falls through to the message.
  }
  errors.webhook = 'Enter an http(s) address, like https://example.org/hooks/parley, or leave it empty.';
  return undefined;
}

function mailLanguage(raw: string, current: SiteSettings['language'], errors: FieldErrors): SiteSettings['language'] {
  if (raw === '') return current;
  if (raw === 'en' || raw === 'ar' || raw === 'de') return raw;
  errors.language = 'Choose English, Arabic or German.';
  return current;
}

export type SettingsFormResult = { ok: true; settings: SiteSettingsInput } | { ok: false; errors: FieldErrors };

/** The form's names for the API's nested fields, so each error shows beside its input. */
const FORM_FIELDS: Record<string, keyof SettingsFormValues> = {
  'moderationHook.url': 'hookUrl',
  'moderationHook.secret': 'hookSecret',
  'moderationHook.timeoutMs': 'hookTimeoutMs',
  'notify.webhook': 'webhook',
  quietHours: 'quietWindows',
  'quietHours.mode': 'quietMode',
  'quietHours.timeZone': 'quietTimeZone',
  'quietHours.windows': 'quietWindows',
};

/** Where an API error about `field` shows on the form. */
export function formField(field: string): string {
  return FORM_FIELDS[field] ?? field;
}

/** Submitted values → settings; what the form does not show (the notification email) is kept from `current`. */
export function parseSettingsForm(values: SettingsFormValues, current: SettingsView): SettingsFormResult {
  const errors: FieldErrors = {};
  const candidate = {
    origins: origins(values.origins, errors),
    approval: values.manualApproval ? 'all' : values.previousApproval ? 'first-time' : 'none',
    maxLinks: wholeNumber(values.maxLinks, 0, 1000, errors, 'maxLinks'),
    moderationKeys: keyList(values.moderationKeys, errors, 'moderationKeys'),
    disallowedKeys: keyList(values.disallowedKeys, errors, 'disallowedKeys'),
    requireNameEmail: values.requireNameEmail,
    closeAfterDays: values.closeComments ? wholeNumber(values.closeAfterDays, 1, 36500, errors, 'closeAfterDays') : null,
    maxDepth: values.threadComments ? wholeNumber(values.maxDepth, 2, 50, errors, 'maxDepth') : 1,
    commentsPerPage: values.pageComments ? wholeNumber(values.commentsPerPage, 1, 200, errors, 'commentsPerPage') : null,
    editWindowMinutes: wholeNumber(values.editWindowMinutes, 0, 60 * 24 * 7, errors, 'editWindowMinutes'),
    floodSeconds: wholeNumber(values.floodSeconds, 0, 86400, errors, 'floodSeconds'),
    reactions: values.reactions,
    bannedAction: values.bannedSpam ? 'spam' : 'refuse',
    reportThreshold: wholeNumber(values.reportThreshold, 1, 1000, errors, 'reportThreshold'),
    notify: { ...current.notify, webhook: webhook(values.webhook, errors) },
    subscriberMailsPerHour: wholeNumber(values.subscriberMailsPerHour, 0, 1000, errors, 'subscriberMailsPerHour'),
    approvedMail: values.approvedMail,
    forgetIpAfterDays: values.forgetIps ? wholeNumber(values.forgetIpAfterDays, 1, 36500, errors, 'forgetIpAfterDays') : null,
    emptySpamTrashAfterDays: values.emptySpamTrash ? wholeNumber(values.emptySpamTrashAfterDays, 1, 36500, errors, 'emptySpamTrashAfterDays') : null,
    language: mailLanguage(values.language, current.language, errors),
    akismetKey: values.removeAkismetKey ? null : values.akismetKey.trim() === '' ? undefined : values.akismetKey.trim(),
    moderationHook:
      values.hookUrl.trim() === ''
        ? null
        : {
            url: values.hookUrl.trim(),
            ...(values.hookSecret.trim() === '' ? {} : { secret: values.hookSecret.trim() }),
            timeoutMs: wholeNumber(values.hookTimeoutMs, 100, 10_000, errors, 'hookTimeoutMs'),
          },
    quietHours: quietHoursFromForm(values, errors),
  };
  if (candidate.notify.webhook === undefined) delete candidate.notify.webhook;
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  // The API's own schema has the last word, so the form can never save what the API would refuse.
  const parsed = siteSettingsInputSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // Under the form's own field where the setting has one (notify.webhook is the form's `webhook`).
      const name = issue.path.length > 0 ? fieldName(issue.path) : 'form';
      const field = formField(name);
      errors[field] ??= issue.message;
    }
    return { ok: false, errors };
  }
  return { ok: true, settings: parsed.data };
}
