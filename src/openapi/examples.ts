// Example bodies shared by the area files (the document's `example`s; a test checks each against its schema).

export const exampleTime = '2026-11-24T19:08:14.000Z';

export const examplePublicComment = {
  id: 7,
  parentId: null,
  author: { name: 'Amal', url: 'https://amal.example', avatar: '/avatars/06daab012e47c7492424b6d74470b759.svg', moderator: false },
  html: '<p>I agree with <em>this</em>.</p>',
  createdAt: exampleTime,
  editedAt: null,
  deleted: false,
  reactions: 2,
  featured: false,
  replies: [],
};

export const exampleNewComment = {
  site: 'demo',
  article: '/2024/05/talks',
  articleUrl: 'https://example.org/2024/05/talks',
  articleTitle: 'Talks resume',
  parentId: 7,
  name: 'Amal',
  email: 'amal@example.org',
  url: 'https://amal.example',
  body: 'I agree with *this*.',
};

export const exampleAdminComment = {
  ...examplePublicComment,
  status: 'pending',
  email: 'amal@example.org',
  ip: '203.0.113.0',
  userAgent: 'Mozilla/5.0',
  body: 'I agree with *this*.',
  reasons: ['first_comment'],
  site: 'demo',
  articleKey: '/2024/05/talks',
  articleUrl: 'https://example.org/2024/05/talks',
  articleTitle: 'Talks resume',
  parent: null,
  reports: null,
};

export const exampleSettings = {
  origins: ['https://example.org'],
  approval: 'first-time',
  maxLinks: 2,
  moderationKeys: [],
  disallowedKeys: ['casino'],
  maxDepth: 5,
  closeAfterDays: null,
  commentsPerPage: 50,
  editWindowMinutes: 15,
  floodSeconds: 15,
  requireNameEmail: true,
  language: 'en',
  reportThreshold: 3,
  bannedAction: 'refuse',
  reactions: true,
  notify: { webhook: 'https://hooks.example.org/parley' },
  subscriberMailsPerHour: 5,
  approvedMail: false,
  forgetIpAfterDays: null,
  emptySpamTrashAfterDays: 30,
  akismetKey: { set: true },
  moderationHook: { url: 'https://classifier.example.org/parley', timeoutMs: 2000, secret: { set: true } },
  quietHours: { mode: 'held', timeZone: 'Europe/Berlin', windows: [{ days: ['sat', 'sun'], from: '22:00', to: '07:00' }] },
};
