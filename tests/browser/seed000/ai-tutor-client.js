// Seed 000's "JavaScript/TypeScript Example" client (the plain WebSocket
// block with onopen/onmessage/sendMessage), run in a browser by
// tests/node/seed-clients-browser.test.mjs.
//
// Adapted to run in the test, protocol unchanged:
// - the snippet's code is wrapped in runSeedSnippet() so the harness can
//   pass the conversation id it created (the seed hard-codes an example id)
//   and provide the UI functions the snippet calls but leaves to the
//   application (appendToResponse, showTypingIndicator, hideTypingIndicator,
//   showError);
// - `ws://localhost:8000` became PARLEY_WS_BASE (set by the bundler to the
//   test's parleyd, which listens on a free port);
// - runSeedSnippet() returns { ws, sendMessage } so the page's form can call
//   the snippet's sendMessage().
// Everything between the two "seed" markers is otherwise the seed's text.

/* global PARLEY_WS_BASE */

/**
 * Runs the seed's snippet against the conversation `conversationIdFromHarness`;
 * `ui` holds the four UI functions the snippet calls.
 */
export function runSeedSnippet(conversationIdFromHarness, ui) {
  const { appendToResponse, showTypingIndicator, hideTypingIndicator, showError } = ui;

  // ---- seed 000 snippet begins ----
// Connect to WebSocket
const conversationId = conversationIdFromHarness; // adapted: was "6507f1f77e1a2b3c4d5e6f7a"
const ws = new WebSocket(`${PARLEY_WS_BASE}/ai-tutor/ws/${conversationId}`); // adapted: was ws://localhost:8000

// Connection opened
ws.onopen = (event) => {
  console.log("Connected to AI Tutor");
};

// Receive messages
ws.onmessage = (event) => {
  const data = JSON.parse(event.data);
  
  switch(data.mt) {
    case "connected":
      console.log("Connection confirmed:", data.message);
      break;
      
    case "user_message_received":
      console.log("User message confirmed:", data.message);
      break;
      
    case "stream_start":
      console.log("Bot response starting...");
      // Initialize UI for streaming response
      break;
      
    case "stream_chunk":
      console.log("Chunk:", data.chunk);
      // Append chunk to UI
      appendToResponse(data.chunk);
      break;
      
    case "stream_end":
      console.log("Bot response complete:", data.fullText);
      // Finalize UI display
      break;
      
    case "typing_indicator":
      console.log("Bot is typing...");
      showTypingIndicator();
      break;
      
    case "stop_typing_indicator":
      console.log("Bot stopped typing");
      hideTypingIndicator();
      break;
      
    case "error":
      console.error("Error:", data.error);
      showError(data.error);
      break;
  }
};

// Send user message
function sendMessage(message, userId) {
  const messageData = {
    mt: "user_message",
    message: message,
    userId: userId,
    token: `msg_${Date.now()}`,
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    languageCode: "en"
  };
  
  ws.send(JSON.stringify(messageData));
}

// Connection closed
ws.onclose = (event) => {
  console.log("WebSocket closed:", event);
};

// Connection error
ws.onerror = (error) => {
  console.error("WebSocket error:", error);
};
  // ---- seed 000 snippet ends ----

  return { ws, sendMessage };
}
