// Seed 003's components/RealTimeChat.tsx (StudyMate), assembled from the
// fragments the seed gives, run in a real React app in headless Chromium by
// tests/node/seed-clients-browser.test.mjs.
//
// The seed shows the component in pieces: its signature and first states,
// the Message/CitationResponse interfaces, the connection effect, the
// message handler's `message` case with the merge by id, the error
// handlers, sendTypingIndicator and the debounced handleInputChange. Those
// pieces are copied as they are. The seed elides the rest ("... other
// state", "... other event handlers", "... other cases", imports, the send
// handler and the JSX); these gaps are filled with the least code that does
// what the seed's text describes, marked "gap:" below:
// - other cases: `typing` (the AI is processing), `chat_created` (the new
//   chat's id becomes currentChatId and goes to onChatCreated), `messages`
//   (the answer to load_messages), `error` (a toast);
// - onopen also sends load_messages when a chat is known (the seed lists
//   that request; the existing-chat page needs the history);
// - onclose marks the component disconnected only for its current socket:
//   the socket a previous effect run closed may report its close after the
//   new one opened;
// - the send handler shows the user's Message at once and sends it as the
//   seed's `message`; the server's echo then merges into it by id.
// Adapted: imports point at the harness's stand-ins (./app-shims) for
// useAuth and toast. NEXT_PUBLIC_WS_URL is unchanged: the bundler defines it
// to the test's parleyd, as Next.js inlines NEXT_PUBLIC_* variables.
// No fix to the seed's own lines was needed.
import { useCallback, useEffect, useRef, useState } from 'react';
import { toast, useAuth } from './app-shims';

// ---- seed: Message Interface ----
interface Message {
  id: string;
  role: 'user' | 'assistant';
  content: string;
  citations?: CitationResponse[];
  timestamp: Date;
  chat_id?: string;
}

interface CitationResponse {
  document_id: string;
  chunk_id: string;
  filename: string;
  page_start: number;
  page_end: number;
  score: number;
}
// ---- end seed ----

// gap: the message envelope (the seed's "WebSocket Message Types").
interface ChatMessage {
  type: 'auth' | 'message' | 'typing' | 'load_messages' | 'chat_created' | 'messages' | 'error';
  data: {
    message?: Message;
    messages?: Message[];
    chat_id?: string;
    user_id?: string;
    is_typing?: boolean;
    error?: string;
  } & Record<string, any>;
}

// gap: the props the seed's signature and pages use.
interface RealTimeChatProps {
  chatId?: string;
  onChatCreated?: (chatId: string) => void;
}

