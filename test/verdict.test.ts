import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { siteSettingsSchema, type SiteSettings } from '../src/comments/settings.js';
import { verdict, type Verdict, type VerdictHistory, type VerdictInput } from '../src/comments/verdict.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const DAY = 86_400_000;

const baseInput: VerdictInput = {
  name: 'Amal',
  email: 'amal@example.org',
  url: 'https://amal.example',
  body: 'A fine comment.',
  links: 0,
  ip: '203.0.113.7',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
  honeypot: false,
  renderedAt: null,
  parentDepth: null,
  now: NOW,
};
const known: VerdictHistory = { hasApprovedComment: true, lastCommentAt: null, duplicate: false, article: null };
const stranger: VerdictHistory = { ...known, hasApprovedComment: false };

interface Case {
  name: string;
  input?: Partial<VerdictInput>;
  settings?: Partial<SiteSettings>;
  history?: Partial<VerdictHistory>;
  expect: Verdict;
}

const cases: Case[] = [
  // approval
  { name: 'a known author is approved under first-time', expect: { status: 'approved', reasons: [] } },
  { name: 'a first-time author is held under first-time', history: stranger, expect: { status: 'pending', reasons: ['first_comment'] } },
  { name: 'approval none publishes a stranger at once', settings: { approval: 'none' }, history: stranger, expect: { status: 'approved', reasons: [] } },
  { name: 'approval all holds even a known author', settings: { approval: 'all' }, expect: { status: 'pending', reasons: ['manual_approval'] } },
  // links
  { name: 'one link under a limit of 2 passes', input: { links: 1 }, expect: { status: 'approved', reasons: [] } },
  { name: 'as many links as the limit holds', input: { links: 2 }, expect: { status: 'pending', reasons: ['links:2'] } },
  { name: 'more links than the limit holds', input: { links: 3 }, expect: { status: 'pending', reasons: ['links:3'] } },
  { name: 'maxLinks 0 turns the link rule off', input: { links: 50 }, settings: { maxLinks: 0 }, expect: { status: 'approved', reasons: [] } },
  // moderation keys
  { name: 'a moderation word in the body holds', input: { body: 'Visit my Casino!' }, settings: { moderationKeys: ['casino'] }, expect: { status: 'pending', reasons: ['moderation_key:casino'] } },
  { name: 'a moderation word matches inside a longer word, as in WordPress', input: { body: 'casinos' }, settings: { moderationKeys: ['casino'] }, expect: { status: 'pending', reasons: ['moderation_key:casino'] } },
  { name: 'a moderation word in the name holds', input: { name: 'CASINO king' }, settings: { moderationKeys: ['casino'] }, expect: { status: 'pending', reasons: ['moderation_key:casino'] } },
  { name: 'a moderation word in the email holds', input: { email: 'casino@example.org' }, settings: { moderationKeys: ['casino'] }, expect: { status: 'pending', reasons: ['moderation_key:casino'] } },
  { name: 'a moderation word in the url holds', input: { url: 'https://casino.example' }, settings: { moderationKeys: ['casino'] }, expect: { status: 'pending', reasons: ['moderation_key:casino'] } },
  { name: 'a moderation word in the user agent holds', input: { userAgent: 'CasinoBot/1.0' }, settings: { moderationKeys: ['casino'] }, expect: { status: 'pending', reasons: ['moderation_key:casino'] } },
  { name: 'an IP prefix as moderation key holds that network', settings: { moderationKeys: ['203.0.113.'] }, expect: { status: 'pending', reasons: ['moderation_key:203.0.113.'] } },
  { name: 'an IP prefix matches the start of the IP only', input: { ip: '10.203.0.113' }, settings: { moderationKeys: ['203.0.113.'] }, expect: { status: 'approved', reasons: [] } },
  { name: 'an IPv6 prefix as moderation key', input: { ip: '2001:db8::1' }, settings: { moderationKeys: ['2001:db8:'] }, expect: { status: 'pending', reasons: ['moderation_key:2001:db8:'] } },
  { name: 'blank keys match nothing', settings: { moderationKeys: ['', '  '] }, expect: { status: 'approved', reasons: [] } },
  // disallowed keys
  { name: 'a disallowed word sends the comment to spam', input: { body: 'cheap viagra' }, settings: { disallowedKeys: ['Viagra'] }, expect: { status: 'spam', reasons: ['disallowed_key:Viagra'] } },
  { name: 'a disallowed IP prefix sends the comment to spam', settings: { disallowedKeys: ['203.0.'] }, expect: { status: 'spam', reasons: ['disallowed_key:203.0.'] } },
  { name: 'disallowed wins over moderation keys and first-time', input: { body: 'casino viagra' }, settings: { moderationKeys: ['casino'], disallowedKeys: ['viagra'] }, history: stranger, expect: { status: 'spam', reasons: ['disallowed_key:viagra'] } },
  // honeypot and time trap
  { name: 'a filled honeypot is spam', input: { honeypot: true }, expect: { status: 'spam', reasons: ['honeypot'] } },
  { name: 'a form sent under 2 seconds after rendering is held as too_fast', input: { renderedAt: NOW - 1500 }, expect: { status: 'pending', reasons: ['too_fast'] } },
  { name: 'a form sent after 2 seconds passes the time trap', input: { renderedAt: NOW - 2000 }, expect: { status: 'approved', reasons: [] } },
  { name: 'a render time in the future (clock skew) is not held', input: { renderedAt: NOW + 5000 }, expect: { status: 'approved', reasons: [] } },
  // combinations keep every reason
  { name: 'every hold reason is listed together', input: { links: 4, body: 'casino', renderedAt: NOW - 100 }, settings: { moderationKeys: ['casino'] }, history: stranger, expect: { status: 'pending', reasons: ['first_comment', 'links:4', 'moderation_key:casino', 'too_fast'] } },
  // refusals
  { name: 'a missing name is refused when the site requires it', input: { name: '' }, expect: { status: 'rejected', reasons: ['name_email_required'] } },
  { name: 'a missing email is refused when the site requires it', input: { email: '' }, expect: { status: 'rejected', reasons: ['name_email_required'] } },
  { name: 'name and email may be missing when the site allows it', input: { name: '', email: '' }, settings: { requireNameEmail: false }, expect: { status: 'approved', reasons: [] } },
  { name: 'a closed article refuses comments', history: { article: { closed: true, firstCommentAt: NOW } }, expect: { status: 'rejected', reasons: ['thread_closed'] } },
  { name: 'an article older than closeAfterDays refuses comments', settings: { closeAfterDays: 14 }, history: { article: { closed: false, firstCommentAt: NOW - 15 * DAY } }, expect: { status: 'rejected', reasons: ['thread_closed'] } },
  { name: 'an article younger than closeAfterDays takes comments', settings: { closeAfterDays: 14 }, history: { article: { closed: false, firstCommentAt: NOW - 13 * DAY } }, expect: { status: 'approved', reasons: [] } },
  { name: 'without closeAfterDays old articles stay open', history: { article: { closed: false, firstCommentAt: NOW - 3650 * DAY } }, expect: { status: 'approved', reasons: [] } },
  { name: 'a reply at the deepest level is refused', input: { parentDepth: 5 }, expect: { status: 'rejected', reasons: ['max_depth'] } },
  { name: 'a reply one level above the deepest is fine', input: { parentDepth: 4 }, expect: { status: 'approved', reasons: [] } },
  { name: 'maxDepth 1 refuses every reply', input: { parentDepth: 1 }, settings: { maxDepth: 1 }, expect: { status: 'rejected', reasons: ['max_depth'] } },
  { name: 'a duplicate is refused', history: { duplicate: true }, expect: { status: 'rejected', reasons: ['duplicate'] } },
  { name: 'a comment inside the flood window is refused with the wait', history: { lastCommentAt: NOW - 5000 }, expect: { status: 'rejected', reasons: ['flood'], retryAfter: 10 } },
  { name: 'a comment after the flood window passes', history: { lastCommentAt: NOW - 15_000 }, expect: { status: 'approved', reasons: [] } },
  { name: 'floodSeconds 0 turns flood control off', settings: { floodSeconds: 0 }, history: { lastCommentAt: NOW }, expect: { status: 'approved', reasons: [] } },
  { name: 'a banned author is refused by default', history: { ban: { id: 1, kind: 'email' } }, expect: { status: 'rejected', reasons: ['banned'] } },
  { name: "a banned author is taken silently as spam under bannedAction 'spam'", settings: { bannedAction: 'spam' }, history: { ban: { id: 1, kind: 'ip' } }, expect: { status: 'spam', reasons: ['banned'] } },
  { name: 'a banned author meets the usual refusals first (a spam-mode ban gives nothing away)', settings: { bannedAction: 'spam' }, history: { ban: { id: 1, kind: 'domain' }, duplicate: true }, expect: { status: 'rejected', reasons: ['duplicate'] } },
  { name: 'a ban outweighs the approval setting', settings: { approval: 'none' }, history: { ban: { id: 2, kind: 'email' }, hasApprovedComment: true }, expect: { status: 'rejected', reasons: ['banned'] } },
  { name: 'no ban, no effect', history: { ban: null }, expect: { status: 'approved', reasons: [] } },
  { name: 'refusals come before spam: a flooding bot is refused, not stored', input: { honeypot: true }, history: { lastCommentAt: NOW - 1000 }, expect: { status: 'rejected', reasons: ['flood'], retryAfter: 14 } },
];

describe('verdict(input, settings, history)', () => {
  for (const c of cases) {
    test(c.name, () => {
      const settings = { ...siteSettingsSchema.parse({}), ...c.settings };
      const result = verdict({ ...baseInput, ...c.input }, settings, { ...known, ...c.history });
      assert.deepEqual(result, c.expect);
    });
  }

  test('the edit window setting is enforced through the API (see thread.test.ts), not by verdict', () => {
    // editWindowMinutes governs edits, not new comments: a verdict never depends on it.
    const a = verdict(baseInput, siteSettingsSchema.parse({ editWindowMinutes: 0 }), known);
    const b = verdict(baseInput, siteSettingsSchema.parse({ editWindowMinutes: 600 }), known);
    assert.deepEqual(a, b);
  });
});
