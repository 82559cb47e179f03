// Seed 000's "React Hook Example" (useAITutor), run in a real React app in
// headless Chromium by tests/node/seed-clients-browser.test.mjs.
//
// Adapted to run in the test, protocol unchanged: `ws://localhost:8000`
// became PARLEY_WS_BASE (set by the bundler to the test's parleyd, which
// listens on a free port). Everything else is the seed's text.

declare const PARLEY_WS_BASE: string;

// ---- seed 000 hook begins ----
import { useEffect, useState, useRef } from 'react';

export const useAITutor = (conversationId: string) => {
  const [messages, setMessages] = useState<any[]>([]);
  const [isConnected, setIsConnected] = useState(false);
  const [isTyping, setIsTyping] = useState(false);
  const [streamingMessage, setStreamingMessage] = useState("");
  const wsRef = useRef<WebSocket | null>(null);

  useEffect(() => {
    // Connect to WebSocket
    const ws = new WebSocket(`${PARLEY_WS_BASE}/ai-tutor/ws/${conversationId}`); // adapted: was ws://localhost:8000
    wsRef.current = ws;

    ws.onopen = () => {
      setIsConnected(true);
      console.log("Connected to AI Tutor");
    };

    ws.onmessage = (event) => {
      const data = JSON.parse(event.data);
      
      switch(data.mt) {
        case "stream_start":
          setIsTyping(true);
          setStreamingMessage("");
          break;
          
        case "stream_chunk":
          setStreamingMessage(prev => prev + data.chunk);
          break;
          
        case "stream_end":
          setIsTyping(false);
          setMessages(prev => [...prev, {
            id: data.messageId,
            message: data.fullText,
            isBot: true,
            timestamp: data.timestamp
          }]);
          setStreamingMessage("");
          break;
          
        case "user_message_received":
          setMessages(prev => [...prev, {
            message: data.message,
            isBot: false,
            timestamp: data.timestamp
          }]);
          break;
      }
    };

    ws.onclose = () => {
      setIsConnected(false);
      console.log("Disconnected from AI Tutor");
    };

    return () => {
      ws.close();
    };
  }, [conversationId]);

  const sendMessage = (message: string, userId: string) => {
    if (wsRef.current && wsRef.current.readyState === WebSocket.OPEN) {
      wsRef.current.send(JSON.stringify({
        mt: "user_message",
        message,
        userId,
        token: `msg_${Date.now()}`,
        timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
        languageCode: "en"
      }));
    }
  };

  return {
    messages,
    isConnected,
    isTyping,
    streamingMessage,
    sendMessage
  };
};
// ---- seed 000 hook ends ----
