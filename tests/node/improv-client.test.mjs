// The seed 002 ImprovToday client against a real parleyd: the seed's
// ConversationWebSocket class and its "Manual Testing with Browser DevTools"
// snippet, kept as they are (same URLs, same messages, same handlers,
// the same reconnection) and only adapted to run in Node 18+: the npm `ws`
// package stands in for the browser's WebSocket, the seed's localhost:8000
// becomes the test server's address, the snippet's relative fetch URLs get
// that address in front, and console output is captured.
// Run: node --test tests/node/improv-client.test.mjs (PARLEY_BUILD_DIR=build).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { buildDir, freePort, waitListening } from './lib/parleyd.mjs';

const require = createRequire(import.meta.url);
const WebSocket = require('ws');

let proc, exited, port, dataDir, base;
const ARGS = () => ['--port', String(port), '--data-dir', dataDir, '--brain', 'canned',
  '--canned-chunks', '4', '--shutdown-timeout', '1', '--store-sync', 'normal'];

async function startParleyd() {
  proc = spawn(path.join(buildDir, 'parleyd'), ARGS(), { stdio: ['ignore', 'inherit', 'inherit'] });
  exited = new Promise((resolve) => proc.once('exit', resolve));
  await waitListening(port);
}

async function stopParleyd() {
  proc.kill('SIGTERM');
  await exited;
}

before(async () => {
  port = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-node-improv-'));
  base = `http://127.0.0.1:${port}`;
  await startParleyd();
});