// ---- seed: RealTimeChat Component ----
export function RealTimeChat({ chatId, onChatCreated }: RealTimeChatProps) {
  const [ws, setWs] = useState<WebSocket | null>(null);
  const [isConnected, setIsConnected] = useState(false);
  const [isTyping, setIsTyping] = useState(false);
  // ... other state
  // ---- gap: other state ----
  const [messages, setMessages] = useState<Message[]>([]);
  const [input, setInput] = useState('');
  const [currentChatId, setCurrentChatId] = useState<string | undefined>(chatId);
  const typingTimeoutRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  const socketRef = useRef<WebSocket | null>(null);
  const { user } = useAuth();
  // ---- end gap ----

  // ---- seed: WebSocket Connection Management ----
useEffect(() => {
  if (!user) return;

  const wsUrl = process.env.NEXT_PUBLIC_WS_URL || 'ws://localhost:8000/ws/chat';
  const socket = new WebSocket(wsUrl);
  // gap: the socket becomes the component's
  socketRef.current = socket;
  setWs(socket);
  setIsConnected(false);

  socket.onopen = () => {
    setIsConnected(true);
    // Send authentication
    socket.send(JSON.stringify({
      type: 'auth',
      data: { user_id: user.id, chat_id: currentChatId }
    }));
    // gap: an existing chat's history
    if (currentChatId) {
      socket.send(JSON.stringify({
        type: 'load_messages',
        data: { chat_id: currentChatId, user_id: user.id }
      }));
    }
  };

  // ... other event handlers
  // ---- seed: Message Handling ----
socket.onmessage = (event) => {
  try {
    const chatMessage: ChatMessage = JSON.parse(event.data);
    
    switch (chatMessage.type) {
      case 'message':
        if (chatMessage.data.message) {
          setMessages(prev => {
            const exists = prev.find(msg => msg.id === chatMessage.data.message!.id);
            if (exists) {
              return prev.map(msg => 
                msg.id === chatMessage.data.message!.id 
                  ? { ...msg, ...chatMessage.data.message }
                  : msg
              );
            } else {
              return [...prev, chatMessage.data.message!];
            }
          });
        }
        break;
      // ... other cases
      // ---- gap: other cases ----
      case 'typing':
        setIsTyping(!!chatMessage.data.is_typing);
        break;
      case 'chat_created':
        setCurrentChatId(chatMessage.data.chat_id);
        onChatCreated?.(chatMessage.data.chat_id!);
        break;
      case 'messages':
        setMessages(chatMessage.data.messages ?? []);
        break;
      case 'error':
        toast.error(chatMessage.data.message as unknown as string);
        break;
      // ---- end gap ----
    }
  } catch (error) {
    console.error('Error parsing WebSocket message:', error);
  }
};
  // ---- seed: Connection Errors ----
socket.onerror = (error) => {
  console.error('WebSocket error:', error);
  toast.error('Connection error. Please refresh the page.');
};
  // ---- gap: close ----
  socket.onclose = () => {
    if (socketRef.current === socket) setIsConnected(false);
  };
  // ---- end gap ----

  return () => socket.close();
}, [user, currentChatId, onChatCreated]);

  // ---- seed: Typing Indicators ----
const sendTypingIndicator = useCallback((isTyping: boolean) => {
  if (ws && ws.readyState === WebSocket.OPEN) {
    ws.send(JSON.stringify({
      type: 'typing',
      data: {
        user_id: user?.id,
        chat_id: currentChatId,
        is_typing: isTyping
      }
    }));
  }
}, [ws, user?.id, currentChatId]);

// Debounced typing indicator
const handleInputChange = (e: React.ChangeEvent<HTMLTextAreaElement>) => {
  setInput(e.target.value);
  
  if (typingTimeoutRef.current) {
    clearTimeout(typingTimeoutRef.current);
  }
  
  sendTypingIndicator(true);
  
  typingTimeoutRef.current = setTimeout(() => {
    sendTypingIndicator(false);
  }, 1000);
};
  // ---- end seed ----

  // ---- gap: sending a message ----
  const sendMessage = () => {
    if (!user || !input.trim() || !ws || ws.readyState !== WebSocket.OPEN) return;
    const message: Message = {
      id: Date.now().toString(),
      role: 'user',
      content: input,
      timestamp: new Date(),
      chat_id: currentChatId,
    };
    setMessages(prev => [...prev, message]);
    ws.send(JSON.stringify({
      type: 'message',
      data: { message, user_id: user.id, chat_id: currentChatId }
    }));
    setInput('');
  };

  // ---- gap: the rendering (connection status, messages with citations, typing, input) ----
  return (
    <div className="chat" data-chat-id={currentChatId ?? ''}>
      <div className={isConnected ? 'status connected' : 'status disconnected'}>
        {isConnected ? 'Connected' : 'Disconnected'}
      </div>
      <div className="messages">
        {messages.map(msg => (
          <div key={msg.id} className={`msg ${msg.role}`} data-id={msg.id}>
            <div className="text">{msg.content}</div>
            {msg.citations && msg.citations.length > 0 && (
              <ul className="citations">
                {msg.citations.map(c => (
                  <li key={c.chunk_id}>{c.filename}, pages {c.page_start}-{c.page_end}</li>
                ))}
              </ul>
            )}
            <div className="time">{new Date(msg.timestamp).toLocaleTimeString()}</div>
          </div>
        ))}
        {isTyping && <div className="typing">typing…</div>}
      </div>
      <textarea
        value={input}
        onChange={handleInputChange}
        disabled={!isConnected}
        placeholder="Ask about your documents"
      />
      <button onClick={sendMessage} disabled={!isConnected || !input.trim()}>Send</button>
    </div>
  );
}
