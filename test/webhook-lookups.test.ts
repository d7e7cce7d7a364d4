// Webhook deliveries to a receiver's name, on Node, through the real outbound fetch (undici Agent with
// the public-only lookup) with a local resolver in place of the system's: one attempt per event while
// its name is still being looked up, one lookup per name however many events wait on it, and a lookup
// that never answers fails the attempt instead of holding it (and the process) for ever.
import assert from 'node:assert/strict';
import type { LookupAddress } from 'node:dns';
import { after, describe, test } from 'node:test';
import { nodeOutboundFetch, type HostLookup } from '../src/node/outbound-fetch.js';
import { startService, type Service } from './helpers.js';

const WEBHOOK = 'https://hooks.example.test/parley';

interface OutboxRow {
  event_id: string;
  attempts: number;
  last_error: string | null;
  delivered_at: number | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until `predicate` holds; fails the test after `ms`. */
async function waitFor(what: string, predicate: () => boolean, ms = 8000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** A resolver that records each question and answers only when the test says so. */
function heldResolver() {
  const asked: string[] = [];
  const waiting: Array<(answer: LookupAddress[] | Error) => void> = [];
  const lookup: HostLookup = (hostname) => {
    asked.push(hostname);
    return new Promise((resolve, reject) => {
      waiting.push((answer) => (answer instanceof Error ? reject(answer) : resolve(answer)));
    });
  };
  /** Answers every question asked so far. */
  const answer = (with_: LookupAddress[] | Error) => {
    for (const reply of waiting.splice(0)) reply(with_);
  };
  return { asked, lookup, answer };
}

/** The outbound fetch, counting the attempts of each event (by its webhook-id). */
function countingFetch(base: typeof fetch) {
  const attempts = new Map<string, number>();
  const fetch: typeof globalThis.fetch = (input, init) => {
    const id = new Headers(init?.headers).get('webhook-id') ?? 'none';
    attempts.set(id, (attempts.get(id) ?? 0) + 1);
    return base(input, init);
  };
  return { fetch, attempts };
}

const notFound = () => Object.assign(new Error('getaddrinfo ENOTFOUND hooks.example.test'), { code: 'ENOTFOUND' });

describe('webhook deliveries to a name', () => {
  const services: Service[] = [];
  const resolvers: Array<ReturnType<typeof heldResolver>> = [];
  after(async () => {
    for (const r of resolvers) r.answer(notFound());
    for (const s of services) await s.close();
  });

  const start = async (lookupTimeoutMs: number) => {
    const resolver = heldResolver();
    resolvers.push(resolver);
    const counted = countingFetch(nodeOutboundFetch(false, { lookup: resolver.lookup, lookupTimeoutMs }));
    const s = await startService({ settings: { notify: { webhook: WEBHOOK } }, outboundFetch: counted.fetch });
    services.push(s);
    const outbox = () => s.rows<OutboxRow>('select event_id, attempts, last_error, delivered_at from webhook_outbox order by id');
    return { s, resolver, attempts: counted.attempts, outbox };
  };

  test('while the name is still being looked up, later requests start no second attempt of an event, and all wait on one lookup', async () => {
    const { s, resolver, attempts, outbox } = await start(60_000);
    for (let i = 0; i < 4; i++) {
      assert.equal((await s.post({ body: `Held lookup ${i}.`, email: `held${i}@example.org` })).status, 201);
      await waitFor(`the attempt of event ${i + 1}`, () => attempts.size === i + 1);
      // Past the outbox lock (a minute on the app's clock): the events still in flight are due again.
      s.later(61);
    }
    assert.equal(outbox().length, 4);
    assert.deepEqual([...attempts.values()], [1, 1, 1, 1], 'each event was sent once');
    assert.deepEqual(resolver.asked, ['hooks.example.test'], 'one lookup for every attempt waiting on the name');

    resolver.answer(notFound());
    await waitFor('every attempt to be recorded', () => outbox().every((row) => row.attempts === 1 && row.last_error !== null));
    for (const row of outbox()) {
      assert.equal(row.delivered_at, null);
      assert.match(row.last_error ?? '', /ENOTFOUND/, 'the outbox says why');
    }
    assert.deepEqual([...attempts.values()], [1, 1, 1, 1]);

    // Once an attempt is over, the next request retries what is due: once each, with a fresh lookup.
    s.later(61);
    assert.equal((await s.post({ body: 'After the answer.', email: 'after@example.org' })).status, 201);
    await waitFor('the retries and the new event', () => attempts.size === 5 && [...attempts.values()].slice(0, 4).every((n) => n === 2));
    assert.deepEqual([...attempts.values()], [2, 2, 2, 2, 1]);
    assert.deepEqual(resolver.asked, ['hooks.example.test', 'hooks.example.test']);
    resolver.answer(notFound());
    await waitFor('the second attempts to be recorded', () => outbox().every((row, i) => row.attempts === (i === 4 ? 1 : 2)));
  });

  test('a lookup that never answers fails the attempt after the lookup timeout, and the event waits for its retry', async () => {
    const { s, resolver, attempts, outbox } = await start(200);
    assert.equal((await s.post({ body: 'Nobody answers.', email: 'silent@example.org' })).status, 201);
    await waitFor('the attempt to be recorded', () => (outbox()[0]?.attempts ?? 0) === 1);
    const [row] = outbox();
    assert.equal(row?.delivered_at, null);
    // Not the delivery's own 10-second abort: the connection gave up on the name.
    assert.match(row?.last_error ?? '', /looking up hooks\.example\.test took longer than 200 ms/);
    assert.equal(attempts.size, 1);
    assert.deepEqual(resolver.asked, ['hooks.example.test']);
  });

  test('a name whose answer includes a private address is refused at connection time, whatever else it resolves to', async () => {
    const { s, resolver, outbox } = await start(60_000);
    assert.equal((await s.post({ body: 'Rebound.', email: 'rebound@example.org' })).status, 201);
    await waitFor('the lookup', () => resolver.asked.length === 1);
    resolver.answer([
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.8', family: 4 },
    ]);
    await waitFor('the attempt to be recorded', () => (outbox()[0]?.attempts ?? 0) === 1);
    assert.equal(outbox()[0]?.delivered_at, null);
    assert.match(outbox()[0]?.last_error ?? '', /refused to call a private address: hooks\.example\.test resolves to 10\.0\.0\.8/);
  });
});
