"""The seed 001 teaching-agent dialect end to end: parleyd (engine, canned
brain, teach dialect, SQLite store) on 127.0.0.1 driven by real clients
(python3-websockets, plain HTTP, a raw WebSocket for binary frames and
hand-made paths). Covers the seed's message flow message by message, whole
(not streamed) responses, queueing, every class of refused input (the socket
stays open and nothing is lost), one conversation per client id shared by
several sockets, persistence across a parleyd restart, GET / and the seed's
/health and /demo. Every server message is checked against
schemas/teach_server.json as it arrives."""

import asyncio
import json
import os
import re
import signal
import sqlite3
import time
from urllib.parse import quote

import websockets

from harness import RawWS, Server, main, run_async, schema_errors

TIMESTAMP_RE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$')
CANNED_START = 'A quadratic equation has the form'


def with_server(*args):
    def wrap(fn):
        def run():
            s = Server('parleyd', ['--brain', 'canned', '--shutdown-timeout', '1'] + list(args))
            try:
                fn(s)
            except BaseException:
                print('--- server log (tail) ---\n%s' % s.output()[-4000:])
                raise
            finally:
                s.stop()
        run.__name__ = fn.__name__
        return run
    return wrap


class TeachSocket:
    """A seed 001 client on /ws/{client_id}. Every frame must be a text frame
    holding a message valid against schemas/teach_server.json."""

    def __init__(self, ws):
        self.ws = ws

    @classmethod
    async def open(cls, s, client_id, welcome=True):
        ws = await websockets.connect(s.url('/ws/%s' % quote(client_id, safe='')), close_timeout=1)
        t = cls(ws)
        if welcome:
            w = await t.expect('welcome')
            assert w['client_id'] == client_id, w
            assert w['message'], w
            t.welcome = w
        return t

    async def recv(self, timeout=5.0):
        raw = await asyncio.wait_for(self.ws.recv(), timeout)
        assert isinstance(raw, str), 'binary frame from the server: %r' % raw[:80]
        msg = json.loads(raw)
        errs = schema_errors('teach_server', msg)
        assert not errs, 'invalid server message %s: %s' % (raw[:300], errs)
        assert TIMESTAMP_RE.match(msg['timestamp']), msg
        return msg

    async def expect(self, typ, timeout=5.0):
        msg = await self.recv(timeout)
        assert msg['type'] == typ, 'expected %s, got %s' % (typ, json.dumps(msg)[:300])
        return msg

    async def quiet(self, seconds):
        try:
            raw = await asyncio.wait_for(self.ws.recv(), seconds)
        except asyncio.TimeoutError:
            return
        raise AssertionError('unexpected message: %s' % raw[:300])

    async def send(self, obj):
        await self.ws.send(obj if isinstance(obj, (str, bytes)) else json.dumps(obj))

    async def ask(self, content, timeout=5.0):
        await self.send({'type': 'message', 'content': content})
        return await self.expect('response', timeout)

    async def close(self):
        await self.ws.close()


def reference_answer(s):
    async def go():
        t = await TeachSocket.open(s, 'reference-client')
        r = await t.ask('reference question')
        await t.close()
        return r['response']
    return run_async(go())


def check_default_response(r, text=None):
    """The canned brain gives no mode or topic: the documented defaults."""
    assert r['mode'] == 'idle' and r['current_topic'] is None, r
    assert r['response'].startswith(CANNED_START), r
    if text is not None:
        assert r['response'] == text, r
    assert set(r) == {'type', 'response', 'mode', 'current_topic', 'timestamp'}, r


def stored(s, client_id):
    """(conversation row, messages in the order they were first saved) from
    the store, read with SQLite directly (WAL: safe while the server runs)."""
    db = sqlite3.connect(os.path.join(s.data_dir, 'parley.db'))
    try:
        conv = db.execute('SELECT id, user_id, dialect FROM conversations WHERE id = ?',
                          (client_id,)).fetchone()
        msgs = db.execute('SELECT role, content, user_id, status FROM messages WHERE '
                          'conversation_id = ? ORDER BY rowid', (client_id,)).fetchall()
        return conv, msgs
    finally:
        db.close()


