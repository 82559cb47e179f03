// The seed 003 StudyMate client against parleyd. RealTimeChat below is the
// seed's React component (components/RealTimeChat.tsx) with React taken
// out: state setters become fields, the connection effect (which depends on
// user and currentChatId) becomes connect(), re-run when currentChatId
// changes, exactly as the component's effect would. The protocol is
// unchanged: the same auth / message / typing / load_messages messages, the
// same merge of `message` events by id, the same 1 s typing debounce.
// Run: node --test tests/node/studymate-client.test.mjs (PARLEY_BUILD_DIR=build).
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
let server, port, dataDir;

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
  throw new Error('parleyd did not start');
}

before(async () => {
  port = await freePort();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parley-studymate-'));
  server = spawn(path.join(buildDir, 'parleyd'),
    ['--port', String(port), '--data-dir', dataDir, '--brain', 'canned', '--canned-chunks', '8',
      '--canned-delay', '0.01', '--shutdown-timeout', '1'],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitListening(port);
});

after(() => {
  server.kill('SIGTERM');
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------
// The seed's client, without React.

class RealTimeChat {
  constructor({ user, chatId, onChatCreated, wsUrl }) {
    this.user = user;                 // useAuth()'s user: { id }
    this.currentChatId = chatId;      // useState(chatId)
    this.onChatCreated = onChatCreated;
    this.wsUrl = wsUrl || process.env.NEXT_PUBLIC_WS_URL || 'ws://localhost:8000/ws/chat';
    this.ws = null;
    this.isConnected = false;
    this.isTyping = false;
    this.messages = [];
    this.toasts = [];                 // toast.error(...)
    this.typingTimeout = null;
    this.listeners = new Set();
  }

  // useEffect(() => { ... }, [user, currentChatId, onChatCreated])
  connect() {
    if (!this.user) return;
    if (this.ws) this.ws.close();     // the effect's cleanup: () => socket.close()
    this.isConnected = false;
    const socket = new WebSocket(this.wsUrl);
    this.ws = socket;
    socket.onopen = () => {
      this.isConnected = true;
      // Send authentication
      socket.send(JSON.stringify({
        type: 'auth',
        data: { user_id: this.user.id, chat_id: this.currentChatId },
      }));
      this.changed();
    };
    socket.onmessage = (event) => {
      if (socket !== this.ws) return; // a closed effect's socket no longer updates state
      try {
        const chatMessage = JSON.parse(event.data);
        switch (chatMessage.type) {
          case 'message':
            if (chatMessage.data.message) {
              const prev = this.messages;
              const exists = prev.find((msg) => msg.id === chatMessage.data.message.id);
              if (exists) {
                this.messages = prev.map((msg) => (msg.id === chatMessage.data.message.id
                  ? { ...msg, ...chatMessage.data.message }
                  : msg));
              } else {
                this.messages = [...prev, chatMessage.data.message];
              }
            }
            break;
          case 'typing':
            this.isTyping = chatMessage.data.is_typing;
            break;
          case 'chat_created':
            this.setCurrentChatId(chatMessage.data.chat_id);
            this.onChatCreated?.(chatMessage.data.chat_id);
            break;
          case 'messages':
            this.messages = chatMessage.data.messages;
            break;
          case 'error':
            this.toasts.push(chatMessage.data.message);
            break;
          default:
            break;
        }
        this.changed(chatMessage);
      } catch (error) {
        this.toasts.push('Error parsing WebSocket message: ' + error);
      }
    };
    socket.onerror = () => {
      this.toasts.push('Connection error. Please refresh the page.');
    };
    socket.onclose = () => {
      if (socket === this.ws) this.isConnected = false;
      this.changed();
    };
  }

  setCurrentChatId(id) {
    if (id === this.currentChatId) return;
    this.currentChatId = id;
    this.connect(); // currentChatId is a dependency of the connection effect
  }

  // The send button: the message is shown at once, the server's echo merges into it by id.
  sendMessage(content) {
    const message = {
      id: Date.now().toString(),
      role: 'user',
      content,
      timestamp: new Date(),
      chat_id: this.currentChatId,
    };
    this.messages = [...this.messages, message];
    this.ws.send(JSON.stringify({
      type: 'message',
      data: { message, user_id: this.user.id, chat_id: this.currentChatId },
    }));
    return message;
  }

  sendTypingIndicator(isTyping) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({
        type: 'typing',
        data: { user_id: this.user?.id, chat_id: this.currentChatId, is_typing: isTyping },
      }));
    }
  }

  // Debounced typing indicator
  handleInputChange(value) {
    this.input = value;
    if (this.typingTimeout) clearTimeout(this.typingTimeout);
    this.sendTypingIndicator(true);
    this.typingTimeout = setTimeout(() => {
      this.sendTypingIndicator(false);
    }, 1000);
  }

  loadMessages(chatId) {
    this.ws.send(JSON.stringify({
      type: 'load_messages',
      data: { chat_id: chatId, user_id: this.user.id },
    }));
  }

  close() {
    if (this.typingTimeout) clearTimeout(this.typingTimeout);
    if (this.ws) this.ws.close();
    this.ws = null;
  }

  // Test plumbing: resolves when pred(this, lastEvent) holds.
  changed(ev) { for (const l of [...this.listeners]) l(ev); }
  until(pred, what, ms = 5000) {
    return new Promise((resolve, reject) => {
      const check = (ev) => {
        if (pred(this, ev)) { clearTimeout(timer); this.listeners.delete(check); resolve(); }
      };
      const timer = setTimeout(() => {
        this.listeners.delete(check);
        reject(new Error(`timed out waiting for ${what}; messages=${JSON.stringify(this.messages).slice(0, 400)} toasts=${JSON.stringify(this.toasts)}`));
      }, ms);
      this.listeners.add(check);
      check(undefined);
    });
  }
}

