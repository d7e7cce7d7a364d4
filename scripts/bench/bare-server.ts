// The baseline: a bare node:http server that answers every request with the bytes Parley answered
// (status, headers, body), read from a file. Usage: bare-server.ts {response.json} {port}
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

export interface RecordedResponse {
  status: number;
  headers: Array<[string, string]>;
  /** The body, base64. */
  body: string;
}

/** Headers Node writes itself on every response. */
const OWN_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

const [file, portText] = process.argv.slice(2);
if (!file || !portText) throw new Error('usage: bare-server.ts {response.json} {port}');
const recorded = JSON.parse(readFileSync(file, 'utf8')) as RecordedResponse;
const body = Buffer.from(recorded.body, 'base64');
const headers: Record<string, string | number> = { 'Content-Length': body.length };
for (const [name, value] of recorded.headers) if (!OWN_HEADERS.has(name.toLowerCase())) headers[name] = value;

const server = createServer((req, res) => {
  // A POST's body is read to its end, as any server has to.
  req.resume();
  req.on('end', () => {
    res.writeHead(recorded.status, headers);
    res.end(body);
  });
});
server.keepAliveTimeout = 5000;
server.listen(Number(portText), '127.0.0.1', () => console.log('ready'));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
