// The words of Parley's mail, one table per language (like the widget's src/widget/strings).
// `{name}`-style slots are filled by fill(); every filled value is user text and is escaped for HTML.

export interface MailStrings {
  dir: 'ltr' | 'rtl';
  /** Footer line of every mail: why the reader gets it. */
  footerModerator: string;
  moderator: {
    heldSubject: string;
    newSubject: string;
    heldIntro: string;
    newIntro: string;
    article: string;
    author: string;
    email: string;
    website: string;
    reasons: string;
    comment: string;
    approve: string;
    spam: string;
    trash: string;
    /** How long the three links work. */
    linksNote: string;
    queue: string;
    digestSubject: { one: string; other: string };
    digestIntro: string;
    statusHeld: string;
    statusApproved: string;
    settings: string;
  };
  /** Reasons a comment was held, by code (see src/admin-ui/reasons.ts for the moderator UI's). */
  reasons: {
    first_comment: string;
    manual_approval: string;
    links: string;
    moderation_key: string;
    disallowed_key: string;
    honeypot: string;
    too_fast: string;
  };
  /** The page a mail link opens (confirm, done, refused). */
  page: {
    confirmTitle: string;
    confirmApprove: string;
    confirmSpam: string;
    confirmTrash: string;
    doneApprove: string;
    doneSpam: string;
    doneTrash: string;
    openQueue: string;
    usedTitle: string;
    used: string;
    expiredTitle: string;
    expired: string;
    invalidTitle: string;
    invalid: string;
    goneTitle: string;
    gone: string;
    forbiddenTitle: string;
    forbidden: string;
  };
}
