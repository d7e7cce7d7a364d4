// Byte streams for the parsers: look at the first bytes, gunzip, and split into numbered lines.
export type Bytes = AsyncIterable<Uint8Array>;

/** The first `size` bytes (or fewer, at the end of the stream), and the whole stream again. */
export async function peek(source: Bytes, size: number): Promise<{ head: Uint8Array; stream: Bytes }> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < size) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const head = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    head.set(chunk, offset);
    offset += chunk.length;
  }
  async function* again(): Bytes {
    for (const chunk of chunks) yield chunk;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head: head.subarray(0, size), stream: again() };
}

export const isGzip = (head: Uint8Array) => head[0] === 0x1f && head[1] === 0x8b;

/** Gunzips a stream (DecompressionStream: in Node and on Workers alike). */
export async function* gunzip(source: Bytes): Bytes {
  const decompressor = new DecompressionStream('gzip');
  const writer = decompressor.writable.getWriter();
  const pump = (async () => {
    try {
      for await (const chunk of source) await writer.write(chunk as Uint8Array<ArrayBuffer>);
      await writer.close();
    } catch (error) {
      await writer.abort(error).catch(() => undefined);
    }
  })();
  const reader = decompressor.readable.getReader();
  try {
    for (;;) {
      let next: ReadableStreamReadResult<Uint8Array>;
      try {
        next = await reader.read();
      } catch {
        throw new Error('the gzip data is damaged or cut off');
      }
      if (next.done) break;
      yield next.value;
    }
  } finally {
    reader.releaseLock();
    await pump;
  }
}

/** The text of a stream in pieces, decoded as UTF-8 across chunk borders. */
export async function* text(source: Bytes): AsyncIterable<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) {
    const piece = decoder.decode(chunk, { stream: true });
    if (piece) yield piece;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** Lines (without their line break) with their numbers, counted from 1. */
export async function* lines(source: Bytes): AsyncIterable<{ line: string; number: number }> {
  let carry = '';
  let number = 0;
  for await (const piece of text(source)) {
    const parts = (carry + piece).split('\n');
    carry = parts.pop() ?? '';
    for (const line of parts) yield { line: line.replace(/\r$/, ''), number: ++number };
  }
  if (carry !== '') yield { line: carry.replace(/\r$/, ''), number: ++number };
}

/** Bytes of a whole in-memory buffer as a stream (tests, uploads). */
export async function* fromBuffer(buffer: Uint8Array, chunkSize = 64 * 1024): Bytes {
  for (let i = 0; i < buffer.length; i += chunkSize) yield buffer.subarray(i, i + chunkSize);
}