def wait_stored(s, client_id, n, timeout=5.0):
    deadline = time.time() + timeout
    while True:
        conv, msgs = stored(s, client_id)
        if len(msgs) >= n or time.time() > deadline:
            assert len(msgs) == n, (n, msgs)
            return conv, msgs
        time.sleep(0.05)


# ---------------------------------------------------------------------------
# 1. The seed's message flow, message by message

@with_server('--canned-chunks', '7')
def seed_message_flow(s):
    full = reference_answer(s)

    async def go():
        # 1. Client connects -> the server sends a welcome message.
        t = await TeachSocket.open(s, 'user123')
        assert 'teach me about' in t.welcome['message'], t.welcome
        assert not t.welcome['message'].startswith('Welcome back'), t.welcome
        # 2. "teach me about India" -> one response (whole, not streamed).
        r = await t.ask('teach me about India')
        check_default_response(r, full)
        # 3. "what year was this?" -> one response.
        r = await t.ask('what year was this?')
        check_default_response(r, full)
        await t.quiet(0.3)
        # 4. Client disconnects.
        await t.close()
    run_async(go())
    conv, msgs = wait_stored(s, 'user123', 4)
    assert conv == ('user123', 'user123', 'teach'), conv
    assert [(m[0], m[1]) for m in msgs] == [('user', 'teach me about India'), ('assistant', full),
                                            ('user', 'what year was this?'), ('assistant', full)]
    assert msgs[0][2] == 'user123' and all(m[3] == 'complete' for m in msgs), msgs


@with_server()
def seed_api_comparison_snippet(s):
    """The seed's 'After (WebSocket)' snippet: send {type, content}, read data.response."""
    async def go():
        t = await TeachSocket.open(s, 'snippet')
        await t.send(json.dumps({'type': 'message', 'content': 'teach me'}))
        data = await t.expect('response')
        assert data['response'].startswith(CANNED_START)
        await t.close()
    run_async(go())


@with_server('--canned-chunks', '50')
def response_is_whole_not_streamed(s):
    """Fifty brain chunks make exactly one response frame, then nothing."""
    async def go():
        t = await TeachSocket.open(s, 'whole')
        await t.send({'type': 'message', 'content': 'a long answer please'})
        r = await t.expect('response')
        check_default_response(r)
        await t.quiet(0.5)
        await t.close()
    run_async(go())


@with_server()
def unknown_fields_are_skipped(s):
    async def go():
        t = await TeachSocket.open(s, 'extra-fields')
        await t.send({'type': 'message', 'content': 'hello', 'client': 'react', 'n': 3})
        check_default_response(await t.expect('response'))
        await t.close()
    run_async(go())
    _, msgs = wait_stored(s, 'extra-fields', 2)
    assert msgs[0][1] == 'hello', msgs


# ---------------------------------------------------------------------------
# 2. Queueing: messages sent while an answer runs are answered in order

@with_server('--canned-chunks', '5', '--canned-delay', '0.05')
def queued_messages_answered_in_order(s):
    questions = ['first question', 'second question', 'third question', 'fourth question']

    async def go():
        t = await TeachSocket.open(s, 'queue')
        for q in questions:
            await t.send({'type': 'message', 'content': q})
        for _ in questions:
            check_default_response(await t.expect('response', timeout=10))
        await t.quiet(0.5)
        await t.close()
    run_async(go())
    _, msgs = wait_stored(s, 'queue', 8)
    # Each message is saved when it arrives, each answer when it ends.
    assert [m[1] for m in msgs if m[0] == 'user'] == questions, msgs
    assert [m[0] for m in msgs].count('assistant') == 4, msgs


