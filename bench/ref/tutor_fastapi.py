#!/usr/bin/python3
"""bench/ref/tutor_fastapi.py - the seed 000 ("AI tutor") reference server on
the seeds' own stack: FastAPI + uvicorn (Debian's python3-fastapi and
python3-uvicorn), one worker, one process, written the way the seed's
integration guide implies, so Parley's tutor benchmark has a baseline built
like the application it replaces:

  POST /ai-tutor/conversations     {"user_id": 123, "title": "", "status": "active"}
                                   -> 201 {"conversation_id": "<24 hex digits>"}
  WS   /ai-tutor/ws/{conversation_id}
                                   "connected" first; each user_message gets
                                   user_message_received, typing_indicator,
                                   stream_start, stream_chunk x 20, stream_end,
                                   stop_typing_indicator, sent to every socket
                                   of the conversation; an unknown
                                   conversation gets an error and close 1008
  GET  /health                     {"status": "ok", ...}

A ConnectionManager keeps the sockets of each conversation and sends every
event to each of them with `await websocket.send_json(...)`; messages are read
with `await websocket.receive_text()` and `json.loads`. Conversations live in
memory. The tutor is "canned": a fixed answer split into 20 pieces of nearly
equal length (code points), streamed without delay, the same text Parley's
canned brain uses. A token seen again within 5 s on the same conversation is a
duplicate ("prevents duplicate messages within 5 seconds"): the sender gets
user_message_received again and nothing is streamed.

Usage: /usr/bin/python3 bench/ref/tutor_fastapi.py PORT [HOST]   (HOST: 127.0.0.1)
"""

import collections
import json
import secrets
import sys
import time
from datetime import datetime, timezone
from typing import Union

import uvicorn
from fastapi import FastAPI, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse
from pydantic import BaseModel

CANNED_TEXT = (
    "A quadratic equation has the form ax^2 + bx + c = 0, where a is not zero. "
    "Its solutions are given by the quadratic formula x = (-b \u00b1 sqrt(b^2 - 4ac)) / 2a. "
    "The discriminant b^2 - 4ac tells you how many real solutions there are: two when it "
    "is positive, one when it is zero, and none when it is negative."
)
CANNED_CHUNKS = 20
DEDUP_SECONDS = 5.0
# Messages kept per conversation (user and tutor), oldest dropped first.
MAX_HISTORY = 100
# Longest user message accepted, in characters.
MAX_MESSAGE_CHARS = 32768


