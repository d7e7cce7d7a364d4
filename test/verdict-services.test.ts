// verdict() with the spam services' answers: the precedence of docs/spam.md, as a table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { reasonInWords } from '../src/admin-ui/reasons.js';
import { defaultSiteSettings } from '../src/comments/settings.js';
import { verdict, type ServiceAnswers, type VerdictHistory, type VerdictInput } from '../src/comments/verdict.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const input: VerdictInput = { name: 'A', email: 'a@example.org', url: null, body: 'Hello', links: 0, ip: '203.0.113.7', userAgent: null, honeypot: false, renderedAt: null, parentDepth: null, now: NOW };
const newAuthor: VerdictHistory = { hasApprovedComment: false, lastCommentAt: null, duplicate: false, article: null };
const regular: VerdictHistory = { ...newAuthor, hasApprovedComment: true };
const hook = (verdict: 'approve' | 'hold' | 'spam' | 'reject', reasons: string[] = []) => ({ verdict, reasons });

const cases: Array<[string, Partial<VerdictInput>, VerdictHistory, ServiceAnswers, { status: string; reasons: string[] }]> = [
  ['no services: Parley’s rules', {}, newAuthor, {}, { status: 'pending', reasons: ['first_comment'] }],
  ['Akismet spam', {}, regular, { akismet: 'spam' }, { status: 'spam', reasons: ['akismet'] }],
  ['Akismet ham changes nothing', {}, newAuthor, { akismet: 'ham' }, { status: 'pending', reasons: ['first_comment'] }],
  ['Akismet discard is a silent refusal', {}, regular, { akismet: 'discard', hook: hook('approve') }, { status: 'rejected', reasons: ['discard'] }],
  ['Akismet error leaves a reason and holds nothing', {}, regular, { akismet: 'error' }, { status: 'approved', reasons: ['akismet_error'] }],
  ['the honeypot wins over every service', { honeypot: true }, regular, { akismet: 'ham', hook: hook('approve') }, { status: 'spam', reasons: ['honeypot'] }],
  ['a refusal wins over every service', {}, { ...regular, duplicate: true }, { hook: hook('approve') }, { status: 'rejected', reasons: ['duplicate'] }],
  ['hook reject', {}, regular, { hook: hook('reject', ['abuse']) }, { status: 'rejected', reasons: ['hook_reject'] }],
  ['hook spam, with its reasons namespaced', {}, regular, { hook: hook('spam', ['ads']) }, { status: 'spam', reasons: ['hook_spam', 'hook:ads'] }],
  ['Akismet spam wins over the hook’s approve', {}, regular, { akismet: 'spam', hook: hook('approve') }, { status: 'spam', reasons: ['akismet'] }],
  ['hook hold adds to Parley’s reasons', {}, newAuthor, { hook: hook('hold', ['maybe']) }, { status: 'pending', reasons: ['hook_hold', 'hook:maybe', 'first_comment'] }],
  ['hook approve overrules Parley’s hold rules', {}, newAuthor, { hook: hook('approve') }, { status: 'approved', reasons: [] }],
  ['hook error falls back to Parley’s rules', {}, newAuthor, { hook: 'error' }, { status: 'pending', reasons: ['first_comment', 'hook_error'] }],
];

test('verdict weighs the services’ answers in the documented order', () => {
  for (const [name, change, history, services, expected] of cases) {
    const got = verdict({ ...input, ...change }, defaultSiteSettings, history, services);
    assert.deepEqual({ status: got.status, reasons: got.reasons }, expected, name);
  }
});

test('the services’ reasons read as theirs in the queue; a hook’s own words never pass for Parley’s', () => {
  const words = (reason: string) => reasonInWords(reason, { maxLinks: 2 });
  assert.equal(words('akismet'), 'Akismet says this is spam');
  assert.match(words('akismet_error'), /^Akismet could not be asked/);
  assert.equal(words('hook_spam'), 'The site’s moderation hook says this is spam');
  assert.equal(words('hook_hold'), 'The site’s moderation hook held it for a moderator');
  assert.match(words('hook_error'), /did not answer/);
  assert.equal(words('hook:first_comment'), 'Moderation hook: first_comment');
  assert.equal(words('hook:honeypot'), 'Moderation hook: honeypot');
});