@with_server('--canned-chunks', '5', '--canned-delay', '0.1', '--max-queued', '1')
def full_queue_is_busy(s):
    async def go():
        t = await TeachSocket.open(s, 'busy')
        for i in range(4):
            await t.send({'type': 'message', 'content': 'question %d' % i})
        got = [await t.recv(10) for _ in range(4)]
        errors = [m for m in got if m['type'] == 'error']
        responses = [m for m in got if m['type'] == 'response']
        assert len(errors) == 2 and len(responses) == 2, got
        assert all(e['code'] == 'busy' and 'busy' in e['error'] for e in errors), errors
        # The socket stays open and works once the queue drains.
        await t.quiet(0.3)
        check_default_response(await t.ask('after the rush'))
        await t.close()
    run_async(go())


@with_server('--canned-chunks', '3')
def messages_before_welcome_are_kept(s):
    """A client that sends right after the handshake (before the welcome,
    while its conversation is being created) loses nothing."""
    async def go():
        ws = await websockets.connect(s.url('/ws/eager'), close_timeout=1)
        t = TeachSocket(ws)
        await t.send({'type': 'message', 'content': 'eager one'})
        await t.send({'type': 'message', 'content': 'eager two'})
        await t.send('not json')
        first = await t.expect('welcome')
        assert first['client_id'] == 'eager'
        # The refusal is immediate; the answers come once each message is stored.
        err = await t.expect('error')
        assert err['code'] == 'invalid_json', err
        check_default_response(await t.expect('response'))
        check_default_response(await t.expect('response'))
        await t.close()
    run_async(go())
    _, msgs = wait_stored(s, 'eager', 4)
    assert [m[1] for m in msgs if m[0] == 'user'] == ['eager one', 'eager two'], msgs


@with_server('--canned-chunks', '3')
def socket_closed_before_welcome_loses_nothing(s):
    """Messages from a socket that closes before its conversation is ready
    are still taken and answered; the answers wait in the store."""
    async def go():
        for i in range(10):
            ws = await websockets.connect(s.url('/ws/hasty-%d' % i), close_timeout=1)
            await ws.send(json.dumps({'type': 'message', 'content': 'hasty %d' % i}))
            await ws.close()
    run_async(go())
    for i in range(10):
        conv, msgs = wait_stored(s, 'hasty-%d' % i, 2)
        assert conv == ('hasty-%d' % i, 'hasty-%d' % i, 'teach'), conv
        assert [(m[0], m[1][:5]) for m in msgs] == [('user', 'hasty'), ('assistant', 'A qua')], msgs

    async def back():
        t = await TeachSocket.open(s, 'hasty-0')
        assert t.welcome['message'].startswith('Welcome back'), t.welcome
        await t.close()
    run_async(back())


# ---------------------------------------------------------------------------
# 3. Refused input: a clear error, the socket stays open, nothing is lost

BAD_INPUTS = [
    ('not json', 'invalid_json', 'Invalid JSON format'),
    ('{"type": "message", "content": "x"', 'invalid_json', 'Invalid JSON format'),
    ('[1, 2]', 'invalid_message', 'expected object'),
    ('"message"', 'invalid_message', 'expected object'),
    ('{"type": "message"}', 'invalid_message', 'content: required'),
    ('{"content": "hello"}', 'invalid_message', 'type: required'),
    ('{"type": "chat", "content": "hello"}', 'invalid_message', 'type: unknown message type'),
    ('{"type": 7, "content": "hello"}', 'invalid_message', 'type'),
    ('{"type": "message", "content": 5}', 'invalid_message', 'content: expected string'),
    ('{"type": "message", "content": null}', 'invalid_message', 'content: expected string'),
    ('{"type": "message", "content": ""}', 'invalid_message', 'content: must be at least 1'),
    ('{"type": "message", "content": "a\\u0000b"}', 'invalid_message', 'NUL'),
    ('{"type": "message", "content": "x", "content": "y"}', 'invalid_message', 'duplicate key'),
    (json.dumps({'type': 'message', 'content': 'x' * 32769}), 'too_large', 'content: must be at most'),
]