def split_chunks(text, n):
    """Piece i of n: text[floor(i*L/n) : floor((i+1)*L/n)], L in code points."""
    length = len(text)
    return [text[i * length // n:(i + 1) * length // n] for i in range(n)]


CANNED_PIECES = split_chunks(CANNED_TEXT, CANNED_CHUNKS)


def now_iso():
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class ConversationCreate(BaseModel):
    user_id: Union[int, str]
    title: str = ""
    status: str = "active"


class ConnectionManager:
    """The sockets of each conversation, and the tokens seen recently."""

    def __init__(self):
        self.active_connections = {}  # conversation id -> [WebSocket]
        self.recent_tokens = {}       # conversation id -> OrderedDict(token -> time)

    async def connect(self, websocket, conversation_id):
        await websocket.accept()
        self.active_connections.setdefault(conversation_id, []).append(websocket)

    def disconnect(self, websocket, conversation_id):
        sockets = self.active_connections.get(conversation_id)
        if sockets and websocket in sockets:
            sockets.remove(websocket)
            if not sockets:
                del self.active_connections[conversation_id]
                self.recent_tokens.pop(conversation_id, None)

    async def send_to_conversation(self, conversation_id, message):
        dead = []
        for connection in list(self.active_connections.get(conversation_id, ())):
            try:
                await connection.send_json(message)
            except Exception:  # a socket that died under us: drop it
                dead.append(connection)
        for connection in dead:
            self.disconnect(connection, conversation_id)

    def is_duplicate(self, conversation_id, token):
        now = time.monotonic()
        tokens = self.recent_tokens.setdefault(conversation_id, collections.OrderedDict())
        while tokens:
            _, seen = next(iter(tokens.items()))
            if now - seen <= DEDUP_SECONDS:
                break
            tokens.popitem(last=False)
        if token in tokens:
            return True
        tokens[token] = now
        return False

    def socket_count(self):
        return sum(len(s) for s in self.active_connections.values())


class CannedTutor:
    """The benchmark's tutor: the same answer to every question, at once."""

    async def stream_response(self, message, history):
        for piece in CANNED_PIECES:
            yield piece


app = FastAPI(title="AI tutor reference", docs_url=None, redoc_url=None, openapi_url=None)
manager = ConnectionManager()
tutor = CannedTutor()
conversations = {}  # id -> {"user_id", "title", "status", "created_at", "messages"}
started = time.monotonic()


@app.get("/health")
async def health():
    return {
        "status": "ok",
        "server": "fastapi-tutor-reference",
        "uptime_ms": int((time.monotonic() - started) * 1000),
        "conversations": len(conversations),
        "websockets": manager.socket_count(),
        "stack": STACK,
    }


@app.post("/ai-tutor/conversations", status_code=201)
async def create_conversation(body: ConversationCreate):
    if body.status != "active":
        return JSONResponse(status_code=400, content={"error": "status: must be \"active\""})
    conversation_id = secrets.token_hex(12)
    conversations[conversation_id] = {
        "user_id": body.user_id,
        "title": body.title,
        "status": body.status,
        "created_at": now_iso(),
        "messages": collections.deque(maxlen=MAX_HISTORY),
    }
    return {"conversation_id": conversation_id}


async def send_error(websocket, conversation_id, text):
    message = {"mt": "error", "error": text, "timestamp": now_iso()}
    if conversation_id is not None:
        message["conversationId"] = conversation_id
    await websocket.send_json(message)


async def handle_user_message(websocket, conversation_id, data):
    conversation = conversations[conversation_id]
    message = data.get("message")
    user_id = data.get("userId")
    token = data.get("token")
    if not isinstance(message, str) or not message or len(message) > MAX_MESSAGE_CHARS:
        await send_error(websocket, conversation_id, "message: required, a non-empty string")
        return
    if not isinstance(user_id, (str, int)) or isinstance(user_id, bool) or user_id == "":
        await send_error(websocket, conversation_id, "userId: required, a string or integer")
        return
    if token is not None and not isinstance(token, str):
        await send_error(websocket, conversation_id, "token: must be a string")
        return

    received = {
        "mt": "user_message_received",
        "conversationId": conversation_id,
        "message": message,
        "userId": user_id,
        "timestamp": now_iso(),
    }
    if token:
        received["token"] = token
        if manager.is_duplicate(conversation_id, token):
            await websocket.send_json(received)
            return

    conversation["messages"].append({"role": "user", "userId": user_id, "text": message})
    await manager.send_to_conversation(conversation_id, received)
    await manager.send_to_conversation(conversation_id, {
        "mt": "typing_indicator",
        "conversationId": conversation_id,
        "isBot": True,
        "timestamp": now_iso(),
    })
    message_id = f"ai_tutor_response_{time.time():.3f}"
    await manager.send_to_conversation(conversation_id, {
        "mt": "stream_start",
        "conversationId": conversation_id,
        "messageId": message_id,
        "timestamp": now_iso(),
    })
    pieces = []
    async for chunk in tutor.stream_response(message, conversation["messages"]):
        pieces.append(chunk)
        await manager.send_to_conversation(conversation_id, {
            "mt": "stream_chunk",
            "conversationId": conversation_id,
            "messageId": message_id,
            "chunk": chunk,
            "timestamp": now_iso(),
        })
    full_text = "".join(pieces)
    await manager.send_to_conversation(conversation_id, {
        "mt": "stream_end",
        "conversationId": conversation_id,
        "messageId": message_id,
        "fullText": full_text,
        "isFinal": True,
        "timestamp": now_iso(),
    })
    conversation["messages"].append({"role": "tutor", "messageId": message_id, "text": full_text})
    if not conversation["title"]:
        # auto-title: stored, not announced (the seed defines no event for it)
        conversation["title"] = message[:50]
    await manager.send_to_conversation(conversation_id, {
        "mt": "stop_typing_indicator",
        "conversationId": conversation_id,
        "isBot": True,
        "timestamp": now_iso(),
    })


@app.websocket("/ai-tutor/ws/{conversation_id}")
async def tutor_websocket(websocket: WebSocket, conversation_id: str):
    if conversation_id not in conversations:
        await websocket.accept()
        await send_error(websocket, conversation_id, "Conversation not found")
        await websocket.close(code=1008)
        return
    await manager.connect(websocket, conversation_id)
    try:
        await websocket.send_json({
            "mt": "connected",
            "conversationId": conversation_id,
            "message": "Connected to AI Tutor",
            "timestamp": now_iso(),
        })
        while True:
            text = await websocket.receive_text()
            try:
                data = json.loads(text)
            except ValueError:
                await send_error(websocket, None, "Invalid JSON format")
                continue
            if not isinstance(data, dict):
                await send_error(websocket, None, "Invalid JSON format")
                continue
            if data.get("mt") == "user_message":
                try:
                    await handle_user_message(websocket, conversation_id, data)
                except WebSocketDisconnect:
                    raise
                except Exception as e:  # graceful: report, keep the connection
                    await send_error(websocket, conversation_id, f"Message processing error: {e}")
            else:
                await send_error(websocket, conversation_id,
                                 f"Unknown message type: {data.get('mt')!r}")
    except WebSocketDisconnect:
        pass
    except RuntimeError:  # sending on a socket the client already closed
        pass
    finally:
        manager.disconnect(websocket, conversation_id)


def stack_description():
    """Which event loop, HTTP parser and WebSocket library uvicorn picked."""
    import fastapi
    import starlette
    parts = [f"fastapi {fastapi.__version__}", f"starlette {starlette.__version__}",
             f"uvicorn {uvicorn.__version__}"]
    try:
        import uvloop  # noqa: F401
        parts.append("loop uvloop")
    except ImportError:
        parts.append("loop asyncio")
    try:
        import httptools  # noqa: F401
        parts.append("http httptools")
    except ImportError:
        parts.append("http h11")
    try:
        import websockets
        parts.append(f"ws websockets {websockets.__version__}")
    except ImportError:
        parts.append("ws wsproto")
    parts.append(f"python {sys.version.split()[0]}")
    return ", ".join(parts)


STACK = ""


def main():
    global STACK
    if len(sys.argv) not in (2, 3) or not sys.argv[1].isdigit() or not 0 < int(sys.argv[1]) < 65536:
        sys.stderr.write("usage: tutor_fastapi.py PORT [HOST]\n")
        return 2
    port = int(sys.argv[1])
    host = sys.argv[2] if len(sys.argv) == 3 else "127.0.0.1"
    config = uvicorn.Config(app, host=host, port=port, workers=1, log_level="warning",
                            access_log=False)
    STACK = stack_description()
    sys.stdout.write(f"tutor_fastapi: listening on {host}:{port} ({STACK})\n")
    sys.stdout.flush()
    uvicorn.Server(config).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
