// The seeds' own browser clients against parleyd, in headless Chromium
// (Debian's chromium, driven by npm's playwright-core): seed 000's plain
// JavaScript client and its useAITutor React hook, seed 001's React
// snippet, and seed 003's RealTimeChat.tsx with its two chat pages, all as
// real React apps. The code under tests/browser/ is bundled with esbuild's
// JS API into a temporary folder, served by a small Node HTTP server on
// another loopback port (parleyd runs with that origin in --ws-origins and
// --cors-origins), and the test checks what the user sees. Screenshots go
// to $PARLEY_ARTIFACTS (default <build>/artifacts).
// Run: PARLEY_BUILD_DIR=build node --test tests/node/seed-clients-browser.test.mjs
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import http from 'node:http';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { startServer, buildDir } from './lib/parleyd.mjs';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');
const esbuild = require('esbuild');
const WebSocket = require('ws');

const here = import.meta.dirname ?? path.dirname(new URL(import.meta.url).pathname);
const sourceDir = path.join(here, '..', '..');
const browserDir = path.join(sourceDir, 'tests', 'browser');
const artifacts = process.env.PARLEY_ARTIFACTS || path.join(buildDir, 'artifacts');

/** The canned brain's answer, read from its source (src/brain/canned.c). */
function cannedText() {
  const src = fs.readFileSync(path.join(sourceDir, 'src', 'brain', 'canned.c'), 'utf8');
  const decl = src.match(/pl_brain_canned_text\[\]\s*=([\s\S]*?);/);
  assert.ok(decl, 'pl_brain_canned_text not found in src/brain/canned.c');
  const bytes = [];
  for (const [, lit] of decl[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    for (let i = 0; i < lit.length; i++) {
      if (lit[i] === '\\' && lit[i + 1] === 'x') {
        bytes.push(parseInt(lit.slice(i + 2, i + 4), 16));
        i += 3;
      } else if (lit[i] === '\\') {
        bytes.push(lit.charCodeAt(++i));
      } else {
        bytes.push(...Buffer.from(lit[i], 'utf8'));
      }
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

const CANNED = cannedText();
const CHUNKS = 12;
let server, harness, origin, outDir, browser;

/** A static server for the bundle folder on 127.0.0.1 (a free port). */
function startHarness(root) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
    '.map': 'application/json' };
  const srv = http.createServer((req, res) => {
    let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (p.endsWith('/')) p += 'index.html';
    const file = path.join(root, path.normalize(p));
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => srv.listen(0, '127.0.0.1', () => resolve(srv)));
}

before(async () => {
  fs.mkdirSync(artifacts, { recursive: true });
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-seed-clients-'));
  harness = await startHarness(outDir);
  origin = `http://127.0.0.1:${harness.address().port}`;
  // Only the harness origin may open WebSockets and call the REST API
  // cross-origin: the explicit list replaces the default `localhost`.
  server = await startServer(['--brain', 'canned', '--canned-chunks', String(CHUNKS), '--canned-delay', '0.03',
    '--ws-origins', origin, '--cors-origins', origin, '--shutdown-timeout', '1']);
  const wsBase = `ws://127.0.0.1:${server.port}`;
  await esbuild.build({
    entryPoints: { 'seed000/main': path.join(browserDir, 'seed000', 'main.tsx'),
      'seed003/main': path.join(browserDir, 'seed003', 'main.tsx') },
    bundle: true,
    outdir: outDir,
    format: 'iife',
    platform: 'browser',
    target: 'chrome110',
    jsx: 'automatic',
    sourcemap: 'linked',
    nodePaths: [path.join(here, 'node_modules')],
    logLevel: 'warning',
    define: {
      'process.env.NODE_ENV': '"development"',
      // seed 003 reads it as Next.js does; seeds 000/001 had ws://localhost:8000.
      'process.env.NEXT_PUBLIC_WS_URL': JSON.stringify(`${wsBase}/ws/chat`),
      PARLEY_WS_BASE: JSON.stringify(wsBase),
      PARLEY_HTTP_BASE: JSON.stringify(server.url),
    },
  });
  for (const seed of ['seed000', 'seed003'])
    fs.copyFileSync(path.join(browserDir, seed, 'index.html'), path.join(outDir, seed, 'index.html'));
  browser = await chromium.launch({ executablePath: process.env.PARLEY_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox'] });
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
  if (harness) await new Promise((resolve) => harness.close(resolve));
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

/**
 * Opens a harness page that records, after every DOM change, the texts of
 * the visible elements matching each selector of `watch` (window.__seen),
 * every console line, page error and WebSocket frame.
 */
async function openPage(url, watch) {
  const page = await browser.newPage();
  const log = { console: [], errors: [], sockets: [] };
  page.on('console', (m) => {
    log.console.push(m.text());
    if (m.type() === 'error') log.errors.push('console: ' + m.text());
  });
  page.on('pageerror', (e) => log.errors.push('page: ' + e.message));
  page.on('requestfailed', (r) => log.errors.push('request failed: ' + r.url()));
  page.on('websocket', (ws) => {
    const s = { url: ws.url(), sent: [], received: [] };
    log.sockets.push(s);
    ws.on('framesent', (f) => s.sent.push(JSON.parse(f.payload)));
    ws.on('framereceived', (f) => s.received.push(JSON.parse(f.payload)));
  });
  await page.addInitScript((sel) => {
    window.__seen = [];
    let last = '';
    const visible = (el) => !el.closest('[hidden]');
    const snap = () => {
      const s = {};
      for (const [k, q] of Object.entries(sel))
        s[k] = [...document.querySelectorAll(q)].filter(visible).map((e) => e.textContent);
      const j = JSON.stringify(s);
      if (j !== last) { last = j; window.__seen.push(s); }
    };
    new MutationObserver(snap).observe(document, { subtree: true, childList: true, characterData: true,
      attributes: true });
  }, watch);
  await page.goto(origin + url);
  return { page, log };
}

const seen = (page) => page.evaluate(() => window.__seen);
const texts = (page, sel) => page.$$eval(sel, (els) => els.map((e) => e.textContent));

/** Checks a recorded stream: growing proper prefixes of the answer, then the answer. */
function assertStreamed(values, what) {
  const partial = [...new Set(values.filter((v) => v !== '' && v !== CANNED))];
  assert.ok(partial.length >= 3, `${what}: only ${partial.length} partial states seen`);
  for (const p of partial) assert.ok(CANNED.startsWith(p), `${what}: ${JSON.stringify(p)} is not a prefix`);
  for (let i = 1; i < partial.length; i++) assert.ok(partial[i].length > partial[i - 1].length, what);
}

/** Asserts the typing indicator was off, then on, then off again. */
function assertOnThenOff(states, what) {
  const on = states.indexOf(true);
  assert.ok(on > 0, `${what}: never shown (or shown from the start)`);
  assert.ok(states.indexOf(false, on) > on, `${what}: never hidden again`);
  assert.equal(states[states.length - 1], false, what);
}

test('parleyd lets only the harness origin open WebSockets', async () => {
  const tryOrigin = (o) => new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/ws/chat`, { origin: o });
    ws.on('open', () => { ws.close(); resolve('open'); });
    ws.on('unexpected-response', (req, res) => { resolve(res.statusCode); req.destroy(); });
    ws.on('error', () => {});
  });
  assert.equal(await tryOrigin(origin), 'open');
  assert.equal(await tryOrigin('http://evil.example'), 403);
  assert.equal(await tryOrigin(`http://localhost:${harness.address().port}`), 403);
});

let page000, log000;

test('seed 000 plain JavaScript client: connects, confirms the message, streams the answer', async () => {
  ({ page: page000, log: log000 } = await openPage('/seed000/', {
    plainTyping: '#plain-typing', plainResponse: '#plain-response',
    hookTyping: '#hook .typing', hookStreaming: '#hook .streaming', hookBots: '#hook .msg.bot:not(.streaming)',
  }));
  const page = page000;
  await page.waitForFunction(() => document.querySelector('#plain').dataset.conversation);
  const conversationId = await page.$eval('#plain', (e) => e.dataset.conversation);
  assert.match(conversationId, /^[0-9a-f]{24}$/);
  await page.waitForFunction(() => document.querySelector('#hook .status')?.textContent === 'connected');
  for (let i = 0; i < 200 && !log000.console.includes('Connection confirmed: Connected to AI Tutor'); i++)
    await new Promise((r) => setTimeout(r, 25));
  assert.ok(log000.console.includes('Connected to AI Tutor'), 'onopen ran');
  assert.ok(log000.console.includes('Connection confirmed: Connected to AI Tutor'), log000.console.join('\n'));

  await page.fill('#plain-text', 'Can you explain quadratic equations?');
  await page.click('#plain-form button');
  await page.waitForFunction((c) => document.querySelector('#plain-response').textContent === c &&
    document.querySelector('#plain-typing').hidden, CANNED, { timeout: 10000 });
  assert.equal(await page.textContent('#plain-response'), CANNED);
  assert.equal(await page.textContent('#plain-error'), '');

  const s = await seen(page);
  assertStreamed(s.map((x) => x.plainResponse[0] ?? ''), 'plain response');
  assertOnThenOff(s.map((x) => x.plainTyping.length > 0), 'plain typing indicator');
  // What the snippet logs: the confirmation of the user's message, every chunk, the full text.
  assert.ok(log000.console.includes('User message confirmed: Can you explain quadratic equations?'));
  assert.equal(log000.console.filter((l) => l.startsWith('Chunk: ')).length, CHUNKS);
  assert.ok(log000.console.includes(`Bot response complete: ${CANNED}`));
  assert.ok(log000.console.includes('Bot is typing...') && log000.console.includes('Bot stopped typing'));
  const sock = log000.sockets.find((x) => x.url.endsWith(`/ai-tutor/ws/${conversationId}`));
  assert.deepEqual(sock.received.map((m) => m.mt).filter((mt) => mt !== 'stream_chunk' && mt !== 'title_updated'),
    ['connected', 'user_message_received', 'typing_indicator', 'stream_start', 'stream_end', 'stop_typing_indicator']);
  assert.equal(sock.sent[0].userId, '123');
  assert.match(sock.sent[0].token, /^msg_\d+$/);
});

test('seed 000 React hook useAITutor: the user message, the stream, typing on then off', async () => {
  const page = page000;
  await page.fill('#hook input', 'What is photosynthesis?');
  await page.click('#hook button');
  await page.waitForFunction((c) => [...document.querySelectorAll('#hook .msg.bot')].some((b) => b.textContent === c) &&
    !document.querySelector('#hook .typing') && !document.querySelector('#hook .streaming'), CANNED, { timeout: 10000 });
  assert.deepEqual(await texts(page, '#hook .msg.user'), ['What is photosynthesis?']);
  assert.deepEqual(await texts(page, '#hook .msg.bot'), [CANNED]);
  assert.equal(await page.textContent('#hook .status'), 'connected');
  const s = await seen(page);
  assertStreamed(s.map((x) => x.hookStreaming[0] ?? ''), 'hook streamingMessage');
  assertOnThenOff(s.map((x) => x.hookTyping.length > 0), 'hook typing indicator');
  // The answer appears as a finished message only once the stream ended.
  const firstBot = s.findIndex((x) => x.hookBots.length > 0);
  assert.ok(s.slice(0, firstBot).some((x) => x.hookStreaming.length > 0));
});

test('seed 001 React snippet (same page): each answer appended to messages', async () => {
  const page = page000;
  await page.waitForFunction(() => document.querySelector('#teach .status').textContent === 'connected');
  await page.fill('#teach input', 'teach me about quadratic equations');
  await page.click('#teach button');
  await page.waitForFunction(() => document.querySelectorAll('#teach .msg').length === 1, undefined, { timeout: 10000 });
  assert.deepEqual(await texts(page, '#teach .msg'), [CANNED]);
  const sock = log000.sockets.find((x) => x.url.endsWith('/ws/user123'));
  assert.deepEqual(sock.received.map((m) => m.type), ['welcome', 'response']);
  await page.screenshot({ path: path.join(artifacts, 'seed-clients-000-001.png'), fullPage: true });
  assert.deepEqual(log000.errors, []);
  await page.close();
});

const WATCH003 = { users: '.msg.user .text', bots: '.msg.assistant .text', typing: '.typing', status: '.status' };
let createdChat;

test('seed 003 RealTimeChat, new chat page: auth, onChatCreated, a streamed answer merged by id', async () => {
  const { page, log } = await openPage('/seed003/?user=user_123', WATCH003);
  await page.waitForSelector('#created .chat-created');
  const created = await texts(page, '#created .chat-created');
  assert.equal(created.length, 1, 'onChatCreated called once');
  createdChat = created[0];
  assert.match(createdChat, /^[0-9a-f]{24}$/);
  await page.waitForSelector('.status.connected');
  // The wire: auth without a chat -> chat_created -> the component reconnects with the chat.
  for (let i = 0; i < 200 && !(log.sockets[1]?.received.some((m) => m.type === 'messages')); i++)
    await new Promise((r) => setTimeout(r, 25));
  const [first, second] = log.sockets;
  assert.deepEqual(first.sent, [{ type: 'auth', data: { user_id: 'user_123' } }]);
  assert.deepEqual(first.received, [{ type: 'chat_created', data: { chat_id: createdChat } }]);
  assert.deepEqual(second.sent.slice(0, 2), [
    { type: 'auth', data: { user_id: 'user_123', chat_id: createdChat } },
    { type: 'load_messages', data: { chat_id: createdChat, user_id: 'user_123' } }]);
  assert.equal(log.sockets.length, 2, 'one reconnect');

  await page.fill('textarea', 'What does chapter 3 say about osmosis?');
  await page.click('button');
  await page.waitForFunction((c) => document.querySelector('.msg.assistant .text')?.textContent === c &&
    !document.querySelector('.typing'), CANNED, { timeout: 10000 });
  assert.deepEqual(await texts(page, '.msg.user .text'), ['What does chapter 3 say about osmosis?']);
  assert.deepEqual(await texts(page, '.msg.assistant .text'), [CANNED]);
  const [userId, botId] = await page.$$eval('.msg', (els) => els.map((e) => e.dataset.id));
  const sentMessage = second.sent.find((m) => m.type === 'message');
  assert.equal(userId, sentMessage.data.message.id, 'the echo merged into the shown message');
  assert.equal(sentMessage.data.chat_id, createdChat);
  assert.match(botId, /^a_\d+\.\d{3}$/);
  const s = await seen(page);
  assert.ok(s.every((x) => x.bots.length <= 1 && x.users.length <= 1), 'one bubble each, updated in place');
  assertStreamed(s.map((x) => x.bots[0] ?? ''), 'assistant message');
  assertOnThenOff(s.map((x) => x.typing.length > 0), 'typing indicator');
  assert.equal(await page.textContent('#toasts'), '');
  await page.screenshot({ path: path.join(artifacts, 'seed-clients-003-new-chat.png'), fullPage: true });
  assert.deepEqual(log.errors, []);
  await page.close();
});

test('seed 003 RealTimeChat, existing chat page on two devices: history, typing relay, shared stream', async () => {
  assert.ok(createdChat, 'needs the chat of the previous test');
  const url = `/seed003/?page=chat&id=${createdChat}&user=user_123`;
  const a = await openPage(url, WATCH003);
  const b = await openPage(url, WATCH003);
  for (const { page } of [a, b]) {
    await page.waitForFunction(() => document.querySelectorAll('.msg').length === 2);
    assert.deepEqual(await texts(page, '.msg .text'), ['What does chapter 3 say about osmosis?', CANNED]);
  }
  // Typing on device b shows on a, and goes away after the seed's 1 s debounce.
  const t0 = Date.now();
  await b.page.fill('textarea', 'And diffusion?');
  await a.page.waitForSelector('.typing');
  await a.page.waitForSelector('.typing', { state: 'detached', timeout: 4000 });
  assert.ok(Date.now() - t0 >= 900, 'typing stopped before the debounce');
  assert.equal(await b.page.$('.typing'), null, "b's own typing is not echoed back");
  // A message from b: both devices show the question and the streamed answer.
  await b.page.click('button');
  for (const { page } of [a, b]) {
    await page.waitForFunction((c) => document.querySelectorAll('.msg.assistant').length === 2 &&
      document.querySelectorAll('.msg.assistant .text')[1].textContent === c && !document.querySelector('.typing'),
    CANNED, { timeout: 10000 });
    assert.deepEqual(await texts(page, '.msg .text'),
      ['What does chapter 3 say about osmosis?', CANNED, 'And diffusion?', CANNED]);
  }
  assertStreamed((await seen(a.page)).map((x) => x.bots[1] ?? ''), 'second answer on device a');
  await a.page.screenshot({ path: path.join(artifacts, 'seed-clients-003-chat-device-a.png'), fullPage: true });
  await b.page.screenshot({ path: path.join(artifacts, 'seed-clients-003-chat-device-b.png'), fullPage: true });
  assert.deepEqual([...a.log.errors, ...b.log.errors], []);
  await a.page.close();
  await b.page.close();
});

test("seed 003 RealTimeChat, another user's chat: a toast, never its messages", async () => {
  const { page, log } = await openPage(`/seed003/?page=chat&id=${createdChat}&user=mallory`, WATCH003);
  await page.waitForSelector('.toast.error');
  await page.waitForFunction(() => document.querySelectorAll('.toast.error').length === 2); // auth, load_messages
  // The refused auth leaves the socket unauthenticated, so load_messages is refused too.
  const toasts = await texts(page, '.toast.error');
  assert.match(toasts[0], new RegExp(`chat ${createdChat} belongs to another user`));
  assert.match(toasts[1], /not authenticated/);
  assert.equal(await page.$('.msg'), null);
  assert.ok(log.sockets[0].received.every((m) => m.type === 'error'));
  await page.close();
});
