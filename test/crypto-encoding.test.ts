// The encodings every POST uses (src/comments/crypto.ts): base64url of its edit token, and the
// remembered avatar hashes, give what the plain definitions give.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { avatarHash, fromBase64Url, randomToken, toBase64Url } from '../src/comments/crypto.js';

describe('crypto encodings', () => {
  test('base64url of any length is what Node writes, without padding, and reads back', () => {
    for (let length = 0; length <= 100; length++) {
      for (let round = 0; round < 5; round++) {
        const bytes = new Uint8Array(randomBytes(length));
        const text = toBase64Url(bytes);
        assert.equal(text, Buffer.from(bytes).toString('base64url'), `length ${length}`);
        assert.deepEqual(fromBase64Url(text), bytes);
      }
    }
    assert.equal(toBase64Url(new Uint8Array([0xfb, 0xff, 0xfe])), '-__-');
  });

  test('a token is 256 random bits in 43 base64url characters, never the same twice', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const token = randomToken();
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      assert.ok(!seen.has(token));
      seen.add(token);
    }
  });

  test('an avatar is the keyed hash of the identity, per secret, the same when remembered', async () => {
    const expected = (secret: string, identity: string) => createHmac('sha256', secret).update(`avatar\u0000${identity}`).digest('hex').slice(0, 32);
    for (const secret of ['one secret', 'another secret']) {
      for (let i = 0; i < 2; i++) {
        assert.equal(await avatarHash(secret, ' Amal@Example.org ', 'Amal'), expected(secret, 'email:amal@example.org'));
        assert.equal(await avatarHash(secret, '', 'Amal'), expected(secret, 'name:Amal'));
      }
    }
    assert.notEqual(await avatarHash('one secret', 'a@example.org', ''), await avatarHash('another secret', 'a@example.org', ''));
  });
});