@with_server()
def bad_input_gets_clear_errors(s):
    async def go():
        t = await TeachSocket.open(s, 'bad-input')
        for raw, code, text in BAD_INPUTS:
            await t.send(raw)
            err = await t.expect('error')
            assert err['code'] == code, (raw[:60], err)
            assert text in err['error'], (raw[:60], err)
            assert set(err) == {'type', 'error', 'code', 'timestamp'}, err
        # The longest valid content is taken.
        check_default_response(await t.ask('y' * 32768))
        check_default_response(await t.ask('still here'))
        await t.close()
    run_async(go())
    _, msgs = wait_stored(s, 'bad-input', 4)
    assert [len(m[1]) for m in msgs if m[0] == 'user'] == [32768, 10], msgs


@with_server()
def binary_frames_are_refused(s):
    w = RawWS(s.port, path='/ws/binary-client')
    try:
        assert w.status == 101, w.head
        fin, op, payload = w.recv_frame()
        assert op == 1 and json.loads(payload)['type'] == 'welcome', payload
        w.send_frame(2, b'\x00\x01\x02')
        fin, op, payload = w.recv_frame()
        err = json.loads(payload)
        assert not schema_errors('teach_server', err), err
        assert err['type'] == 'error' and err['code'] == 'unsupported', err
        w.send_frame(1, json.dumps({'type': 'message', 'content': 'after binary'}).encode())
        fin, op, payload = w.recv_frame()
        assert json.loads(payload)['type'] == 'response', payload
    finally:
        w.close()


@with_server('--messages-per-second', '2')
def rate_limit(s):
    async def go():
        t = await TeachSocket.open(s, 'rate')
        for i in range(10):
            await t.send({'type': 'message', 'content': 'flood %d' % i})
        got = [await t.recv(5) for _ in range(10)]
        limited = [m for m in got if m['type'] == 'error' and m['code'] == 'rate_limited']
        responses = [m for m in got if m['type'] == 'response']
        assert len(limited) >= 5 and len(responses) + len(limited) == 10, got
        await asyncio.sleep(1.5)
        check_default_response(await t.ask('after waiting'))
        await t.close()
    run_async(go())


@with_server('--dedup-window', '5')
def repeated_text_is_answered_twice(s):
    """A learner says "continue" twice in a row: both are turns (this
    dialect de-duplicates by client token only, and its client sends none)."""
    async def go():
        t = await TeachSocket.open(s, 'repeat')
        await t.send({'type': 'message', 'content': 'continue'})
        await t.send({'type': 'message', 'content': 'continue'})
        got = [await t.recv(), await t.recv()]
        assert [m['type'] for m in got] == ['response', 'response'], got
        await t.quiet(0.3)
        await t.close()
    run_async(go())


@with_server('--canned-fail-prefix', 'FAIL', '--canned-chunks', '6')
def brain_failure_is_an_error(s):
    async def go():
        t = await TeachSocket.open(s, 'failing')
        await t.send({'type': 'message', 'content': 'FAIL please'})
        err = await t.expect('error')
        assert err['code'] == 'brain_error' and err['error'], err
        await t.quiet(0.3)
        check_default_response(await t.ask('and now?'))
        await t.close()
    run_async(go())


@with_server()
def bad_client_ids_are_refused(s):
    for path in ['/ws/' + 'x' * 64, '/ws/' + 'x' * 129, '/ws/a%01b', '/ws/%FF%FE', '/ws/%7F']:
        w = RawWS(s.port, path=path)
        try:
            assert w.status == 101, (path, w.head)
            fin, op, payload = w.recv_frame()
            err = json.loads(payload)
            assert not schema_errors('teach_server', err), err
            assert err['type'] == 'error' and err['code'] == 'invalid_message', err
            assert 'client_id' in err['error'], err
            assert w.expect_close() == 1008, path
        finally:
            w.close()
    # 63 bytes (and non-ASCII) is fine.
    async def go():
        t = await TeachSocket.open(s, 'y' * 61 + '\u00e9')
        check_default_response(await t.ask('long id'))
        await t.close()
    run_async(go())


