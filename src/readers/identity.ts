// Who a reader is, without an account and without storing an IP: keyed hashes (HMAC with the server
// secret) of the anonymised IP, with and without the widget's random reader id.
import { webCryptoHashing, type Hashing } from '../comments/crypto.js';
import { anonymiseIp } from '../comments/ip.js';

export interface ReaderKeys {
  /** One reader: anonymised IP + reader id. One report and one reaction per comment each. */
  readerKey: string;
  /** Everyone behind one anonymised IP: their reports count once toward the threshold. */
  ipKey: string;
}

export async function readerKeys(secret: string, ip: string | null, readerId: string, hashing: Hashing = webCryptoHashing): Promise<ReaderKeys> {
  const network = anonymiseIp(ip) ?? 'unknown';
  // With neither an IP nor an id there is nothing to tell readers apart; they share one key.
  const [readerKey, ipKey] = await Promise.all([
    hashing.hmacHex(secret, `reader\u0000${network}\u0000${readerId}`),
    hashing.hmacHex(secret, `reader-ip\u0000${network}`),
  ]);
  return { readerKey: readerKey.slice(0, 40), ipKey: ipKey.slice(0, 40) };
}
