// node:crypto's HMAC and SHA-256 for the comment path: the same hex strings as WebCrypto, computed at
// once instead of through WebCrypto's job queue (which costs more than the hash itself).
import { createHash, createHmac } from 'node:crypto';
import type { Hashing } from '../comments/crypto.js';

export const nodeHashing: Hashing = {
  hmacHex: (secret, message) => createHmac('sha256', secret).update(message).digest('hex'),
  sha256Hex: (message) => createHash('sha256').update(message).digest('hex'),
};
