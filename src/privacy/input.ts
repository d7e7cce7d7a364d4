// zod schemas of what a reader (or a moderator) sends about their personal data.
import { z } from 'zod';
import { emailSchema, siteSlugSchema } from '../comments/input.js';

export const privacyKinds = ['export', 'erase'] as const;
export type PrivacyKind = (typeof privacyKinds)[number];

export const eraseModes = ['anonymise', 'delete'] as const;
export type EraseMode = (typeof eraseModes)[number];

export const privacyRequestSchema = z.object({
  site: siteSlugSchema,
  email: emailSchema,
  kind: z.enum(privacyKinds, { error: 'Choose export or erase.' }),
});

export type PrivacyRequest = z.infer<typeof privacyRequestSchema>;

/** A moderator's look-up (and export) by address. */
export const privacyLookupSchema = z.object({ site: siteSlugSchema, email: emailSchema });

export const adminEraseSchema = z.object({
  site: siteSlugSchema,
  email: emailSchema,
  mode: z.enum(eraseModes, { error: 'Choose anonymise or delete.' }).default('anonymise'),
});
