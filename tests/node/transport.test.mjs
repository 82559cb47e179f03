// End-to-end tests of the transport through Node's `ws` client (npm):
// text and binary messages, fragments, ping/pong, permessage-deflate and
// close codes against a real parley-testd on 127.0.0.1.
// Run: node --test tests/node/transport.test.mjs (PARLEY_BUILD_DIR=build).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { startServer } from './lib/parleyd.mjs';

const require = createRequire(import.meta.url);
const WebSocket = require('ws');

let server, port;

before(async () => {
  server = await startServer(['--max-message-size', '1m'], 'parley-testd');
  port = server.port;
});

after(async () => {
  await server.stop();
});

function open(pathname, opts = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${pathname}`, opts);
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

function next(ws) {
  return new Promise((resolve) => ws.once('message', (data, isBinary) => resolve({ data, isBinary })));
}

test('text and binary echo up to the limit', async () => {
  const ws = await open('/test/echo', { perMessageDeflate: false });
  for (const n of [0, 1, 125, 126, 65535, 65536, 1024 * 1024]) {
    const text = 'a'.repeat(n);
    ws.send(text);
    const t = await next(ws);
    assert.equal(t.isBinary, false);
    assert.equal(t.data.toString(), text);
    const bin = Buffer.alloc(n, 7);
    ws.send(bin);
    const b = await next(ws);
    assert.equal(b.isBinary, true);
    assert.ok(Buffer.compare(b.data, bin) === 0);
  }
  const closed = new Promise((resolve) => ws.once('close', (code) => resolve(code)));
  ws.send(Buffer.alloc(1024 * 1024 + 1));
  assert.equal(await closed, 1009);
});

test('fragmented message', async () => {
  const ws = await open('/test/echo');
  ws.send('first ', { fin: false });
  ws.send('second ', { fin: false });
  ws.send('third', { fin: true });
  assert.equal((await next(ws)).data.toString(), 'first second third');
  ws.close();
});

test('ping gets a pong with the same payload', async () => {
  const ws = await open('/test/echo');
  const pong = new Promise((resolve) => ws.once('pong', (d) => resolve(d.toString())));
  ws.ping('hello-pong');
  assert.equal(await pong, 'hello-pong');
  ws.close();
});

test('permessage-deflate negotiated and used', async () => {
  const ws = await open('/test/echo', { perMessageDeflate: { threshold: 0 } });
  assert.match(ws.extensions, /permessage-deflate/);
  const text = 'parley '.repeat(20000);
  ws.send(text);
  assert.equal((await next(ws)).data.toString(), text);
  ws.close();
});

test('close code is echoed', async () => {
  const ws = await open('/test/echo');
  const closed = new Promise((resolve) => ws.once('close', (code, reason) => resolve([code, reason.toString()])));
  ws.close(4321, 'done');
  const [code] = await closed;
  assert.equal(code, 4321);
});

test('server close code reaches the client', async () => {
  const ws = await open('/test/close/4000');
  const [code, reason] = await new Promise((resolve) => ws.once('close', (c, r) => resolve([c, r.toString()])));
  assert.equal(code, 4000);
  assert.equal(reason, 'closing as asked');
});

test('fan-out reaches every socket of a room', async () => {
  const sockets = await Promise.all(Array.from({ length: 20 }, () => open('/test/fanout/r1')));
  const got = sockets.map((s) => next(s));
  sockets[3].send('to everyone');
  for (const g of await Promise.all(got)) assert.equal(g.data.toString(), 'to everyone');
  sockets.forEach((s) => s.close());
});
