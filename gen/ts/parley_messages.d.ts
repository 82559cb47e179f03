// PARLEY-GEN schema index -- DO NOT EDIT. Source: schemas/*.json. Generator: tools/schemagen.py. Regenerate: make regen
//
// TypeScript types of every Parley JSON message, for client authors.
// Integers and numbers are `number`; ids that may be a string or an integer are
// `string | number`; optional properties may be absent, `| null` ones may also be null.

// ---- audio_client (schemas/audio_client.json)

/** Start (or resume) a tutoring session and declare the microphone audio format. Answered by session_started. Audio frames sent before start begin a session in the default format. */
export interface AudioClientStart {
  /** Message type. (always "start") */
  type: "start";
  /** Sample rate in Hz. Parley speaks the seed's format only: 24000. (>= 24000; <= 24000) */
  sample_rate?: number;
  /** Channel count: 1 (mono). (>= 1; <= 1) */
  channels?: number;
  /** Sample encoding: "pcm_s16le", signed 16-bit little-endian PCM. (one of pcm_s16le) */
  encoding?: "pcm_s16le";
  /** Resume this earlier session (the session_id of its session_started) after a dropped connection; absent: start a new session. (1..128 characters) */
  session_id?: string;
}

/** End the session: the server stops any answer, sends status "ended" and closes the connection. */
export interface AudioClientStop {
  /** Message type. (always "stop") */
  type: "stop";
}

/** Any message of audio_client, told apart by "type". */
export type AnyAudioClientMessage =
  | AudioClientStart
  | AudioClientStop;

// ---- audio_server (schemas/audio_server.json)

/** The session is ready: the server accepts microphone audio in this format. */
export interface AudioServerSessionStarted {
  /** Message type. (always "session_started") */
  type: "session_started";
  /** Id of the session; send it in start to resume after a dropped connection. (1..128 characters) */
  session_id: string;
  /** Sample rate in Hz. Parley speaks the seed's format only: 24000. (>= 24000; <= 24000) */
  sample_rate: number;
  /** Channel count: 1 (mono). (>= 1; <= 1) */
  channels: number;
  /** Sample encoding: "pcm_s16le", signed 16-bit little-endian PCM. (one of pcm_s16le) */
  encoding: "pcm_s16le";
  /** Largest binary audio frame the server accepts, in bytes (the seed's buffer size is 8192). A whole number of samples. (>= 2; <= 1048576) */
  max_frame_bytes: number;
  /** True when start named an earlier session and it was restored. */
  resumed?: boolean;
}

/** Status update: the session's conversation state changed (listening to the user, processing, speaking, waiting for the user, error, ended). */
export interface AudioServerStatus {
  /** Message type. (always "status") */
  type: "status";
  /** The conversation state now, lowercase. (one of idle, listening, processing, speaking, waiting_for_user, error, ended) */
  state: "idle" | "listening" | "processing" | "speaking" | "waiting_for_user" | "error" | "ended";
  /** Human-readable detail. (1..1024 characters) */
  message?: string;
}

/** What the tutor heard: the transcription of the user's speech. Interim transcripts replace each other; the final one closes the user's part of the turn. */
export interface AudioServerTranscript {
  /** Message type. (always "transcript") */
  type: "transcript";
  /** Number of the exchange, from 1: the user's utterance and the tutor's answer to it share one turn_id. (>= 1; <= 9007199254740991) */
  turn_id: number;
  /** The whole transcription of the utterance so far (it replaces the previous interim text). (at most 32768 characters) */
  text: string;
  /** True: the utterance is complete and this text is final. */
  is_final: boolean;
}

/** Response text: the words the tutor is speaking, streamed alongside its audio. Pieces append; the last piece of the turn has is_final. */
export interface AudioServerResponseText {
  /** Message type. (always "response_text") */
  type: "response_text";
  /** Number of the exchange, from 1: the user's utterance and the tutor's answer to it share one turn_id. (>= 1; <= 9007199254740991) */
  turn_id: number;
  /** The next piece of the tutor's answer (append it; may be empty on the final piece). (at most 65536 characters) */
  text: string;
  /** True: the answer text is complete. */
  is_final: boolean;
}

/** Audio start marker: the binary frames that follow, up to audio_end, are the tutor's speech for this turn in this format. */
export interface AudioServerAudioStart {
  /** Message type. (always "audio_start") */
  type: "audio_start";
  /** Number of the exchange, from 1: the user's utterance and the tutor's answer to it share one turn_id. (>= 1; <= 9007199254740991) */
  turn_id: number;
  /** Sample rate in Hz. Parley speaks the seed's format only: 24000. (>= 24000; <= 24000) */
  sample_rate: number;
  /** Channel count: 1 (mono). (>= 1; <= 1) */
  channels: number;
  /** Sample encoding: "pcm_s16le", signed 16-bit little-endian PCM. (one of pcm_s16le) */
  encoding: "pcm_s16le";
}

/** Audio end marker: the tutor's speech for this turn is over. */
export interface AudioServerAudioEnd {
  /** Message type. (always "audio_end") */
  type: "audio_end";
  /** Number of the exchange, from 1: the user's utterance and the tutor's answer to it share one turn_id. (>= 1; <= 9007199254740991) */
  turn_id: number;
  /** True when the speech was cut short (the user spoke over the tutor, or the session stopped); the client should drop audio it has buffered but not played. */
  interrupted: boolean;
}

/** Something went wrong. After a fatal error the server closes the session. */
export interface AudioServerError {
  /** Message type. (always "error") */
  type: "error";
  /** Machine-readable error name. (common.error_code; one of invalid_json, invalid_message, invalid_transition, too_large, unsupported, not_found, forbidden, rate_limited, busy, timeout, brain_error, store_error, internal_error) */
  error: CommonErrorCode;
  /** Human-readable description. (1..1024 characters) */
  message: string;
  /** True: the session is over and the connection closes; false: the session goes on. */
  fatal: boolean;
}

