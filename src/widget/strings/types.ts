// The shape of one language's table of widget strings. `{name}`-style slots are filled by format.ts.

export type FieldName = 'name' | 'email' | 'url' | 'body';

export interface ReportFormStrings {
  title: string;
  reasons: Record<'spam' | 'abuse' | 'off_topic' | 'other', string>;
  note: string;
  send: string;
  thanks: string;
}

export interface Strings {
  dir: 'ltr' | 'rtl';
  /** The heading over the thread, by the plural category of the count; slots {n} and {title}. Must have `other`. */
  responses: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
  beFirst: string;
  sortBy: string;
  oldest: string;
  newest: string;
  loadMore: string;
  loading: string;
  loadFailed: string;
  retry: string;
  closed: string;
  /** Closed by quiet hours; slot {time}. */
  closedUntil: string;
  moderator: string;
  edited: string;
  deleted: string;
  reply: string;
  /** aria-label of a Reply button; slot {name}. */
  replyTo: string;
  awaiting: string;
  edit: string;
  remove: string;
  confirmRemove: string;
  yesRemove: string;
  cancel: string;
  save: string;
  editLabel: string;
  leaveReply: string;
  /** slot {name}. */
  leaveReplyTo: string;
  cancelReply: string;
  emailNotes: string;
  /** slot {star}: where the asterisk goes. */
  requiredNotes: string;
  comment: string;
  name: string;
  email: string;
  website: string;
  honeypot: string;
  remember: string;
  /** The two "Notify me" checkboxes (WordPress's Subscribe to Comments wording), and the privacy link. */
  notifyReplies: string;
  notifyArticle: string;
  manage: string;
  post: string;
  /** Announced to screen readers. */
  published: string;
  removed: string;
  saved: string;
  /** Errors that are not about one field. slot {time} in tooFast. */
  tooFast: string;
  duplicate: string;
  threadClosed: string;
  network: string;
  failed: string;
  /** Live threads: the button over the thread when new comments came; slot {n}, by plural category. */
  newComments: Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };
  /** Readers' part: sorting by reactions, the Featured filter and label, Like and Report. */
  best: string;
  featuredFilter: string;
  featured: string;
  like: string;
  /** aria-label of the Like button; slots {name} and {n} (the count). */
  likeLabel: string;
  report: string;
  /** aria-label of a Report button; slot {name}. */
  reportLabel: string;
  reported: string;
  /** The report form's strings; English is built into widget-report.js (loaded when a reader opens the form). */
  reportForm?: ReportFormStrings;
  /** Messages beside each field; when a language leaves one out, the server's (English) message is shown. */
  fields: Partial<Record<FieldName, string>>;
}
