// The seed 000 harness page (with seed 001's React snippet beside it): a
// real React app bundled by esbuild at test time. It creates conversations
// the way the seed's "Complete Flow Example" does (POST
// /ai-tutor/conversations, cross-origin, so parleyd runs with
// --cors-origins), runs the seed's plain JavaScript client with small DOM
// functions for the UI hooks it names, and renders the seed's useAITutor
// hook and the seed 001 snippet. Driven by
// tests/node/seed-clients-browser.test.mjs.
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { runSeedSnippet } from './ai-tutor-client.js';
import { useAITutor } from './useAITutor';
import { TeachMessages } from '../seed001/TeachMessages';

declare const PARLEY_HTTP_BASE: string;

const PLAIN_USER = '123';
const HOOK_USER = '456';

// Seed 000, "Complete Flow Example" step 1.
async function createConversation(userId: number): Promise<string> {
  const res = await fetch(`${PARLEY_HTTP_BASE}/ai-tutor/conversations`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user_id: userId, title: '', status: 'active' }),
  });
  if (res.status !== 201) throw new Error(`POST /ai-tutor/conversations: HTTP ${res.status}`);
  return (await res.json()).conversation_id;
}

const $ = (id: string) => document.getElementById(id)!;

// The UI functions the plain snippet calls and leaves to the application.
const plainUi = {
  appendToResponse: (chunk: string) => { $('plain-response').textContent += chunk; },
  showTypingIndicator: () => { $('plain-typing').hidden = false; },
  hideTypingIndicator: () => { $('plain-typing').hidden = true; },
  showError: (error: string) => { $('plain-error').textContent = error; },
};

function TutorChat({ conversationId, userId }: { conversationId: string; userId: string }) {
  const { messages, isConnected, isTyping, streamingMessage, sendMessage } = useAITutor(conversationId);
  const [text, setText] = useState('');
  return (
    <section id="hook" data-conversation={conversationId}>
      <h2>Seed 000: React hook useAITutor</h2>
      <div className="status">{isConnected ? 'connected' : 'disconnected'}</div>
      <ul className="messages">
        {messages.map((m, i) => (
          <li key={i} className={m.isBot ? 'msg bot' : 'msg user'}>{m.message}</li>
        ))}
      </ul>
      {streamingMessage !== '' && <div className="msg bot streaming">{streamingMessage}</div>}
      {isTyping && <div className="typing">Tutor is typing…</div>}
      <form onSubmit={(e) => { e.preventDefault(); sendMessage(text, userId); setText(''); }}>
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder="Ask the tutor" />
        <button disabled={!isConnected || text === ''}>Send</button>
      </form>
    </section>
  );
}

async function main() {
  const [plainId, hookId] = await Promise.all([createConversation(Number(PLAIN_USER)),
                                               createConversation(Number(HOOK_USER))]);
  const plain = runSeedSnippet(plainId, plainUi);
  $('plain').dataset.conversation = plainId;
  $('plain-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('plain-text') as HTMLInputElement;
    plain.sendMessage(input.value, PLAIN_USER);
    input.value = '';
  });
  createRoot($('root')).render(
    <>
      <TutorChat conversationId={hookId} userId={HOOK_USER} />
      <TeachMessages />
    </>,
  );
}

main().catch((e) => { $('fatal').textContent = String(e); });