/** Any message of audio_server, told apart by "type". */
export type AnyAudioServerMessage =
  | AudioServerSessionStarted
  | AudioServerStatus
  | AudioServerTranscript
  | AudioServerResponseText
  | AudioServerAudioStart
  | AudioServerAudioEnd
  | AudioServerError;

// ---- common (schemas/common.json)

/** An RFC 3339 date-time with a zone, e.g. "2024-01-15T10:30:00Z" or "2024-01-15T10:30:00.123Z" as the seeds write them. Parley emits UTC with milliseconds and a Z. */
export type CommonTimestamp = string;

/** Machine-readable error name. invalid_json: the frame is not JSON or not UTF-8; invalid_message: JSON that breaks the message schema or the protocol (unknown type, missing or wrong field); invalid_transition: the state machine refused a requested state change; too_large: a message or field over its limit; unsupported: valid but not supported (e.g. an audio format); not_found: no such conversation, chat, message or session; forbidden: the user may not do that (e.g. another user's chat); rate_limited: too many messages; busy: a response is already streaming and the queue is full; timeout: a deadline passed; brain_error: the answering backend failed; store_error: saving or loading failed; internal_error: a server bug. */
export type CommonErrorCode = "invalid_json" | "invalid_message" | "invalid_transition" | "too_large" | "unsupported" | "not_found" | "forbidden" | "rate_limited" | "busy" | "timeout" | "brain_error" | "store_error" | "internal_error";

/** What happened in a seed 002 speech_event ("speech coordination"). speech_start / speech_end: the user started / stopped speaking; synthesis_start / synthesis_end: playback of the AI's synthesized speech started / finished (the client reports these when it speaks ai_response content itself, audio_url being null); barge_in: the user spoke over the AI, whose speech stops. */
export type CommonSpeechEventType = "speech_start" | "speech_end" | "synthesis_start" | "synthesis_end" | "barge_in";

/** Speaking feedback on the user's last turn (seed 002 ai_response), scores 0 to 100 (higher is better). Parley may add details, each optional and marked as an extension. */
export interface CommonFeedback {
  /** How clear and understandable the user's speech was, 0 to 100. (>= 0; <= 100) */
  clarity: number;
  /** How fluent (even, unhesitating) the user's speech was, 0 to 100. (>= 0; <= 100) */
  fluency: number;
  /** Parley extension: filler words the user used ("um", "like") with their counts, most frequent first. (at most 32 items; Parley extension) */
  filler_words?: Array<CommonFillerWord>;
  /** Parley extension: number of words or short phrases the user immediately repeated ("I I think"). (>= 0; <= 100000; Parley extension) */
  repetitions?: number;
  /** Parley extension: the user's speaking rate. (>= 0; <= 1000; Parley extension) */
  words_per_minute?: number;
}

/** Parley extension: one filler word and how often it occurred in the turn. */
export interface CommonFillerWord {
  /** The filler word or phrase, lowercase. (1..64 characters) */
  word: string;
  /** How many times it occurred. (>= 1; <= 100000) */
  count: number;
}

/** A source passage an answer draws on (seed 003 CitationResponse): which document, which chunk of it, the page range and how relevant it is. */
export interface CommonCitation {
  /** Id of the cited document. (1..128 characters) */
  document_id: string;
  /** Id of the cited chunk (passage) within the document. (1..128 characters) */
  chunk_id: string;
  /** File name of the document as uploaded, e.g. "biology-ch3.pdf". (1..255 characters) */
  filename: string;
  /** First page of the passage, counting from 1 (documents without pages are one page). (>= 1; <= 1000000) */
  page_start: number;
  /** Last page of the passage (equal to page_start for a one-page passage). (>= 1; <= 1000000) */
  page_end: number;
  /** Relevance of the passage to the question, 0 (unrelated) to 1 (best match). (>= 0; <= 1) */
  score: number;
}

// ---- improv_client (schemas/improv_client.json)

/** Report the user's speech as recognized so far. The seed's client sends only type and payload. Unknown fields are errors: the envelope has four fields and the payload offers free-form slots (metadata, data) for anything else, so an unknown key is a client bug worth reporting. */
export interface ImprovClientTranscriptUpdate {
  /** Message type. (always "transcript_update") */
  type: "transcript_update";
  /** Optional: the conversation this is for. The WebSocket URL already names it; when present it must be the same. (1..128 characters) */
  conversation_id?: string;
  /** Optional: when the client sent the message. (common.timestamp; at most 64 characters; format date-time) */
  timestamp?: CommonTimestamp;
  /** The transcript_update fields. */
  payload: ImprovClientTranscriptUpdatePayload;
}

/** Real-time transcript synchronization: the speech recognizer's interim and final text. */
export interface ImprovClientTranscriptUpdatePayload {
  /** The recognizer's current interim (not yet final) text, e.g. "hello ho"; empty when there is none. (at most 32768 characters) */
  interim_transcript: string;
  /** The text recognized as final so far, e.g. "hello how are you"; empty when there is none. (at most 32768 characters) */
  final_transcript: string;
  /** Recognizer confidence in the transcript, 0 to 1. (>= 0; <= 1) */
  confidence?: number;
}

/** Ask the conversation to move to another state. Parley fires the state machine transition that leads there; a state it cannot reach from the current one is refused with an error (from_state, to_state) and nothing changes. The seed's client sends only type and payload. Unknown fields are errors: the envelope has four fields and the payload offers free-form slots (metadata, data) for anything else, so an unknown key is a client bug worth reporting. */
export interface ImprovClientStateChangeRequest {
  /** Message type. (always "state_change_request") */
  type: "state_change_request";
  /** Optional: the conversation this is for. The WebSocket URL already names it; when present it must be the same. (1..128 characters) */
  conversation_id?: string;
  /** Optional: when the client sent the message. (common.timestamp; at most 64 characters; format date-time) */
  timestamp?: CommonTimestamp;
  /** The state_change_request fields. */
  payload: ImprovClientStateChangeRequestPayload;
}

