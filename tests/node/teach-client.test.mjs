// The seed 001 teaching agent's own client code against a real parleyd.
// The seed gives no client class, only snippets: the "After (WebSocket)"
// API comparison, and the React and Vue.js integration examples. They are
// kept as they are (same URL shape, same messages, same handlers) and only
// adapted to run in Node 18+ with the npm `ws` package instead of a browser
// WebSocket, and with React's state and Vue's component stubbed as plain
// objects.
// Run: node --test tests/node/teach-client.test.mjs (PARLEY_BUILD_DIR=build).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';

const require = createRequire(import.meta.url);
const WebSocket = require('ws');

const buildDir = process.env.PARLEY_BUILD_DIR || path.join(import.meta.dirname ?? '.', '..', '..', 'build');
let server, exited, port, dataDir;

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function waitListening(p) {
  for (let i = 0; i < 200; i++) {
    const ok = await new Promise((resolve) => {
      const c = net.connect(p, '127.0.0.1', () => { c.end(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('server did not start');
}

before(async () => {
  port = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-node-teach-'));
  server = spawn(path.join(buildDir, 'parleyd'),
    ['--port', String(port), '--data-dir', dataDir, '--brain', 'canned', '--canned-chunks', '9',
      '--shutdown-timeout', '1'],
    { stdio: ['ignore', 'inherit', 'inherit'] });
  exited = new Promise((resolve) => server.once('exit', resolve));
  await waitListening(port);
});

after(async () => {
  server.kill('SIGTERM');
  await exited;
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// The seed's URLs use localhost:8000; the test server's port is random.
const seedUrl = (u) => u.replace('localhost:8000', `127.0.0.1:${port}`);

/** Resolves when pred() holds (polled), rejects after ms. */
function until(pred, ms = 5000) {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      if (pred()) return resolve();
      if (Date.now() - t0 > ms) return reject(new Error('condition not met in time'));
      setTimeout(tick, 10);
    };
    tick();
  });
}

const CANNED_START = 'A quadratic equation has the form';

test('seed "After (WebSocket)" snippet: send {type, content}, log data.response', async () => {
  const logged = [];
  const console = { log: (x) => logged.push(x) }; // the snippet's console.log, captured
  const all = [];
  const ws = new WebSocket(seedUrl('ws://localhost:8000/ws/api-comparison'));
  await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });

  // --- the seed's code, unchanged ---
  ws.send(JSON.stringify({
    type: 'message',
    content: 'teach me'
  }));

  ws.onmessage = (event) => {
    const data = JSON.parse(event.data);
    console.log(data.response);
    all.push(data); // (test bookkeeping)
  };
  // ---

  await until(() => all.some((d) => d.type === 'response'));
  assert.equal(all[0].type, 'welcome');
  assert.equal(all[0].client_id, 'api-comparison');
  const r = all.find((d) => d.type === 'response');
  assert.ok(r.response.startsWith(CANNED_START), r.response);
  assert.equal(r.mode, 'idle');          // the canned brain gives no mode: the default
  assert.equal(r.current_topic, null);   // ... and no topic
  assert.ok(!Number.isNaN(Date.parse(r.timestamp)), r.timestamp);
  assert.deepEqual(logged, [undefined, r.response]); // the welcome has no `response`
  ws.close();
});

test('seed React snippet: responses appended to the messages state', async () => {
  let messages = [];
  const setMessages = (f) => { messages = f(messages); }; // React's useState setter, stubbed

  // --- the seed's code, unchanged ---
  const ws = new WebSocket(seedUrl('ws://localhost:8000/ws/user123'));

  ws.onmessage = (event) => {
    const data = JSON.parse(event.data);
    setMessages(prev => [...prev, data.response]);
  };
  // ---

  await new Promise((resolve) => ws.once('open', resolve));
  await until(() => messages.length === 1); // the welcome
  for (const content of ['teach me about India', 'what year was this?']) {
    const n = messages.length;
    ws.send(JSON.stringify({ type: 'message', content }));
    await until(() => messages.length === n + 1);
    assert.ok(messages[n].startsWith(CANNED_START), messages[n]);
  }
  assert.equal(messages.length, 3);
  ws.close();
  await new Promise((resolve) => ws.once('close', resolve));

  // Reconnecting with the same client id continues the same conversation.
  const again = new WebSocket(seedUrl('ws://localhost:8000/ws/user123'));
  const welcome = await new Promise((resolve) => again.once('message', (d) => resolve(JSON.parse(d))));
  assert.equal(welcome.type, 'welcome');
  assert.ok(welcome.message.startsWith('Welcome back'), welcome.message);
  again.close();
});

test('seed Vue.js snippet: mounted() connects, handleMessage receives every message', async () => {
  const received = [];
  const component = {
    // --- the seed's code, unchanged (WebSocket is the npm ws class) ---
    mounted() {
      this.ws = new WebSocket(seedUrl('ws://localhost:8000/ws/user123-vue'));
      this.ws.onmessage = this.handleMessage;
    },
    // ---
    handleMessage(event) { received.push(JSON.parse(event.data)); },
  };
  component.mounted();
  await new Promise((resolve) => component.ws.once('open', resolve));
  // Three messages at once: the engine queues them and answers in order.
  for (const content of ['one', 'two', 'three'])
    component.ws.send(JSON.stringify({ type: 'message', content }));
  await until(() => received.filter((m) => m.type === 'response').length === 3);
  assert.equal(received[0].type, 'welcome');
  assert.deepEqual(received.map((m) => m.type), ['welcome', 'response', 'response', 'response']);

  // Bad input: an error message and the socket stays open.
  component.ws.send('{"type": "message"}');
  await until(() => received.length === 5);
  assert.deepEqual(received[4].type, 'error');
  assert.equal(received[4].code, 'invalid_message');
  assert.match(received[4].error, /content/);
  component.ws.send(JSON.stringify({ type: 'message', content: 'four' }));
  await until(() => received.length === 6);
  assert.equal(received[5].type, 'response');
  component.ws.close();
});

test('GET / lists the teaching agent endpoint', async () => {
  const res = await fetch(`http://127.0.0.1:${port}/`);
  assert.equal(res.status, 200);
  const info = await res.json();
  assert.equal(info.name, 'Parley');
  const ws = info.endpoints.find((e) => e.path === '/ws/{client_id}');
  assert.equal(ws.protocol, 'websocket');
  assert.equal(ws.dialect, 'teach');
});
