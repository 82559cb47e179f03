#!/usr/bin/env node
// Seed 000 ("AI tutor") reference server for Parley's benchmarks, on node's
// http module and the `ws` package: the same routes and behaviour as
// bench/ref/tutor_fastapi.py, written the way a Node service would be.
// Single process, one event loop (one core).
//
//   POST /ai-tutor/conversations   {"user_id": 123, "title": "", "status": "active"}
//                                  -> 201 {"conversation_id": "<24 hex digits>"}
//   WS   /ai-tutor/ws/{conversation_id}
//                                  "connected" first; each user_message gets
//                                  user_message_received, typing_indicator,
//                                  stream_start, stream_chunk x 20, stream_end,
//                                  stop_typing_indicator, sent to every socket
//                                  of the conversation (serialised once per
//                                  event); an unknown conversation gets an
//                                  error and close 1008
//   GET  /health                   {"status":"ok", ...} as JSON
//
// Conversations live in memory. The tutor is "canned": a fixed answer split
// into 20 pieces of nearly equal length (code points), streamed without
// delay, the same text Parley's canned brain uses. A token seen again within
// 5 s on the same conversation is a duplicate: the sender gets
// user_message_received again and nothing is streamed.
//
// Usage: node bench/ref/tutor_node.js PORT [HOST]   (HOST defaults to 127.0.0.1)
// The `ws` dependency lives in tests/node (npm ci --prefix tests/node).
'use strict';

const crypto = require('crypto');
const http = require('http');
const path = require('path');

function loadWs() {
  const candidates = [
    'ws',
    path.join(__dirname, '..', '..', 'tests', 'node', 'node_modules', 'ws'),
  ];
  for (const c of candidates) {
    try {
      return require(c);
    } catch (e) {
      if (e.code !== 'MODULE_NOT_FOUND') throw e;
    }
  }
  process.stderr.write('tutor_node: the `ws` package is missing: run `npm ci --prefix tests/node`\n');
  process.exit(2);
}

const { WebSocketServer } = loadWs();

const CANNED_TEXT =
  'A quadratic equation has the form ax^2 + bx + c = 0, where a is not zero. ' +
  'Its solutions are given by the quadratic formula x = (-b \u00b1 sqrt(b^2 - 4ac)) / 2a. ' +
  'The discriminant b^2 - 4ac tells you how many real solutions there are: two when it ' +
  'is positive, one when it is zero, and none when it is negative.';
const CANNED_CHUNKS = 20;
const DEDUP_MS = 5000;
// Messages kept per conversation (user and tutor), oldest dropped first.
const MAX_HISTORY = 100;
// Largest WebSocket message and REST body accepted.
const MAX_PAYLOAD = 1024 * 1024;
const MAX_BODY = 64 * 1024;
// Longest user message accepted, in characters.
const MAX_MESSAGE_CHARS = 32768;

// Piece i of n: text[floor(i*L/n) : floor((i+1)*L/n)], L in code points.
function splitChunks(text, n) {
  const cps = Array.from(text);
  const L = cps.length;
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(cps.slice(Math.floor((i * L) / n), Math.floor(((i + 1) * L) / n)).join(''));
  }
  return out;
}
const CANNED_PIECES = splitChunks(CANNED_TEXT, CANNED_CHUNKS);

const port = Number.parseInt(process.argv[2] || '', 10);
const host = process.argv[3] || '127.0.0.1';
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  process.stderr.write('usage: tutor_node.js PORT [HOST]\n');
  process.exit(2);
}

const started = Date.now();
// id -> {userId, title, status, createdAt, messages: [], sockets: Set, tokens: Map(token -> ms)}
const conversations = new Map();
let openSockets = 0;

const nowIso = () => new Date().toISOString();

const wss = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  clientTracking: false,
  maxPayload: MAX_PAYLOAD,
});

function broadcast(conv, event) {
  const text = JSON.stringify(event);
  for (const ws of conv.sockets) {
    if (ws.readyState === ws.OPEN) ws.send(text);
  }
}

function sendError(ws, conversationId, error) {
  const event = { mt: 'error', error, timestamp: nowIso() };
  if (conversationId !== null) event.conversationId = conversationId;
  ws.send(JSON.stringify(event));
}

// True when token was seen on conv within DEDUP_MS; remembers it otherwise.
function isDuplicate(conv, token) {
  const now = Date.now();
  for (const [t, seen] of conv.tokens) {
    // a Map iterates in insertion order: stop at the first recent one
    if (now - seen <= DEDUP_MS) break;
    conv.tokens.delete(t);
  }
  if (conv.tokens.has(token)) return true;
  conv.tokens.set(token, now);
  return false;
}

function remember(conv, entry) {
  conv.messages.push(entry);
  if (conv.messages.length > MAX_HISTORY) conv.messages.shift();
}

function* cannedTutor() {
  yield* CANNED_PIECES;
}