/** Which state to move to, and why. */
export interface ImprovClientStateChangeRequestPayload {
  /** The requested state, lowercase, e.g. "listening". (one of idle, listening, processing, speaking, waiting_for_user, error, ended) */
  state: "idle" | "listening" | "processing" | "speaking" | "waiting_for_user" | "error" | "ended";
  /** Free-form context, e.g. {"reason": "user_started_speaking"}; kept as raw JSON, never interpreted. (free-form JSON object (compact text)) */
  metadata?: Record<string, unknown>;
}

/** Report a speech event (the user started or stopped speaking, synthesized speech started or finished playing, barge-in). The seed's client sends only type and payload. Unknown fields are errors: the envelope has four fields and the payload offers free-form slots (metadata, data) for anything else, so an unknown key is a client bug worth reporting. */
export interface ImprovClientSpeechEvent {
  /** Message type. (always "speech_event") */
  type: "speech_event";
  /** Optional: the conversation this is for. The WebSocket URL already names it; when present it must be the same. (1..128 characters) */
  conversation_id?: string;
  /** Optional: when the client sent the message. (common.timestamp; at most 64 characters; format date-time) */
  timestamp?: CommonTimestamp;
  /** The speech_event fields. */
  payload: ImprovClientSpeechEventPayload;
}

/** Speech coordination: what happened, with free-form details. */
export interface ImprovClientSpeechEventPayload {
  /** What happened. (common.speech_event_type; one of speech_start, speech_end, synthesis_start, synthesis_end, barge_in) */
  event_type: CommonSpeechEventType;
  /** Free-form details, e.g. {"volume": 0.8}; kept as raw JSON and relayed verbatim to the other connections of the conversation. (free-form JSON object (compact text)) */
  data?: Record<string, unknown>;
}

/** Any message of improv_client, told apart by "type". */
export type AnyImprovClientMessage =
  | ImprovClientTranscriptUpdate
  | ImprovClientStateChangeRequest
  | ImprovClientSpeechEvent;

// ---- improv_rest (schemas/improv_rest.json)

/** Body of POST /api/v2/conversations: create a conversation with WebSocket support. Unknown fields are errors (an HTTP 400 naming the field): a misspelt option would otherwise be silently ignored. */
export interface ImprovRestCreateConversationRequest {
  /** Personality of the AI conversation partner, e.g. "friendly_neutral". (1..64 characters) */
  personality: string;
  /** Kind of session, e.g. "daily". (1..64 characters) */
  session_type?: string;
}

/** Body of POST /api/v2/conversations/{conversation_id}/messages: send a message and get the AI response; WebSocket clients of the conversation see the same exchange in real time (state_update, ai_response). Unknown fields are errors (an HTTP 400 naming the field): a misspelt option would otherwise be silently ignored. */
export interface ImprovRestPostMessageRequest {
  /** The message text, e.g. "Your message here". (1..32768 characters) */
  content: string;
  /** Who wrote the message; only "user" messages can be posted. (one of user) */
  role?: "user";
}

/** Response body of POST /api/v2/conversations/{conversation_id}/messages: the AI response (as in the ai_response WebSocket message) and the state afterwards. */
export interface ImprovRestPostMessageResponse {
  /** Id of the AI message. (1..128 characters) */
  message_id: string;
  /** The AI message text. (1..65536 characters) */
  content: string;
  /** URL of synthesized speech of content, or null. (1..2048 characters) */
  audio_url: string | null;
  /** Feedback on the posted message. */
  feedback: CommonFeedback;
  /** The conversation's state after the exchange. (one of idle, listening, processing, speaking, waiting_for_user, error, ended) */
  state: "idle" | "listening" | "processing" | "speaking" | "waiting_for_user" | "error" | "ended";
}

/** A conversation as the create endpoints return it. */
export interface ImprovRestConversation {
  /** Id of the conversation (a UUID). (1..128 characters) */
  conversation_id: string;
  /** Personality of the AI conversation partner, e.g. "friendly_neutral". (1..64 characters) */
  personality: string;
  /** Kind of session, e.g. "daily" or "test". (1..64 characters) */
  session_type: string;
  /** Topic of the conversation, when one was given. (1..256 characters) */
  topic?: string;
  /** The conversation's state (a new conversation is idle). (one of idle, listening, processing, speaking, waiting_for_user, error, ended) */
  state: "idle" | "listening" | "processing" | "speaking" | "waiting_for_user" | "error" | "ended";
  /** When the conversation was created. (common.timestamp; at most 64 characters; format date-time) */
  created_at: CommonTimestamp;
}

/** Paths of the test endpoints of a test conversation. */
export interface ImprovRestTestEndpoints {
  /** POST here to send a test message (/api/test/conversations/{conversation_id}/message). (1..2048 characters) */
  message: string;
  /** POST here to simulate speech input (/api/test/conversations/{conversation_id}/speech). (1..2048 characters) */
  speech: string;
  /** GET here to run the state transition tests (/api/test/conversations/{conversation_id}/state-transitions). (1..2048 characters) */
  state_transitions: string;
}

/** Response body of POST /api/v2/conversations and POST /api/test/conversations (HTTP 201). The seed's test client reads conversation.conversation_id. */
export interface ImprovRestCreateConversationResponse {
  /** The new conversation. */
  conversation: ImprovRestConversation;
  /** Path of the conversation's WebSocket endpoint, /api/ws/conversations/{conversation_id} (the client knows the host it used). (1..2048 characters) */
  websocket_path: string;
  /** Only from POST /api/test/conversations: its test endpoint paths. */
  test_endpoints?: ImprovRestTestEndpoints;
}

/** Body of POST /api/test/conversations: create a conversation for testing. The seed's browser test sends only personality. Unknown fields are errors (an HTTP 400 naming the field): a misspelt option would otherwise be silently ignored. */
export interface ImprovRestTestCreateConversationRequest {
  /** Personality of the AI conversation partner, e.g. "friendly_neutral". (1..64 characters) */
  personality: string;
  /** Kind of session. (1..64 characters) */
  session_type?: string;
  /** Topic of the test conversation, e.g. "testing websockets". (1..256 characters) */
  topic?: string;
}

