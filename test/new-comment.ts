// A comment as the service hands it to the store (NewComment), for tests that call the store directly.
import type { NewComment } from '../src/store/types.js';

export const newComment = (siteId: number, fields: Partial<NewComment> = {}): NewComment => ({
  siteId,
  articleKey: '/a',
  articleUrl: 'https://news.example.org/a',
  articleTitle: 'A',
  parentId: null,
  depth: 1,
  status: 'approved',
  reasons: [],
  name: 'Amal',
  email: 'amal@example.org',
  url: null,
  avatar: '0'.repeat(32),
  bodySource: 'Hello',
  html: '<p>Hello</p>',
  ip: '192.0.2.0',
  userAgent: 'test',
  moderator: false,
  editTokenHash: null,
  createdAt: 1000,
  ...fields,
});
