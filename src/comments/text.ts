// Normalising user-supplied text: well-formed Unicode, NFC, no control characters.

// C0 and C1 controls except tab, line feed and carriage return; also the bidi override/isolate
// controls, which let a name display as something else.
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/g;
const LINE_BREAKS = /[\t\r\n\u2028\u2029]+/g;

/** Text for a multi-line field (a comment body): line breaks kept, other controls removed. */
export function cleanText(value: string): string {
  return value.toWellFormed().replace(CONTROLS, '').normalize('NFC').replace(/\r\n?/g, '\n');
}

/** Text for a one-line field (a name, a title): everything on one line. */
export function cleanLine(value: string): string {
  return cleanText(value).replace(LINE_BREAKS, ' ').trim();
}

/** Length in Unicode code points, which is what a person counts as characters. */
export function charLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}