/** Body of POST /api/test/conversations/{conversation_id}/message: send a test message through the whole pipeline; WebSocket clients see the state updates and the ai_response. Unknown fields are errors (an HTTP 400 naming the field): a misspelt option would otherwise be silently ignored. */
export interface ImprovRestTestMessageRequest {
  /** The message text, e.g. "Hello, how are you today?". (1..32768 characters) */
  content: string;
  /** True: pause in the processing state before answering, so clients can observe it. */
  simulate_processing_delay?: boolean;
}

/** Body of POST /api/test/conversations/{conversation_id}/speech: simulate speech input (speech-to-text with interim results) as transcript_update events. Unknown fields are errors (an HTTP 400 naming the field): a misspelt option would otherwise be silently ignored. */
export interface ImprovRestTestSpeechRequest {
  /** The text the simulated user says, e.g. "Hello world". (1..32768 characters) */
  text: string;
  /** True: send growing interim transcripts word by word before the final one; false: only the final transcript. */
  simulate_interim_steps?: boolean;
}

/** Body of POST /api/conversation, the legacy request/response API that coexists with v2: one user message in, the AI response out, no WebSocket needed. Without conversation_id it starts a new conversation. Unknown fields are errors (an HTTP 400 naming the field): a misspelt option would otherwise be silently ignored. */
export interface ImprovRestLegacyConversationRequest {
  /** The user message text. (1..32768 characters) */
  message: string;
  /** Continue this conversation (from an earlier response); absent: start a new one. (1..128 characters) */
  conversation_id?: string;
  /** Personality for a new conversation. (1..64 characters) */
  personality?: string;
}

/** Response body of POST /api/conversation. */
export interface ImprovRestLegacyConversationResponse {
  /** Id of the conversation: send it with the next message. (1..128 characters) */
  conversation_id: string;
  /** The AI response text. (1..65536 characters) */
  response: string;
  /** Feedback on the user message. */
  feedback: CommonFeedback;
}

// ---- improv_server (schemas/improv_server.json)