@with_server()
def other_dialects_conversation_is_refused(s):
    st, _, body = s.http('POST', '/ai-tutor/conversations', {'user_id': 1, 'title': '', 'status': 'active'})
    assert st == 201, (st, body)
    cid = json.loads(body)['conversation_id']
    w = RawWS(s.port, path='/ws/%s' % cid)
    try:
        fin, op, payload = w.recv_frame()
        err = json.loads(payload)
        assert err['type'] == 'error' and err['code'] == 'forbidden', err
        assert w.expect_close() == 1008
    finally:
        w.close()
    # The tutor conversation is untouched and still works in its own dialect.
    st, _, body = s.http('GET', '/ai-tutor/conversations/%s' % cid)
    assert st == 200 and json.loads(body)['message_count'] == 0, (st, body)


# ---------------------------------------------------------------------------
# 4. One conversation per client id

@with_server('--canned-chunks', '4')
def two_sockets_same_client_see_the_same(s):
    async def go():
        a = await TeachSocket.open(s, 'shared')
        b = await TeachSocket.open(s, 'shared')
        ra = await a.ask('from socket a')
        rb = await b.expect('response')
        assert ra['response'] == rb['response'] and ra['timestamp'] == rb['timestamp'], (ra, rb)
        await b.send({'type': 'message', 'content': 'from socket b'})
        ra, rb = await a.expect('response'), await b.expect('response')
        assert ra == rb, (ra, rb)
        # Errors go only to the socket that caused them.
        await a.send('not json')
        assert (await a.expect('error'))['code'] == 'invalid_json'
        await b.quiet(0.3)
        # Another client is another conversation: it sees nothing of these.
        c = await TeachSocket.open(s, 'someone-else')
        await a.ask('only for shared')
        await b.expect('response')
        await c.quiet(0.3)
        for t in (a, b, c):
            await t.close()
    run_async(go())
    _, msgs = wait_stored(s, 'shared', 6)
    assert [m[1] for m in msgs if m[0] == 'user'] == ['from socket a', 'from socket b', 'only for shared']
    _, other = stored(s, 'someone-else')
    assert other == [], other


@with_server('--canned-chunks', '4', '--canned-delay', '0.1')
def reconnect_mid_answer_gets_the_answer(s):
    """A socket that joins while an answer runs receives it; the answer goes
    on when the asking socket leaves."""
    async def go():
        a = await TeachSocket.open(s, 'hand-over')
        await a.send({'type': 'message', 'content': 'long one'})
        await asyncio.sleep(0.1)
        await a.close()
        b = await TeachSocket.open(s, 'hand-over')
        check_default_response(await b.expect('response', timeout=5))
        await b.close()
    run_async(go())
    wait_stored(s, 'hand-over', 2)


def persistence_across_restart():
    s = Server('parleyd', ['--brain', 'canned', '--shutdown-timeout', '1'])
    try:
        async def first():
            t = await TeachSocket.open(s, 'student-7')
            check_default_response(await t.ask('teach me about volcanoes'))
            await t.close()
        run_async(first())
        wait_stored(s, 'student-7', 2)
        for i, how in enumerate((signal.SIGTERM, signal.SIGKILL)):
            s.signal(how)
            s.proc.wait(10)
            s.restart()

            async def again():
                t = await TeachSocket.open(s, 'student-7')
                assert t.welcome['message'].startswith('Welcome back'), t.welcome
                check_default_response(await t.ask('continue after %s' % how.name))
                await t.close()
                # A new client still gets the first-time welcome.
                n = await TeachSocket.open(s, 'newcomer-%s' % how.name)
                assert not n.welcome['message'].startswith('Welcome back'), n.welcome
                await n.close()
            run_async(again())
            wait_stored(s, 'student-7', 4 + 2 * i)  # what SIGKILL may lose is only what is unsaved
        conv, msgs = wait_stored(s, 'student-7', 6)
        assert conv == ('student-7', 'student-7', 'teach'), conv
        assert [m[1] for m in msgs if m[0] == 'user'] == [
            'teach me about volcanoes', 'continue after SIGTERM', 'continue after SIGKILL'], msgs
        assert [m[0] for m in msgs] == ['user', 'assistant'] * 3, msgs
    except BaseException:
        print('--- server log (tail) ---\n%s' % s.output()[-4000:])
        raise
    finally:
        s.stop()


