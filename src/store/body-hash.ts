// The hash the duplicate check seeks (comments.body_hash, schema.ts): FNV-1a over the text's UTF-16
// code units, 32 bits, never 0 (0 is "not known"). Not a secret and not an identity: rows with the same
// hash are still compared by their text, so a collision costs one row read, never a wrong answer.

export function bodyHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0 || 1;
}
