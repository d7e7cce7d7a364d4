// zod schemas for what readers send when they report or react to a comment.
import { z } from 'zod';
import { cleanText } from '../comments/text.js';

export const reportReasons = ['spam', 'abuse', 'off_topic', 'other'] as const;
export type ReportReason = (typeof reportReasons)[number];

export const reportSchema = z.object({
  reason: z.enum(reportReasons, { error: 'The reason is spam, abuse, off_topic or other.' }),
  text: z
    .preprocess(
      (value) => (value === null || value === '' ? undefined : value),
      z
        .string({ error: 'The note is text.' })
        .transform((s) => cleanText(s).trim())
        .pipe(z.string().max(500, 'A note is at most 500 characters.'))
        .optional(),
    )
    .optional(),
});

export type ReportInput = z.infer<typeof reportSchema>;

/**
 * The random reader id the widget keeps in localStorage, sent as `X-Parley-Reader`. Anything else
 * (or none, as from the no-JavaScript form) counts as no id: the reader is then known by the
 * anonymised IP alone.
 */
export function readerIdOf(header: string | undefined): string {
  return header !== undefined && /^[A-Za-z0-9_-]{16,64}$/.test(header) ? header : '';
}