function onUserMessage(ws, id, conv, data) {
  const { message, userId, token } = data;
  if (typeof message !== 'string' || message.length === 0 || message.length > MAX_MESSAGE_CHARS) {
    sendError(ws, id, 'message: required, a non-empty string');
    return;
  }
  if ((typeof userId !== 'string' && !Number.isInteger(userId)) || userId === '') {
    sendError(ws, id, 'userId: required, a string or integer');
    return;
  }
  if (token !== undefined && token !== null && typeof token !== 'string') {
    sendError(ws, id, 'token: must be a string');
    return;
  }
  const received = {
    mt: 'user_message_received',
    conversationId: id,
    message,
    userId,
    timestamp: nowIso(),
  };
  if (token) {
    received.token = token;
    if (isDuplicate(conv, token)) {
      ws.send(JSON.stringify(received));
      return;
    }
  }
  remember(conv, { role: 'user', userId, text: message });
  broadcast(conv, received);
  broadcast(conv, { mt: 'typing_indicator', conversationId: id, isBot: true, timestamp: nowIso() });
  const messageId = `ai_tutor_response_${(Date.now() / 1000).toFixed(3)}`;
  broadcast(conv, { mt: 'stream_start', conversationId: id, messageId, timestamp: nowIso() });
  let fullText = '';
  for (const chunk of cannedTutor()) {
    fullText += chunk;
    broadcast(conv, { mt: 'stream_chunk', conversationId: id, messageId, chunk, timestamp: nowIso() });
  }
  broadcast(conv, {
    mt: 'stream_end', conversationId: id, messageId, fullText, isFinal: true, timestamp: nowIso(),
  });
  remember(conv, { role: 'tutor', messageId, text: fullText });
  if (!conv.title) conv.title = message.slice(0, 50); // auto-title: stored, not announced
  broadcast(conv, { mt: 'stop_typing_indicator', conversationId: id, isBot: true, timestamp: nowIso() });
}

function onTutorSocket(ws, id) {
  const conv = conversations.get(id);
  if (!conv) {
    sendError(ws, id, 'Conversation not found');
    ws.close(1008, 'unknown conversation');
    return;
  }
  conv.sockets.add(ws);
  ws.send(JSON.stringify({
    mt: 'connected', conversationId: id, message: 'Connected to AI Tutor', timestamp: nowIso(),
  }));
  ws.on('message', (raw, isBinary) => {
    let data;
    try {
      data = JSON.parse(isBinary ? raw.toString('utf8') : raw.toString());
    } catch (e) {
      sendError(ws, null, 'Invalid JSON format');
      return;
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      sendError(ws, null, 'Invalid JSON format');
      return;
    }
    try {
      if (data.mt === 'user_message') onUserMessage(ws, id, conv, data);
      else sendError(ws, id, `Unknown message type: ${JSON.stringify(data.mt)}`);
    } catch (e) {
      sendError(ws, id, `Message processing error: ${e.message}`);
    }
  });
  ws.on('close', () => {
    conv.sockets.delete(ws);
  });
}

function sendJson(res, status, obj) {
  const body = JSON.stringify(obj);
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  res.end(body);
}

function createConversation(req, res) {
  const parts = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (d) => {
    size += d.length;
    if (size > MAX_BODY) tooLarge = true;
    else parts.push(d);
  });
  req.on('end', () => {
    if (tooLarge) {
      sendJson(res, 413, { error: 'body too large' });
      return;
    }
    let body;
    try {
      body = JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch (e) {
      sendJson(res, 400, { error: 'Invalid JSON format' });
      return;
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      sendJson(res, 400, { error: 'body: must be an object' });
      return;
    }
    const { user_id: userId, title = '', status = 'active' } = body;
    if ((typeof userId !== 'string' && !Number.isInteger(userId)) || userId === '') {
      sendJson(res, 400, { error: 'user_id: required, a string or integer' });
      return;
    }
    if (typeof title !== 'string' || status !== 'active') {
      sendJson(res, 400, { error: 'title must be a string and status "active"' });
      return;
    }
    const id = crypto.randomBytes(12).toString('hex');
    conversations.set(id, {
      userId, title, status, createdAt: nowIso(), messages: [], sockets: new Set(), tokens: new Map(),
    });
    sendJson(res, 201, { conversation_id: id });
  });
}

const server = http.createServer((req, res) => {
  const url = req.url.split('?')[0];
  if (url === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    sendJson(res, 200, {
      status: 'ok',
      server: 'node-tutor-reference',
      uptime_ms: Date.now() - started,
      conversations: conversations.size,
      websockets: openSockets,
    });
    return;
  }
  if (url === '/ai-tutor/conversations' && req.method === 'POST') {
    createConversation(req, res);
    return;
  }
  sendJson(res, 404, { error: 'not found' });
});

const WS_PREFIX = '/ai-tutor/ws/';

server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  const url = req.url.split('?')[0];
  if (!url.startsWith(WS_PREFIX) || url.length === WS_PREFIX.length ||
      url.indexOf('/', WS_PREFIX.length) !== -1) {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  let id;
  try {
    id = decodeURIComponent(url.slice(WS_PREFIX.length));
  } catch (e) {
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    openSockets++;
    ws.on('close', () => { openSockets--; });
    ws.on('error', () => {});
    onTutorSocket(ws, id);
  });
});

server.on('clientError', (err, socket) => {
  if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
  else socket.destroy();
});

function shutdown() {
  server.close();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);

server.listen(port, host, () => {
  process.stdout.write(`tutor_node: listening on ${host}:${port} (pid ${process.pid}, node ${process.version})\n`);
});