after(async () => {
  await stopParleyd();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// The seed's URLs use localhost:8000; the test server's port is random.
const seedUrl = (u) => u.replace('localhost:8000', `127.0.0.1:${port}`);
const console = { log: () => {}, error: () => {} }; // the seed's logging, silenced

/** Resolves when pred() holds (polled), rejects after ms. */
function until(pred, ms = 5000, what = 'condition') {
  return new Promise((resolve, reject) => {
    const t0 = Date.now();
    const tick = () => {
      const v = pred();
      if (v) return resolve(v);
      if (Date.now() - t0 > ms) return reject(new Error(`${what} not met in time`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

// ---------------------------------------------------------------------------
// The seed's class ("JavaScript WebSocket Client"), verbatim but for seedUrl().

class ConversationWebSocket {
  constructor(conversationId) {
    this.conversationId = conversationId;
    this.ws = null;
    this.reconnectAttempts = 0;
    this.maxReconnectAttempts = 5;
  }

  connect() {
    this.ws = new WebSocket(seedUrl(`ws://localhost:8000/api/ws/conversations/${this.conversationId}`));

    this.ws.onopen = () => {
      console.log('WebSocket connected');
      this.reconnectAttempts = 0;
    };

    this.ws.onmessage = (event) => {
      const message = JSON.parse(event.data);
      this.handleMessage(message);
    };

    this.ws.onclose = () => {
      console.log('WebSocket disconnected');
      this.attemptReconnect();
    };

    this.ws.onerror = (error) => {
      console.error('WebSocket error:', error);
    };
  }

  handleMessage(message) {
    switch (message.type) {
      case 'state_update':
        this.onStateUpdate(message.payload);
        break;
      case 'transcript_update':
        this.onTranscriptUpdate(message.payload);
        break;
      case 'ai_response':
        this.onAIResponse(message.payload);
        break;
      case 'speech_event':
        this.onSpeechEvent(message.payload);
        break;
      case 'error':
        this.onError(message.payload);
        break;
    }
  }

  sendTranscriptUpdate(interimText, finalText, confidence) {
    this.send({
      type: 'transcript_update',
      payload: {
        interim_transcript: interimText,
        final_transcript: finalText,
        confidence: confidence
      }
    });
  }

  requestStateChange(newState, metadata = {}) {
    this.send({
      type: 'state_change_request',
      payload: {
        state: newState,
        metadata: metadata
      }
    });
  }

  send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(message));
    }
  }

  attemptReconnect() {
    if (this.reconnectAttempts < this.maxReconnectAttempts) {
      this.reconnectAttempts++;
      setTimeout(() => {
        console.log(`Attempting to reconnect... (${this.reconnectAttempts}/${this.maxReconnectAttempts})`);
        this.connect();
      }, 1000 * this.reconnectAttempts);
    }
  }

  // Override these methods in your implementation
  onStateUpdate(payload) { console.log('State update:', payload); }
  onTranscriptUpdate(payload) { console.log('Transcript update:', payload); }
  onAIResponse(payload) { console.log('AI response:', payload); }
  onSpeechEvent(payload) { console.log('Speech event:', payload); }
  onError(payload) { console.error('WebSocket error:', payload); }
}

// An implementation that overrides the handlers, as the seed says to: it
// records every payload it is given.
class RecordingClient extends ConversationWebSocket {
  constructor(id) {
    super(id);
    this.events = [];
  }
  record(kind, payload) { this.events.push({ kind, payload }); }
  onStateUpdate(p) { this.record('state', p); }
  onTranscriptUpdate(p) { this.record('transcript', p); }
  onAIResponse(p) { this.record('ai', p); }
  onSpeechEvent(p) { this.record('speech', p); }
  onError(p) { this.record('error', p); }
  states() { return this.events.filter((e) => e.kind === 'state').map((e) => e.payload.current_state); }
  of(kind) { return this.events.filter((e) => e.kind === kind).map((e) => e.payload); }
  close() { this.maxReconnectAttempts = 0; this.ws.close(); }
}

async function createTestConversation() {
  const r = await fetch(`${base}/api/test/conversations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ personality: 'friendly_neutral' }),
  });
  assert.equal(r.status, 201);
  return (await r.json()).conversation.conversation_id;
}

// ---------------------------------------------------------------------------

test('seed "Manual Testing with Browser DevTools" snippet', async () => {
  const seen = [];
  const fetchRel = (u, init) => fetch(base + u, init); // the page's origin
  let created;
  const wsOpen = await new Promise((resolve, reject) => {
    // The seed's snippet, with fetch relative to the server and logs captured.
    fetchRel('/api/test/conversations', {
      method: 'POST',
      headers: {'Content-Type': 'application/json'},
      body: JSON.stringify({personality: 'friendly_neutral'})
    }).then(r => r.json()).then(data => {
      created = data;
      console.log('Conversation created:', data);

      // Connect WebSocket
      const ws = new WebSocket(seedUrl(`ws://localhost:8000/api/ws/conversations/${data.conversation.conversation_id}`));
      ws.onmessage = e => seen.push(JSON.parse(e.data));

      // Send test message
      ws.onopen = () => {
        fetchRel(`/api/test/conversations/${data.conversation.conversation_id}/message`, {
          method: 'POST',
          headers: {'Content-Type': 'application/json'},
          body: JSON.stringify({content: 'Hello!'})
        });
        resolve(ws);
      };
    }).catch(reject);
  });
  const cid = created.conversation.conversation_id;
  await until(() => seen.some((m) => m.type === 'ai_response'), 5000, 'ai_response');
  await until(() => seen.filter((m) => m.type === 'state_update').length >= 5, 5000, 'state updates');
  assert.deepEqual(seen.slice(0, 2).map((m) => m.type), ['connection_status', 'state_update']);
  assert.deepEqual(seen.filter((m) => m.type === 'state_update').map((m) => m.payload.current_state),
    ['idle', 'listening', 'processing', 'speaking', 'waiting_for_user']);
  const ai = seen.find((m) => m.type === 'ai_response');
  assert.equal(ai.conversation_id, cid);
  assert.ok(ai.payload.content.length > 20);
  assert.equal(ai.payload.audio_url, null);
  assert.deepEqual(ai.payload.feedback, { clarity: 100, fluency: 100 });
  const final = seen.find((m) => m.type === 'transcript_update');
  assert.equal(final.payload.final_transcript, 'Hello!');
  for (const m of seen) {
    assert.equal(m.conversation_id, cid);
    assert.match(m.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  }
  wsOpen.close();
});

test('the seed class: transcript updates, state changes, errors, two clients', async () => {
  const cid = await createTestConversation();
  const a = new RecordingClient(cid);
  const b = new RecordingClient(cid);
  a.connect();
  b.connect();
  await until(() => a.states().length >= 1 && b.states().length >= 1, 5000, 'snapshots');
  assert.deepEqual(a.of('state')[0], { current_state: 'idle', speech_recognition_active: false,
    speech_synthesis_active: false });

  // requestStateChange: applied and announced to both clients.
  a.requestStateChange('listening', { reason: 'user_started_speaking' });
  await until(() => b.states().includes('listening'), 5000, 'listening');
  assert.equal(a.of('state').at(-1).previous_state, 'idle');
  assert.equal(a.of('state').at(-1).speech_recognition_active, true);

  // sendTranscriptUpdate with an interim text only: relayed to the other client.
  a.sendTranscriptUpdate('hello ho', '', 0.6);
  await until(() => b.of('transcript').length === 1, 5000, 'relay');
  assert.deepEqual(b.of('transcript')[0], { interim_transcript: 'hello ho', final_transcript: '', confidence: 0.6 });
  assert.equal(a.of('transcript').length, 0);

  // sendTranscriptUpdate with a final text: the user's turn, answered for both.
  a.sendTranscriptUpdate('', 'hello how are you', 0.95);
  await until(() => a.of('ai').length === 1 && b.of('ai').length === 1, 5000, 'answers');
  await until(() => a.states().at(-1) === 'waiting_for_user', 5000, 'waiting_for_user');
  assert.deepEqual(a.of('ai')[0], b.of('ai')[0]);
  assert.equal(a.of('ai')[0].feedback.clarity, 98); // (100 + 95) / 2
  assert.deepEqual(a.of('transcript').at(-1),
    { interim_transcript: '', final_transcript: 'hello how are you', confidence: 0.95 });
  assert.deepEqual(a.states(), ['idle', 'listening', 'processing', 'speaking', 'waiting_for_user']);

  // An invalid change: an error naming both states; nothing changes.
  a.requestStateChange('speaking');
  await until(() => a.of('error').length === 1, 5000, 'error');
  assert.deepEqual(a.of('error')[0], { error: 'invalid_transition',
    message: 'cannot move from waiting_for_user to speaking', from_state: 'waiting_for_user',
    to_state: 'speaking' });
  await new Promise((r) => setTimeout(r, 200));
  assert.equal(b.of('error').length, 0);
  assert.equal(b.states().at(-1), 'waiting_for_user');
  a.close();
  b.close();
});

test('the seed class reconnects after the server restarts', async () => {
  const cid = await createTestConversation();
  const c = new RecordingClient(cid);
  c.connect();
  await until(() => c.states().length === 1, 5000, 'snapshot');
  c.requestStateChange('listening');
  await until(() => c.states().includes('listening'), 5000, 'listening');
  const opened = [];
  const origConnect = c.connect.bind(c);
  c.connect = () => { opened.push(Date.now()); origConnect(); };
  await stopParleyd(); // the socket closes (1001): onclose -> attemptReconnect in 1 s
  await startParleyd();
  // After the restart the conversation's LISTENING was an unfinished turn: reset to idle.
  await until(() => opened.length >= 1 && c.ws.readyState === WebSocket.OPEN && c.states().at(-1) === 'idle',
    10000, 'reconnected');
  assert.equal(c.reconnectAttempts, 0); // onopen reset it
  c.sendTranscriptUpdate('', 'back again', 0.9);
  await until(() => c.of('ai').length === 1, 5000, 'answer after reconnect');
  c.close();
});