/** Conversation state changed. Sent on every transition of the conversation's state machine, and once to each new connection with its current state. */
export interface ImprovServerStateUpdate {
  /** Message type. (always "state_update") */
  type: "state_update";
  /** Id of the conversation (the {conversation_id} of the WebSocket URL; a UUID in the seed). (1..128 characters) */
  conversation_id: string;
  /** When the server sent the message. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** The state_update fields. */
  payload: ImprovServerStateUpdatePayload;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** The state after the change, the state before it, and the speech activity flags. */
export interface ImprovServerStateUpdatePayload {
  /** The conversation's state now, e.g. "processing". (one of idle, listening, processing, speaking, waiting_for_user, error, ended) */
  current_state: "idle" | "listening" | "processing" | "speaking" | "waiting_for_user" | "error" | "ended";
  /** The state before this change; absent on the state_update a new connection gets with the current state. (one of idle, listening, processing, speaking, waiting_for_user, error, ended) */
  previous_state?: "idle" | "listening" | "processing" | "speaking" | "waiting_for_user" | "error" | "ended";
  /** True while speech input is being captured (the listening state). */
  speech_recognition_active: boolean;
  /** True while the AI's speech is being synthesized or played (the speaking state). */
  speech_synthesis_active: boolean;
}

/** Real-time transcript synchronization: the transcript as a connection of this conversation reported it (or as the test speech endpoint simulates it). */
export interface ImprovServerTranscriptUpdate {
  /** Message type. (always "transcript_update") */
  type: "transcript_update";
  /** Id of the conversation (the {conversation_id} of the WebSocket URL; a UUID in the seed). (1..128 characters) */
  conversation_id: string;
  /** When the server sent the message. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** The transcript_update fields. */
  payload: ImprovServerTranscriptUpdatePayload;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** Real-time transcript synchronization: the speech recognizer's interim and final text. The server relays what one connection reports to the other connections of the conversation. */
export interface ImprovServerTranscriptUpdatePayload {
  /** The recognizer's current interim (not yet final) text, e.g. "hello ho"; empty when there is none. (at most 32768 characters) */
  interim_transcript: string;
  /** The text recognized as final so far, e.g. "hello how are you"; empty when there is none. (at most 32768 characters) */
  final_transcript: string;
  /** Recognizer confidence in the transcript, 0 to 1. (>= 0; <= 1) */
  confidence?: number;
}

/** AI message delivery: the answer to the user's turn, with speaking feedback on that turn. */
export interface ImprovServerAiResponse {
  /** Message type. (always "ai_response") */
  type: "ai_response";
  /** Id of the conversation (the {conversation_id} of the WebSocket URL; a UUID in the seed). (1..128 characters) */
  conversation_id: string;
  /** When the server sent the message. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** The ai_response fields. */
  payload: ImprovServerAiResponsePayload;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** The AI message and the feedback on the user's turn. */
export interface ImprovServerAiResponsePayload {
  /** Id of the AI message (a UUID in the seed). (1..128 characters) */
  message_id: string;
  /** The AI message text, e.g. "Hello! How can I help you today?". (1..65536 characters) */
  content: string;
  /** URL of synthesized speech of content, or null when the client speaks content itself (the seed sends null). (1..2048 characters) */
  audio_url: string | null;
  /** Feedback on the user's turn, e.g. {"clarity": 85, "fluency": 90}. */
  feedback: CommonFeedback;
}

/** Speech coordination: a speech event reported by another connection of the conversation, or produced by the server (e.g. barge_in). */
export interface ImprovServerSpeechEvent {
  /** Message type. (always "speech_event") */
  type: "speech_event";
  /** Id of the conversation (the {conversation_id} of the WebSocket URL; a UUID in the seed). (1..128 characters) */
  conversation_id: string;
  /** When the server sent the message. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** The speech_event fields. */
  payload: ImprovServerSpeechEventPayload;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** Speech coordination: what happened, with free-form details. */
export interface ImprovServerSpeechEventPayload {
  /** What happened. (common.speech_event_type; one of speech_start, speech_end, synthesis_start, synthesis_end, barge_in) */
  event_type: CommonSpeechEventType;
  /** Free-form details, e.g. {"volume": 0.8}; kept as raw JSON and relayed verbatim. (free-form JSON object (compact text)) */
  data?: Record<string, unknown>;
}

/** Error handling: a message could not be processed, a transition was refused, or processing failed (the conversation then moves to its error state with recovery options). */
export interface ImprovServerError {
  /** Message type. (always "error") */
  type: "error";
  /** Id of the conversation (the {conversation_id} of the WebSocket URL; a UUID in the seed). (1..128 characters) */
  conversation_id: string;
  /** When the server sent the message. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** The error fields. */
  payload: ImprovServerErrorPayload;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** What went wrong. */
export interface ImprovServerErrorPayload {
  /** Machine-readable error name. (common.error_code; one of invalid_json, invalid_message, invalid_transition, too_large, unsupported, not_found, forbidden, rate_limited, busy, timeout, brain_error, store_error, internal_error) */
  error: CommonErrorCode;
  /** Human-readable description, with the path of the offending field when a message broke its schema. (1..1024 characters) */
  message: string;
  /** Parley extension: with invalid_transition, the state the conversation was (and stays) in. (one of idle, listening, processing, speaking, waiting_for_user, error, ended; Parley extension) */
  from_state?: "idle" | "listening" | "processing" | "speaking" | "waiting_for_user" | "error" | "ended";
  /** Parley extension: with invalid_transition, the state that was requested. (one of idle, listening, processing, speaking, waiting_for_user, error, ended; Parley extension) */
  to_state?: "idle" | "listening" | "processing" | "speaking" | "waiting_for_user" | "error" | "ended";
}

/** Connection management: sent to a connection when it is established, and before the server closes it. */
export interface ImprovServerConnectionStatus {
  /** Message type. (always "connection_status") */
  type: "connection_status";
  /** Id of the conversation (the {conversation_id} of the WebSocket URL; a UUID in the seed). (1..128 characters) */
  conversation_id: string;
  /** When the server sent the message. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** The connection_status fields. */
  payload: ImprovServerConnectionStatusPayload;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** The connection's status. */
export interface ImprovServerConnectionStatusPayload {
  /** "connected": this connection is established; "disconnecting": the server is about to close it (message says why). (one of connected, disconnecting) */
  status: "connected" | "disconnecting";
  /** Connections open on this conversation, counting this one while it is open. (>= 0; <= 1000000) */
  active_connections: number;
  /** Human-readable detail, e.g. the reason for disconnecting. (1..1024 characters) */
  message?: string;
}

/** Any message of improv_server, told apart by "type". */
export type AnyImprovServerMessage =
  | ImprovServerStateUpdate
  | ImprovServerTranscriptUpdate
  | ImprovServerAiResponse
  | ImprovServerSpeechEvent
  | ImprovServerError
  | ImprovServerConnectionStatus;

// ---- studymate_client (schemas/studymate_client.json)

/** Authenticate the connection (sent on open) and select the chat to work in: chat_id names one of the user's chats, no chat_id creates a new chat (announced with chat_created). Sent again on the same connection (same user_id), it moves the connection to another chat. Unknown fields are errors: the seed types every message exactly. */
export interface StudymateClientAuth {
  /** Message type. (always "auth") */
  type: "auth";
  /** The auth fields. */
  data: StudymateClientAuthData;
}

/** Who the user is and which chat they opened. */
export interface StudymateClientAuthData {
  /** Id of the authenticated user (user.id in the seed's client). (1..128 characters) */
  user_id: string;
  /** The chat the client shows; absent on the new-chat page (the server creates a chat). (1..128 characters) */
  chat_id?: string;
}

/** Send a chat message; the server echoes it as a message event, then streams the assistant's answer (typing, message events with growing content, citations). Unknown fields are errors: the seed types every message exactly. */
export interface StudymateClientMessage {
  /** Message type. (always "message") */
  type: "message";
  /** The message fields. */
  data: StudymateClientMessageData;
}

/** The message and who sends it where. */
export interface StudymateClientMessageData {
  /** The user's message. */
  message: StudymateClientChatMessage;
  /** Id of the authenticated user (user.id in the seed's client). (1..128 characters) */
  user_id: string;
  /** Id of the chat; absent: the chat the connection is in (the one auth named, or created and announced with chat_created). Another chat of the same user moves the connection there. (1..128 characters) */
  chat_id?: string;
}

/** A Message (seed 003 interface) as a client sends it: always the user's. Unknown fields are skipped, not errors: clients send Message objects out of their UI state, which the seed merges and spreads ({ ...msg, ...message }) and may decorate. */
export interface StudymateClientChatMessage {
  /** Client-chosen id of the message; the server echoes the message with this id, which the seed's client uses to merge duplicates. (1..128 characters) */
  id: string;
  /** Who wrote the message; a client sends only "user". (one of user) */
  role: "user";
  /** The message text. (1..32768 characters) */
  content: string;
  /** When the user sent it (a JavaScript Date serializes as "2025-01-04T14:00:00.000Z"). (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** Id of the chat the message belongs to. (1..128 characters) */
  chat_id?: string;
}

/** The user is typing (is_typing true, debounced: false after a second without input). Unknown fields are errors: the seed types every message exactly. */
export interface StudymateClientTyping {
  /** Message type. (always "typing") */
  type: "typing";
  /** The typing fields. */
  data: StudymateClientTypingData;
}

/** Whether the user is typing, in which chat. */
export interface StudymateClientTypingData {
  /** Id of the authenticated user (user.id in the seed's client). (1..128 characters) */
  user_id: string;
  /** Id of the chat; absent: the chat the connection is in (the one auth named, or created and announced with chat_created). (1..128 characters) */
  chat_id?: string;
  /** True: typing started; false: typing stopped. */
  is_typing: boolean;
}

/** Load a chat's message history; answered by a messages event. Unknown fields are errors: the seed types every message exactly. */
export interface StudymateClientLoadMessages {
  /** Message type. (always "load_messages") */
  type: "load_messages";
  /** The load_messages fields. */
  data: StudymateClientLoadMessagesData;
}

/** Which chat's history to load, for whom. */
export interface StudymateClientLoadMessagesData {
  /** Id of the chat. (1..128 characters) */
  chat_id: string;
  /** Id of the authenticated user (user.id in the seed's client). (1..128 characters) */
  user_id: string;
}

/** Parley extension: stop the assistant answer being generated. The server sends the answer's last message event with status "stopped" and typing false. Unknown fields are errors: no seed client sends this. */
export interface StudymateClientStop {
  /** Message type. (always "stop") */
  type: "stop";
  /** The stop fields. (Parley extension) */
  data: StudymateClientStopData;
}

/** Parley extension: which answer to stop. */
export interface StudymateClientStopData {
  /** Id of the authenticated user (user.id in the seed's client). (1..128 characters) */
  user_id: string;
  /** The chat whose answer to stop; absent: the chat the connection authenticated with. (1..128 characters) */
  chat_id?: string;
  /** Id of the assistant message to stop; absent: whatever answer is being generated in the chat. (1..128 characters) */
  message_id?: string;
}

/** Any message of studymate_client, told apart by "type". */
export type AnyStudymateClientMessage =
  | StudymateClientAuth
  | StudymateClientMessage
  | StudymateClientTyping
  | StudymateClientLoadMessages
  | StudymateClientStop;

// ---- studymate_server (schemas/studymate_server.json)

/** A chat message: the echo of the user's message, or the assistant's answer. An answer being generated is sent again and again with the same id and growing content (the seed's client merges messages by id), then a last time complete, with its citations. */
export interface StudymateServerMessage {
  /** Message type. (always "message") */
  type: "message";
  /** The message fields. */
  data: StudymateServerMessageData;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** The message, its chat, and (Parley extension) how far its generation got. */
export interface StudymateServerMessageData {
  /** The message. */
  message: StudymateServerChatMessage;
  /** Id of the chat the message belongs to. (1..128 characters) */
  chat_id: string;
  /** Parley extension, on assistant messages: "streaming" while the answer is being generated (more updates with the same id follow), "complete" on its last update, "stopped" when a stop request cut it short, "failed" when the answering backend failed part way (an error event follows; the partial text is kept). (one of streaming, complete, stopped, failed; Parley extension) */
  status?: "streaming" | "complete" | "stopped" | "failed";
}

/** A Message (seed 003 interface) as the server sends it. */
export interface StudymateServerChatMessage {
  /** Id of the message (the client's id for the echo of a user message). (1..128 characters) */
  id: string;
  /** Who wrote the message. (one of user, assistant) */
  role: "user" | "assistant";
  /** The message text; for an answer still streaming, the text so far (empty on its first update). (at most 65536 characters) */
  content: string;
  /** Sources the answer draws on, best first; only on assistant messages. (at most 64 items) */
  citations?: Array<CommonCitation>;
  /** When the message was written. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** Id of the chat the message belongs to. (1..128 characters) */
  chat_id?: string;
}

/** The AI is processing a response (is_typing true) or done (false); or, with data.user_id, the user is typing on another connection of the chat (relayed, not stored). */
export interface StudymateServerTyping {
  /** Message type. (always "typing") */
  type: "typing";
  /** The typing fields. */
  data: StudymateServerTypingData;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** Whether the assistant (or, with user_id, a user) is typing, in which chat. */
export interface StudymateServerTypingData {
  /** Id of the chat. (1..128 characters) */
  chat_id: string;
  /** Parley extension: present when the typing is a user's, relayed from another connection of the chat; absent when the assistant is typing. (1..128 characters; Parley extension) */
  user_id?: string;
  /** True: the assistant (or the user) is composing; false: it is done. */
  is_typing: boolean;
}

/** A new chat was created because the connection authenticated without chat_id; sent to that connection only, right after the chat is stored. The seed's client passes chat_id to onChatCreated. */
export interface StudymateServerChatCreated {
  /** Message type. (always "chat_created") */
  type: "chat_created";
  /** The chat_created fields. */
  data: StudymateServerChatCreatedData;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** The new chat. */
export interface StudymateServerChatCreatedData {
  /** Id of the new chat; the connection is now in it, and later messages should carry it. (1..128 characters) */
  chat_id: string;
}

/** The history of a chat, oldest first: the answer to load_messages. */
export interface StudymateServerMessages {
  /** Message type. (always "messages") */
  type: "messages";
  /** The messages fields. */
  data: StudymateServerMessagesData;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** A chat and its messages. */
export interface StudymateServerMessagesData {
  /** Id of the chat. (1..128 characters) */
  chat_id: string;
  /** The chat's messages, oldest first: the most recent 1000 when there are more, and fewer when those would pass 1 MiB of JSON. (at most 1000 items) */
  messages: Array<StudymateServerChatMessage>;
}

/** A message could not be processed (invalid message, unknown chat, not authenticated, processing failure). The connection stays open. */
export interface StudymateServerError {
  /** Message type. (always "error") */
  type: "error";
  /** The error fields. */
  data: StudymateServerErrorData;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** What went wrong. */
export interface StudymateServerErrorData {
  /** Machine-readable error name. (common.error_code; one of invalid_json, invalid_message, invalid_transition, too_large, unsupported, not_found, forbidden, rate_limited, busy, timeout, brain_error, store_error, internal_error) */
  error: CommonErrorCode;
  /** Human-readable description, with the path of the offending field when a message broke its schema. (1..1024 characters) */
  message: string;
  /** The chat concerned, when there is one. (1..128 characters) */
  chat_id?: string;
}

/** Any message of studymate_server, told apart by "type". */
export type AnyStudymateServerMessage =
  | StudymateServerMessage
  | StudymateServerTyping
  | StudymateServerChatCreated
  | StudymateServerMessages
  | StudymateServerError;

// ---- teach_client (schemas/teach_client.json)

/** A user message: a request to teach ("teach me about India"), to continue, or a specific question, which the agent answers before resuming the lesson. Unknown fields are skipped, not errors: the seed's server reads content only and its Python and demo clients are not shown field by field. */
export interface TeachClientMessage {
  /** Message type. (always "message") */
  type: "message";
  /** The user message text. (1..32768 characters) */
  content: string;
}

/** Any message of teach_client, told apart by "type". */
export type AnyTeachClientMessage =
  | TeachClientMessage;

// ---- teach_server (schemas/teach_server.json)

/** Sent first on every connection, once the server has created the teaching agent for this client. */
export interface TeachServerWelcome {
  /** Message type. (always "welcome") */
  type: "welcome";
  /** The {client_id} of the WebSocket URL, e.g. "user123". (1..128 characters) */
  client_id: string;
  /** Greeting text telling the user what they can ask. (1..1024 characters) */
  message: string;
  /** When the server sent the message. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
}

/** The agent's answer to one message (a combined answer-then-resume text after a question asked mid-lesson). */
export interface TeachServerResponse {
  /** Message type. (always "response") */
  type: "response";
  /** The agent response text. (1..65536 characters) */
  response: string;
  /** What the agent is doing: "teaching" (walking through current_topic section by section), "answering" (this response answers a specific question; the lesson resumes when the learner says continue), "quiz" (asking or checking a check-your-understanding question on current_topic) or "idle" (no lesson, e.g. a greeting, help, or after stop). (one of teaching, answering, quiz, idle) */
  mode: "teaching" | "answering" | "quiz" | "idle";
  /** The topic being taught, e.g. "Indus Valley"; null before any lesson started. (at most 256 characters) */
  current_topic: string | null;
  /** When the response was sent. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
}

/** The message could not be processed (invalid JSON, a message breaking its schema, an agent failure). The connection stays open. */
export interface TeachServerError {
  /** Message type. (always "error") */
  type: "error";
  /** Human-readable description. (1..1024 characters) */
  error: string;
  /** Machine-readable error name. (common.error_code; one of invalid_json, invalid_message, invalid_transition, too_large, unsupported, not_found, forbidden, rate_limited, busy, timeout, brain_error, store_error, internal_error) */
  code: CommonErrorCode;
  /** When the error happened. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
}

/** Any message of teach_server, told apart by "type". */
export type AnyTeachServerMessage =
  | TeachServerWelcome
  | TeachServerResponse
  | TeachServerError;

// ---- tutor_client (schemas/tutor_client.json)

/** Send a user message to the tutor. The server confirms it with user_message_received, shows the typing indicator, then streams the answer (stream_start, stream_chunk..., stream_end) and stops the typing indicator. Unknown fields are skipped, not errors: the seed's clients attach per-client context (timezone, languageCode) and other clients of the same backend attach more. */
export interface TutorClientUserMessage {
  /** Message type. (always "user_message") */
  mt: "user_message";
  /** The user's message text. (1..32768 characters) */
  message: string;
  /** Id of the user who sent the message. The seed sends it as a JSON string ("123"); an integer is accepted too and Parley echoes it back in the kind it arrived in. (1..128 characters) */
  userId: string | number;
  /** Client-chosen token for this message (the seed uses "msg_" + Date.now()). Echoed in user_message_received so the client can match the confirmation; a message re-sent with the same token within 5 seconds is a duplicate and is dropped. (1..128 characters) */
  token?: string;
  /** The user's IANA time zone, e.g. "Asia/Kolkata" (the seed sends Intl.DateTimeFormat().resolvedOptions().timeZone); a hint for time-aware answers. (1..64 characters) */
  timezone?: string;
  /** Language of the conversation as a BCP 47 tag, e.g. "en". (1..35 characters) */
  languageCode?: string;
}

/** Parley extension: stop the answer being streamed. The server ends that stream with stream_end (stopped: true, fullText: the text streamed so far) and stops the typing indicator; with nothing streaming it does nothing. Unknown fields are errors: no seed client sends this message, and a misspelt messageId must not silently stop another answer. */
export interface TutorClientStop {
  /** Message type. (always "stop") */
  mt: "stop";
  /** Id of the answer to stop (the messageId of its stream_start). Absent: whatever answer this conversation is streaming. (1..128 characters) */
  messageId?: string;
}

/** Any message of tutor_client, told apart by "mt". */
export type AnyTutorClientMessage =
  | TutorClientUserMessage
  | TutorClientStop;

// ---- tutor_rest (schemas/tutor_rest.json)

/** Body of POST /ai-tutor/conversations. Unknown fields are errors (the answer is an HTTP 400 naming the field): the seed gives the complete body. */
export interface TutorRestCreateConversationRequest {
  /** Id of the user who owns the conversation. The seed sends an integer (123) here while its WebSocket messages send userId as a string ("123"); both kinds are accepted. (1..128 characters) */
  user_id: string | number;
  /** Title of the conversation; empty (the seed's "") means "generate one from the first exchange" (see title_updated). (at most 256 characters) */
  title?: string;
  /** Initial status; "active" is the only one the seed defines. (one of active) */
  status?: "active";
}

/** Response body of POST /ai-tutor/conversations (HTTP 201). */
export interface TutorRestCreateConversationResponse {
  /** Id of the new conversation: connect to /ai-tutor/ws/{conversation_id}. (1..128 characters) */
  conversation_id: string;
}

// ---- tutor_server (schemas/tutor_server.json)

/** Sent first on every connection: the connection to the conversation is established. */
export interface TutorServerConnected {
  /** Message type. (always "connected") */
  mt: "connected";
  /** Id of the conversation (the {conversation_id} of the WebSocket URL), e.g. "6507f1f77e1a2b3c4d5e6f7a". (1..128 characters) */
  conversationId: string;
  /** Greeting text, "Connected to AI Tutor". (1..1024 characters) */
  message: string;
  /** When the server sent the message. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** Parley extension: true when this connection took up a conversation after a dropped connection and the events the client missed follow (each with its seq); false or absent on a fresh connection. (Parley extension) */
  recovered?: boolean;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** Confirms a user_message: the server accepted and stored it. Every connection of the conversation receives it (multi-user support per conversation). */
export interface TutorServerUserMessageReceived {
  /** Message type. (always "user_message_received") */
  mt: "user_message_received";
  /** Id of the conversation (the {conversation_id} of the WebSocket URL), e.g. "6507f1f77e1a2b3c4d5e6f7a". (1..128 characters) */
  conversationId: string;
  /** The user's message text, as received. (1..32768 characters) */
  message: string;
  /** Id of the user who sent the message. The seed sends it as a JSON string ("123"); an integer is accepted too and Parley echoes it back in the kind it arrived in. (1..128 characters) */
  userId: string | number;
  /** The token of the user_message, when it had one. (1..128 characters) */
  token?: string;
  /** When the server received the message. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** Start typing: the tutor is composing an answer. */
export interface TutorServerTypingIndicator {
  /** Message type. (always "typing_indicator") */
  mt: "typing_indicator";
  /** Id of the conversation (the {conversation_id} of the WebSocket URL), e.g. "6507f1f77e1a2b3c4d5e6f7a". (1..128 characters) */
  conversationId: string;
  /** True: the one typing is the tutor (the only case the seed shows). */
  isBot: boolean;
  /** When the server sent the message. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** Stop typing: the tutor finished (or abandoned) its answer. */
export interface TutorServerStopTypingIndicator {
  /** Message type. (always "stop_typing_indicator") */
  mt: "stop_typing_indicator";
  /** Id of the conversation (the {conversation_id} of the WebSocket URL), e.g. "6507f1f77e1a2b3c4d5e6f7a". (1..128 characters) */
  conversationId: string;
  /** True: the one who stopped typing is the tutor. */
  isBot: boolean;
  /** When the server sent the message. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** Bot response streaming begins: stream_chunk messages with the same messageId follow, then one stream_end. */
export interface TutorServerStreamStart {
  /** Message type. (always "stream_start") */
  mt: "stream_start";
  /** Id of the conversation (the {conversation_id} of the WebSocket URL), e.g. "6507f1f77e1a2b3c4d5e6f7a". (1..128 characters) */
  conversationId: string;
  /** Id of the answer being streamed, e.g. "ai_tutor_response_1705318200.123"; every chunk and the end of this stream carry it. (1..128 characters) */
  messageId: string;
  /** When the answer started. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** The next piece of the answer; the client appends chunk to what it has shown. */
export interface TutorServerStreamChunk {
  /** Message type. (always "stream_chunk") */
  mt: "stream_chunk";
  /** Id of the conversation (the {conversation_id} of the WebSocket URL), e.g. "6507f1f77e1a2b3c4d5e6f7a". (1..128 characters) */
  conversationId: string;
  /** Id of the answer (as in its stream_start). (1..128 characters) */
  messageId: string;
  /** The next piece of the answer text, e.g. "Of course! ". (1..65536 characters) */
  chunk: string;
  /** When the server sent the chunk. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** Bot response complete: the whole answer text. The client replaces what it assembled from the chunks with fullText. */
export interface TutorServerStreamEnd {
  /** Message type. (always "stream_end") */
  mt: "stream_end";
  /** Id of the conversation (the {conversation_id} of the WebSocket URL), e.g. "6507f1f77e1a2b3c4d5e6f7a". (1..128 characters) */
  conversationId: string;
  /** Id of the answer (as in its stream_start). (1..128 characters) */
  messageId: string;
  /** The complete answer: every chunk, concatenated. With stopped: the text streamed before the stop (possibly empty). (at most 65536 characters) */
  fullText: string;
  /** True: this is the final text of the answer (always true). */
  isFinal: boolean;
  /** Parley extension: true when a stop request cut the answer short; fullText then holds what was streamed so far. (Parley extension) */
  stopped?: boolean;
  /** When the answer ended. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** Something went wrong (invalid JSON, a message breaking its schema, a processing error). The connection stays open. */
export interface TutorServerError {
  /** Message type. (always "error") */
  mt: "error";
  /** Id of the conversation (the {conversation_id} of the WebSocket URL), e.g. "6507f1f77e1a2b3c4d5e6f7a". Absent when the error is about a frame that could not be read, as in the seed's "Invalid JSON format". (1..128 characters) */
  conversationId?: string;
  /** Human-readable description, e.g. "Invalid JSON format" or "message: required". (1..1024 characters) */
  error: string;
  /** Parley extension: machine-readable error name. (common.error_code; one of invalid_json, invalid_message, invalid_transition, too_large, unsupported, not_found, forbidden, rate_limited, busy, timeout, brain_error, store_error, internal_error; Parley extension) */
  code?: CommonErrorCode;
  /** When the error happened. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** Parley extension: the conversation got a title (auto-title generation after the first exchange, or a rename). Sent to every connection of the conversation. */
export interface TutorServerTitleUpdated {
  /** Message type. (always "title_updated") */
  mt: "title_updated";
  /** Id of the conversation (the {conversation_id} of the WebSocket URL), e.g. "6507f1f77e1a2b3c4d5e6f7a". (1..128 characters) */
  conversationId: string;
  /** The new title, e.g. "Quadratic equations". (1..256 characters) */
  title: string;
  /** When the title changed. (common.timestamp; at most 64 characters; format date-time) */
  timestamp: CommonTimestamp;
  /** Parley extension: the per-conversation sequence number of this event. It only grows within a conversation (gaps are normal: events addressed to other connections use numbers too), so a client that reconnects can resume after the last seq it saw and drop events it already has. (>= 1; <= 9007199254740991; Parley extension) */
  seq?: number;
}

/** Any message of tutor_server, told apart by "mt". */
export type AnyTutorServerMessage =
  | TutorServerConnected
  | TutorServerUserMessageReceived
  | TutorServerTypingIndicator
  | TutorServerStopTypingIndicator
  | TutorServerStreamStart
  | TutorServerStreamChunk
  | TutorServerStreamEnd
  | TutorServerError
  | TutorServerTitleUpdated;
