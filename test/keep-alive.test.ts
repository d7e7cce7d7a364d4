// Keep-alive on the real Node server: clients are told a shorter idle time than the server keeps, so a
// client that reuses an idle connection as late as it was told it may still finds it open (with Node's
// defaults the server closed it under a waiting request: ECONNRESET on the bench's POSTs).
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { sleep, startServer, type RunningServer } from './server.js';

/** One connection, kept open, on which requests are sent one after another. */
function rawConnection(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  let buffered = '';
  let closed = false;
  let waiting: (() => void) | null = null;
  socket.setEncoding('latin1');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    waiting?.();
  });
  socket.on('close', () => {
    closed = true;
    waiting?.();
  });
  socket.on('error', () => undefined);

  /** Sends a GET and reads its whole answer (status, headers; the body by Content-Length). */
  const get = async (path: string) => {
    socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    for (;;) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end >= 0) {
        const [statusLine = '', ...lines] = buffered.slice(0, end).split('\r\n');
        const headers = new Map(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
        const length = Number(headers.get('content-length') ?? 0);
        if (buffered.length >= end + 4 + length) {
          buffered = buffered.slice(end + 4 + length);
          return { status: Number(statusLine.split(' ')[1]), headers };
        }
      }
      if (closed) throw new Error('the server closed the connection');
      await new Promise<void>((resolve) => {
        waiting = resolve;
      });
      waiting = null;
    }
  };
  return { get, closed: () => closed, close: () => socket.destroy() };
}

describe('keep-alive connections', () => {
  let short: RunningServer;
  let standard: RunningServer;
  before(async () => {
    [short, standard] = await Promise.all([startServer({ env: { PARLEY_KEEP_ALIVE_SECONDS: '7' } }), startServer()]);
  });
  after(async () => {
    await Promise.all([short.stop(), standard.stop()]);
  });

  test('an idle connection stays open past the time clients are told, so a late request on it is answered', async () => {
    const connection = rawConnection(short.port);
    try {
      const first = await connection.get('/healthz');
      assert.equal(first.status, 200);
      assert.equal(first.headers.get('connection'), 'keep-alive');
      const told = /^timeout=(\d+)$/.exec(first.headers.get('keep-alive') ?? '');
      assert.ok(told, `Keep-Alive: ${first.headers.get('keep-alive')}`);
      assert.equal(told[1], '2', 'told 5 s less than PARLEY_KEEP_ALIVE_SECONDS');
      // A second later than a client may keep the connection (undici keeps it one second less than told).
      await sleep((Number(told[1]) + 1) * 1000);
      assert.equal(connection.closed(), false, 'the server has not closed the connection');
      assert.equal((await connection.get('/healthz')).status, 200);
    } finally {
      connection.close();
    }
  });

  test('by default clients are told 60 seconds, under the 65 the server keeps an idle connection', async () => {
    const res = await fetch(`${standard.baseUrl}/healthz`);
    await res.arrayBuffer();
    assert.equal(res.headers.get('keep-alive'), 'timeout=60');
  });
});
