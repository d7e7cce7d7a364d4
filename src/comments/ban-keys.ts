// The normal forms bans are stored and matched in: emails trimmed and lowercased, domains lowercased
// without a leading @, IPs anonymised exactly as comments store them (ip.ts).
import { anonymiseIp } from './ip.js';

export type BanKind = 'email' | 'ip' | 'domain';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** The domain of an email (after its last @), or null for an empty or malformed one. */
export function emailDomain(email: string): string | null {
  const at = email.lastIndexOf('@');
  const domain = at >= 0 ? normaliseDomain(email.slice(at + 1)) : '';
  return domain === '' ? null : domain;
}

export const normaliseDomain = (domain: string) => domain.trim().replace(/^@+/, '').replace(/\.$/, '').toLowerCase();

const DOMAIN = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}$/;

/** A value a moderator typed, in the form it is stored and matched in; null when it is not one of its kind. */
export function normaliseBanValue(kind: BanKind, value: string): string | null {
  if (kind === 'email') {
    const email = normaliseEmail(value);
    const domain = emailDomain(email);
    return EMAIL.test(email) && domain !== null && DOMAIN.test(domain) ? email : null;
  }
  if (kind === 'domain') {
    const domain = normaliseDomain(value);
    return DOMAIN.test(domain) ? domain : null;
  }
  // An address or an already anonymised one (`198.51.100.0`, `2001:db8:1::`) gives the stored form.
  return anonymiseIp(value);
}

/** The keys a comment is checked against: its email, the email's domain and its (already anonymised) IP. */
export function banKeys(email: string, anonymisedIp: string | null) {
  const normal = normaliseEmail(email);
  return { email: normal === '' ? null : normal, domain: normal === '' ? null : emailDomain(normal), ip: anonymisedIp };
}