const url = () => `ws://127.0.0.1:${port}/ws/chat`;
const done = (c) => c.messages.length >= 2 && !c.isTyping &&
  c.messages[c.messages.length - 1].role === 'assistant' && c.messages[c.messages.length - 1].content.length > 0;

let createdChat, firstAnswer;

test('new chat page: auth, onChatCreated, reconnect, a streamed answer merged by id', async () => {
  const created = [];
  const chat = new RealTimeChat({ user: { id: 'user_123' }, chatId: undefined, wsUrl: url(),
    onChatCreated: (id) => created.push(id) });
  chat.connect();
  await chat.until((c) => created.length === 1 && c.isConnected, 'chat_created and reconnect');
  assert.match(created[0], /^[0-9a-f]{24}$/);
  assert.equal(chat.currentChatId, created[0]);

  // Watch the growing answer as the component would render it.
  const contents = [];
  chat.listeners.add((ev) => {
    if (ev?.type === 'message' && ev.data.message.role === 'assistant') contents.push(ev.data.message.content);
  });
  let sawTyping = false;
  chat.listeners.add(() => { sawTyping ||= chat.isTyping; });
  const sent = chat.sendMessage('What does chapter 3 say about osmosis?');
  await chat.until((c) => sawTyping && done(c), 'the answer');

  assert.equal(chat.messages.length, 2, JSON.stringify(chat.messages));
  const [user, answer] = chat.messages;
  assert.equal(user.id, sent.id);
  assert.equal(user.content, 'What does chapter 3 say about osmosis?');
  assert.equal(user.chat_id, created[0]);
  assert.equal(user.timestamp, sent.timestamp.toISOString()); // the echo replaced the Date with its text
  assert.equal(answer.role, 'assistant');
  assert.match(answer.id, /^a_\d+\.\d{3}$/);
  assert.ok(contents.length >= 8, `only ${contents.length} updates`);
  for (let i = 1; i < contents.length; i++) assert.ok(contents[i].startsWith(contents[i - 1]));
  assert.equal(answer.content, contents[contents.length - 1]);
  assert.ok(answer.content.length > 50);
  assert.deepEqual(chat.toasts, []);
  createdChat = created[0];
  firstAnswer = answer;
  chat.close();
});

test('existing chat page: auth with chat_id and load_messages', async () => {
  const chat = new RealTimeChat({ user: { id: 'user_123' }, chatId: createdChat, wsUrl: url() });
  chat.connect();
  await chat.until((c) => c.isConnected, 'open');
  chat.loadMessages(createdChat);
  await chat.until((c) => c.messages.length === 2, 'the history');
  assert.equal(chat.messages[0].content, 'What does chapter 3 say about osmosis?');
  assert.deepEqual(chat.messages[1], firstAnswer);
  // The chat goes on from this page.
  chat.sendMessage('And diffusion?');
  await chat.until((c) => c.messages.length === 4 && done(c), 'the second answer');
  assert.deepEqual(chat.toasts, []);
  chat.close();
});

test('typing on one device shows on the other, then stops after the debounce', async () => {
  const a = new RealTimeChat({ user: { id: 'user_123' }, chatId: createdChat, wsUrl: url() });
  const b = new RealTimeChat({ user: { id: 'user_123' }, chatId: createdChat, wsUrl: url() });
  a.connect();
  b.connect();
  await a.until((c) => c.isConnected, 'a open');
  await b.until((c) => c.isConnected, 'b open');
  await new Promise((r) => setTimeout(r, 100)); // both authenticated
  const t0 = Date.now();
  a.handleInputChange('Wha');
  await b.until((c) => c.isTyping === true, 'typing on b');
  a.handleInputChange('What');
  await b.until((c) => c.isTyping === false, 'typing stopped on b', 4000);
  assert.ok(Date.now() - t0 >= 900, 'stopped before the debounce');
  assert.equal(a.isTyping, false); // a's own typing is not echoed back to it
  a.close();
  b.close();
});

test("another user's chat: an error, never its messages", async () => {
  const chat = new RealTimeChat({ user: { id: 'mallory' }, chatId: createdChat, wsUrl: url() });
  chat.connect();
  await chat.until((c) => c.toasts.length === 1, 'the refusal');
  assert.match(chat.toasts[0], /belongs to another user/);
  chat.loadMessages(createdChat);
  await chat.until((c) => c.toasts.length === 2, 'the second refusal');
  await new Promise((r) => setTimeout(r, 200));
  assert.deepEqual(chat.messages, []);
  chat.close();
});