# ---------------------------------------------------------------------------
# 5. REST: GET /, /health, /demo

@with_server()
def api_information(s):
    st, hdrs, body = s.http('GET', '/')
    assert st == 200 and hdrs['content-type'].startswith('application/json'), (st, hdrs)
    info = json.loads(body)
    assert info['name'] == 'Parley', info
    _, _, health = s.http('GET', '/health')
    assert info['version'] == json.loads(health)['version'], (info, health)
    eps = info['endpoints']
    assert isinstance(eps, list) and eps, info
    for e in eps:
        assert set(e) == {'method', 'path', 'protocol', 'dialect', 'seed', 'description'}, e
        assert e['protocol'] in ('websocket', 'http') and e['path'].startswith('/'), e
        assert e['method'] in ('GET', 'POST', 'DELETE') and e['description'], e
    by_path = {(e['method'], e['path']): e for e in eps}
    ws = by_path[('GET', '/ws/{client_id}')]
    assert ws['protocol'] == 'websocket' and ws['dialect'] == 'teach' and ws['seed'] == '001', ws
    assert {e['dialect'] for e in eps} >= {'tutor', 'teach', 'improv', 'studymate', 'audio', None}
    for p in ('/', '/health', '/demo'):
        assert by_path[('GET', p)]['protocol'] == 'http', p
    # The server's own HTTP endpoints and the ones of the dialects in this
    # build (tutor, teach) are really served.
    for (method, path), e in by_path.items():
        if e['protocol'] != 'http' or method != 'GET' or e['dialect'] not in (None, 'tutor'):
            continue
        st, _, _ = s.http('GET', path.replace('{conversation_id}', 'nope'))
        assert st != 404 or '{' in path, (path, st)
    # HEAD works like GET.
    st, _, body = s.http('HEAD', '/')
    assert st == 200 and body == b'', st


@with_server()
def health_and_demo(s):
    async def go():
        a = await TeachSocket.open(s, 'health-a')
        b = await TeachSocket.open(s, 'health-b')
        st, _, body = s.http('GET', '/health')
        h = json.loads(body)
        assert st == 200 and h['status'] == 'ok', h
        assert h['websockets'] == 2 and h['conversations'] >= 2, h
        await a.close()
        await b.close()
    run_async(go())
    st, hdrs, body = s.http('GET', '/demo')
    assert st == 200 and hdrs['content-type'].startswith('text/html'), (st, hdrs)


if __name__ == '__main__':
    main([seed_message_flow, seed_api_comparison_snippet, response_is_whole_not_streamed,
          unknown_fields_are_skipped, queued_messages_answered_in_order, full_queue_is_busy,
          messages_before_welcome_are_kept, socket_closed_before_welcome_loses_nothing, bad_input_gets_clear_errors, binary_frames_are_refused,
          rate_limit, repeated_text_is_answered_twice, brain_failure_is_an_error,
          bad_client_ids_are_refused, other_dialects_conversation_is_refused,
          two_sockets_same_client_see_the_same, reconnect_mid_answer_gets_the_answer,
          persistence_across_restart, api_information, health_and_demo])
