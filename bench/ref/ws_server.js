#!/usr/bin/env node
// Reference WebSocket server for Parley's benchmarks: the routes of
// parley-testd implemented with node's http module and the `ws` package, so
// the load generator can be run against a well-known implementation at the
// same settings. Single process, one event loop (one core).
//
//   /test/echo            WebSocket: every text/binary message is sent back
//                         unchanged (same opcode).
//   /test/fanout/{room}   WebSocket: every message received from any socket in
//                         the room is sent to every socket in the room,
//                         the sender included.
//   /health               HTTP GET: {"status":"ok", ...} as JSON.
//
// Usage: node bench/ref/ws_server.js PORT [HOST]   (HOST defaults to 127.0.0.1)
// The `ws` dependency lives in tests/node (npm ci --prefix tests/node).
'use strict';

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
  process.stderr.write('ws_server: the `ws` package is missing: run `npm ci --prefix tests/node`\n');
  process.exit(2);
}

const { WebSocketServer } = loadWs();

// Largest message accepted from a client; larger ones close the socket (1009).
const MAX_PAYLOAD = 16 * 1024 * 1024;
// Longest room name accepted in /test/fanout/{room}.
const MAX_ROOM_NAME = 128;

const port = Number.parseInt(process.argv[2] || '', 10);
const host = process.argv[3] || '127.0.0.1';
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  process.stderr.write('usage: ws_server.js PORT [HOST]\n');
  process.exit(2);
}

const started = Date.now();
const rooms = new Map(); // room name -> Set of WebSocket
let openSockets = 0;

const wss = new WebSocketServer({
  noServer: true,
  perMessageDeflate: false,
  clientTracking: false,
  maxPayload: MAX_PAYLOAD,
});

function rejectUpgrade(socket, status, reason) {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function onEcho(ws) {
  ws.on('message', (data, isBinary) => {
    ws.send(data, { binary: isBinary });
  });
}

function onFanout(ws, room) {
  let members = rooms.get(room);
  if (!members) {
    members = new Set();
    rooms.set(room, members);
  }
  members.add(ws);
  ws.on('message', (data, isBinary) => {
    for (const peer of members) {
      if (peer.readyState === peer.OPEN) peer.send(data, { binary: isBinary });
    }
  });
  ws.on('close', () => {
    members.delete(ws);
    if (members.size === 0) rooms.delete(room);
  });
}

const server = http.createServer((req, res) => {
  const url = req.url.split('?')[0];
  if (url === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    const body = JSON.stringify({
      status: 'ok',
      server: 'node-ws-reference',
      uptime_ms: Date.now() - started,
      websockets: openSockets,
      rooms: rooms.size,
    });
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }
  res.writeHead(404, { 'Content-Type': 'application/json' });
  res.end('{"error":"not found"}');
});

server.on('upgrade', (req, socket, head) => {
  socket.on('error', () => socket.destroy());
  const url = req.url.split('?')[0];
  let attach = null;
  if (url === '/test/echo') {
    attach = onEcho;
  } else if (url.startsWith('/test/fanout/')) {
    const room = url.slice('/test/fanout/'.length);
    if (room.length === 0 || room.length > MAX_ROOM_NAME || room.includes('/')) {
      rejectUpgrade(socket, 400, 'Bad Request');
      return;
    }
    attach = (ws) => onFanout(ws, room);
  } else {
    rejectUpgrade(socket, 404, 'Not Found');
    return;
  }
  wss.handleUpgrade(req, socket, head, (ws) => {
    openSockets++;
    ws.on('close', () => { openSockets--; });
    ws.on('error', () => {});
    attach(ws);
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
  process.stdout.write(`ws_server: listening on ${host}:${port} (pid ${process.pid})\n`);
});
