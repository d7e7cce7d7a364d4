// widget.js and count.js as served by the real server: size budgets, caching, and what the bundles
// must never contain; the widget's language tables as served to it.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { en } from '../src/widget/strings/en.js';
import { enReportForm } from '../src/widget/strings/en-report.js';
import { translations } from '../src/widget/strings/index.js';
import { languages } from '../src/widget/strings/languages.js';
import { startServer, type RunningServer } from './server.js';

const WIDGET_BUDGET = 10 * 1024;
const COUNT_BUDGET = 2 * 1024;

describe('GET /widget.js and /count.js', () => {
  let server: RunningServer;
  const bodies = new Map<string, string>();
  // The widget's lazily loaded modules are held to the same rules as the scripts.
  const scripts = ['widget.js', 'widget-report.js', 'widget-own.js', 'count.js'];
  before(async () => {
    server = await startServer();
    for (const name of scripts) {
      const res = await fetch(`${server.baseUrl}/${name}`);
      assert.equal(res.status, 200, `${name} is served (npm run build ran)`);
      bodies.set(name, await res.text());
    }
  });
  after(() => server.stop());

  const body = (name: string) => bodies.get(name) ?? '';

  test('widget.js is at most 10 KB and count.js at most 2 KB gzipped', () => {
    const widget = gzipSync(body('widget.js'), { level: 9 }).length;
    const count = gzipSync(body('count.js'), { level: 9 }).length;
    console.log(`widget.js ${body('widget.js').length} B, ${widget} B gzipped; count.js ${body('count.js').length} B, ${count} B gzipped`);
    assert.ok(widget <= WIDGET_BUDGET, `widget.js is ${widget} B gzipped, over ${WIDGET_BUDGET}`);
    assert.ok(count <= COUNT_BUDGET, `count.js is ${count} B gzipped, over ${COUNT_BUDGET}`);
    assert.ok(widget > 2000, 'widget.js is the real bundle');
  });

  test('both are JavaScript with long caching, an ETag and 304 on revalidation', async () => {
    for (const name of ['widget.js', 'count.js']) {
      const res = await fetch(`${server.baseUrl}/${name}`);
      await res.arrayBuffer();
      assert.match(res.headers.get('content-type') ?? '', /^text\/javascript/);
      assert.match(res.headers.get('cache-control') ?? '', /max-age=\d{5,}/);
      const etag = res.headers.get('etag');
      assert.ok(etag, `${name} has an ETag`);
      const again = await fetch(`${server.baseUrl}/${name}`, { headers: { 'If-None-Match': etag } });
      assert.equal(again.status, 304);
      assert.equal(await again.text(), '');
    }
  });

  test('the bundles use no eval, no Function constructor, no cookies, no innerHTML and name no other host', () => {
    for (const name of scripts) {
      const code = body(name);
      assert.doesNotMatch(code, /\beval\s*\(/, `${name}: eval`);
      assert.doesNotMatch(code, /\bFunction\s*\(/, `${name}: Function constructor`);
      assert.doesNotMatch(code, /setTimeout\s*\(\s*["'`]/, `${name}: setTimeout with a string`);
      assert.doesNotMatch(code, /cookie/i, `${name}: cookies`);
      assert.doesNotMatch(code, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, `${name}: HTML string sinks`);
      assert.doesNotMatch(code, /https?:\/\//, `${name}: an absolute URL`);
      assert.doesNotMatch(code, /["']on[a-z]+["']\s*,/, `${name}: an inline event handler attribute`);
    }
  });

  test('the widget asks for the language tables that the server has, and each has every string', async () => {
    assert.deepEqual([...translations.keys()].sort(), [...languages].sort());
    for (const [lang, table] of translations) {
      // The report form's strings come with the language (English ones are in widget-report.js, not widget.js).
      const form = lang === 'en' ? enReportForm : table.reportForm;
      assert.deepEqual(Object.keys(table).sort(), [...Object.keys(en), ...(lang === 'en' ? [] : ['reportForm'])].sort(), `${lang} has every string`);
      assert.deepEqual(Object.keys(form ?? {}).sort(), Object.keys(enReportForm).sort(), `${lang} has every report form string`);
      assert.deepEqual(Object.keys(form?.reasons ?? {}).sort(), Object.keys(enReportForm.reasons).sort(), `${lang} names every reason`);
      for (const [key, value] of Object.entries(table)) {
        if (typeof value === 'string') assert.ok(value.length > 0, `${lang}.${key} is not empty`);
      }
      assert.ok(table.responses.other.includes('{n}'), `${lang} counts with {n}`);
      assert.ok(table.requiredNotes.includes('{star}'), `${lang} places the asterisk`);
      assert.ok(table.leaveReplyTo.includes('{name}'), `${lang} names whom a reply is to`);
    }
  });

  test('GET /widget/strings/{lang}.json serves a table to any origin, with caching; an unknown language is 404', async () => {
    const res = await fetch(`${server.baseUrl}/widget/strings/ar.json`, { headers: { Origin: 'https://anywhere.example' } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('cache-control') ?? '', /max-age=\d{5,}/);
    const table = (await res.json()) as { dir: string; post: string };
    assert.equal(table.dir, 'rtl');
    assert.equal(table.post, 'إرسال التعليق');
    const etag = res.headers.get('etag') ?? '';
    assert.equal((await fetch(`${server.baseUrl}/widget/strings/ar.json`, { headers: { 'If-None-Match': etag } })).status, 304);

    for (const path of ['/widget/strings/xx.json', '/widget/strings/constructor.json', '/widget/strings/..%2Fen.json']) {
      const missing = await fetch(`${server.baseUrl}${path}`);
      assert.equal(missing.status, 404, path);
      assert.equal(missing.headers.get('access-control-allow-origin'), '*');
      assert.equal(((await missing.json()) as { error: { code: string } }).error.code, 'not_found');
    }
  });
});
