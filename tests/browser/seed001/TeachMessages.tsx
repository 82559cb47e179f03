// Seed 001's "React Frontend" integration snippet, run in a real React
// component in headless Chromium (on the seed 000 harness page) by
// tests/node/seed-clients-browser.test.mjs.
//
// The seed gives only the three-line snippet (open /ws/user123, append each
// message's `response` to a messages state). Around it, the harness adds
// what a component needs to hold it: useState for `messages`, a useEffect
// that runs the snippet once and closes the socket on unmount, and a send
// box that sends the seed's {type: "message", content} (its "After
// (WebSocket)" example). Adapted: `ws://localhost:8000` became
// PARLEY_WS_BASE (the test's parleyd listens on a free port).
import { useEffect, useRef, useState } from 'react';

declare const PARLEY_WS_BASE: string;

/** The seed 001 React snippet inside a component: the answers as a list. */
export function TeachMessages() {
  const [messages, setMessages] = useState<any[]>([]);
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const wsRef = useRef<WebSocket | null>(null);

  useEffect(() => {
    // ---- seed 001 snippet begins ----
const ws = new WebSocket(`${PARLEY_WS_BASE}/ws/user123`); // adapted: was ws://localhost:8000

ws.onmessage = (event) => {
    const data = JSON.parse(event.data);
    setMessages(prev => [...prev, data.response]);
};
    // ---- seed 001 snippet ends ----
    ws.onopen = () => setOpen(true);
    ws.onclose = () => setOpen(false);
    wsRef.current = ws;
    return () => ws.close();
  }, []);

  const send = (e: React.FormEvent) => {
    e.preventDefault();
    wsRef.current?.send(JSON.stringify({ type: 'message', content: text }));
    setText('');
  };

  return (
    <section id="teach">
      <h2>Seed 001: React snippet (/ws/user123)</h2>
      <div className="status">{open ? 'connected' : 'disconnected'}</div>
      <ul className="messages">
        {messages.map((m, i) => (m === undefined ? null : <li key={i} className="msg bot">{String(m)}</li>))}
      </ul>
      <form onSubmit={send}>
        <input value={text} onChange={(e) => setText(e.target.value)} placeholder="Message the teaching agent" />
        <button disabled={!open || text === ''}>Send</button>
      </form>
    </section>
  );
}
