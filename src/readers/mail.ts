// What readers' routes need from mail: filled in from the mail core (outbox, rendering, link ids).
import type { Site } from '../store/types.js';
import type { PrivacyKind } from '../privacy/input.js';

export interface ReaderMail {
  /** Puts the mail with a signed export or erase link to `email` in the outbox. */
  privacyLink(site: Site, email: string, kind: PrivacyKind): Promise<void>;
  /** Marks a single-use link's id used; false when it already was. */
  useLink(id: string, now: number): Promise<boolean>;
}
