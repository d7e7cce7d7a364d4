// The API description: every area's operations, and the routes left out of it on purpose.
// To describe a new route: docs/api.md, "Describing a route".
import { buildDocument } from './document.js';
import type { Operation } from './operation.js';
import { adminBanOperations } from './areas/admin-bans.js';
import { adminCommentOperations } from './areas/admin-comments.js';
import { adminDataOperations } from './areas/admin-data.js';
import { adminRoleOperations } from './areas/admin-roles.js';
import { adminSiteOperations } from './areas/admin-sites.js';
import { publicOperations } from './areas/public.js';
import { readerOperations } from './areas/readers.js';
import { serviceOperations } from './areas/service.js';

/** One line per area file (src/openapi/areas/). */
export const operations: readonly Operation[] = [
  ...publicOperations,
  ...readerOperations,
  ...adminSiteOperations,
  ...adminCommentOperations,
  ...adminRoleOperations,
  ...adminBanOperations,
  ...adminDataOperations,
  ...serviceOperations,
];

/**
 * Routes that are not in the document: HTML pages for people in a browser, reached by a link or
 * their own forms, never called by an integrator's code. Everything under /api/, every script,
 * file and health route, and every form POST that another site's page may send (the comment and
 * report forms) is described. test/openapi-routes.test.ts fails on a route in neither list.
 */
export const undocumentedRoutes: ReadonlyArray<{ pattern: RegExp; why: string }> = [
  { pattern: /^\/admin(\/|$)/, why: "the moderator UI's pages and their own forms (the moderation API under /api/admin is described)" },
  { pattern: /^\/(privacy|subscriptions|unsubscribe|mail\/action)(\/|$)/, why: 'pages that mailed links open, and their confirmation forms' },
  { pattern: /^\/report\/:id$/, why: "the no-JavaScript report page (its form's POST is described)" },
  { pattern: /^\/($|demo\/)/, why: 'the demo articles (PARLEY_DEMO)' },
];

export const isUndocumented = (path: string) => undocumentedRoutes.some((rule) => rule.pattern.test(path));

let built: Record<string, unknown> | null = null;

/** The document, built on first use (it does not change while the process runs). */
export function openApiDocument(): Record<string, unknown> {
  built ??= buildDocument(operations, { version: '0.1.0' });
  return built;
}
