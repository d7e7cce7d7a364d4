// The report form's English strings: bundled into widget-report.js only, not into widget.js.
import type { ReportFormStrings } from './types.js';

export const enReportForm: ReportFormStrings = {
  title: 'Why should the moderators look at this comment?',
  reasons: { spam: 'Spam or advertising', abuse: 'Abusive or hateful', off_topic: 'Off topic', other: 'Something else' },
  note: 'Anything the moderators should know (optional)',
  send: 'Send report',
  thanks: 'Thank you. The moderators will look at the comment.',
};
