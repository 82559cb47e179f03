"""The seed 003 StudyMate chat dialect end to end: parleyd (engine, canned
brain, studymate dialect, SQLite store) on 127.0.0.1 driven by real clients
(python3-websockets, a raw WebSocket for binary frames) on ws://HOST/ws/chat.

Covers the seed's flows message by message (new chat: auth without chat_id,
chat_created, the echo, typing, the answer streamed as one growing message;
existing chat: auth with chat_id, load_messages), the seed client's merge by
id, ownership (another user's chat is refused and never leaks), moving a
connection between chats, typing relays, several sockets on one chat, stop,
brain failure, resume with ?last_seq, persistence across a restart, and every
class of bad input (each gets an error, the socket stays, nothing is lost).
Every server message is checked against schemas/studymate_server.json as it
arrives. The canned brain gives no citations: citations are covered by
tests/unit/dialects/test_studymate.c."""

import asyncio
import json
import re
import signal
import time

import websockets

from harness import RawWS, Server, main, run_async, schema_errors

TIMESTAMP_RE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$')
CANNED = None   # the canned answer, learnt from the first exchange


def with_server(*args):
    def wrap(fn):
        def run():
            s = Server('parleyd', ['--shutdown-timeout', '1', '--brain', 'canned'] + list(args))
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


class Chat:
    """A seed 003 client socket. Every frame must be a text frame holding a
    message valid against schemas/studymate_server.json; each is kept in
    `log` as (text, parsed)."""

    def __init__(self, ws, user):
        self.ws = ws
        self.user = user
        self.log = []
        self.chat_id = None

    @classmethod
    async def open(cls, s, user='user_123', last_seq=None):
        path = '/ws/chat' if last_seq is None else '/ws/chat?last_seq=%d' % last_seq
        return cls(await websockets.connect(s.url(path), close_timeout=1), user)

    async def recv(self, timeout=5.0):
        raw = await asyncio.wait_for(self.ws.recv(), timeout)
        assert isinstance(raw, str), 'binary frame from the server: %r' % raw[:80]
        msg = json.loads(raw)
        errs = schema_errors('studymate_server', msg)
        assert not errs, 'invalid server message %s: %s' % (raw[:300], errs)
        self.log.append((raw, msg))
        return msg

    async def expect(self, typ, timeout=5.0):
        msg = await self.recv(timeout)
        assert msg['type'] == typ, 'expected %s, got %s' % (typ, json.dumps(msg)[:300])
        return msg

    async def expect_error(self, code, words='', chat_id=None):
        err = await self.expect('error')
        assert err['data']['error'] == code, err
        assert words in err['data']['message'], (words, err)
        if chat_id is not None:
            assert err['data'].get('chat_id') == chat_id, err
        assert 'seq' not in err, err
        return err['data']

    async def until_idle(self, timeout=10.0):
        """Messages up to and including the assistant's typing false."""
        out, deadline = [], time.monotonic() + timeout
        while True:
            try:
                m = await self.recv(max(deadline - time.monotonic(), 0.001))
            except asyncio.TimeoutError:
                raise AssertionError('no typing false within %.1fs; got %s' % (timeout, kinds(out)))
            out.append(m)
            if m['type'] == 'typing' and m['data']['is_typing'] is False and 'user_id' not in m['data']:
                return out

    async def quiet(self, seconds=0.3):
        try:
            raw = await asyncio.wait_for(self.ws.recv(), seconds)
        except asyncio.TimeoutError:
            return
        raise AssertionError('unexpected message: %s' % raw[:300])

    async def send(self, obj):
        await self.ws.send(obj if isinstance(obj, (str, bytes)) else json.dumps(obj))

    async def auth(self, chat_id=None, user=None):
        data = {'user_id': user or self.user}
        if chat_id is not None:
            data['chat_id'] = chat_id
        await self.send({'type': 'auth', 'data': data})

    async def new_chat(self):
        await self.auth()
        m = await self.expect('chat_created')
        assert set(m) == {'type', 'data'}, m
        self.chat_id = m['data']['chat_id']
        return self.chat_id

    async def join(self, chat_id):
        await self.auth(chat_id)
        await self.quiet(0.2)  # joining is silent
        self.chat_id = chat_id

    def message(self, text, mid, chat_id=None, user=None, ts='2025-01-04T14:00:00.000Z', **extra):
        msg = {'id': mid, 'role': 'user', 'content': text, 'timestamp': ts}
        msg.update(extra)
        data = {'message': msg, 'user_id': user or self.user}
        if chat_id is not None:
            data['chat_id'] = chat_id
        return {'type': 'message', 'data': data}

    async def say(self, text, mid, chat_id=None, **kw):
        await self.send(self.message(text, mid, chat_id, **kw))

    async def exchange(self, text, mid, chat_id=None, **kw):
        await self.say(text, mid, chat_id, **kw)
        return await self.until_idle()

    async def typing(self, is_typing, chat_id=None):
        data = {'user_id': self.user, 'is_typing': is_typing}
        if chat_id is not None:
            data['chat_id'] = chat_id
        await self.send({'type': 'typing', 'data': data})

    async def history(self, chat_id=None):
        await self.send({'type': 'load_messages',
                         'data': {'chat_id': chat_id or self.chat_id, 'user_id': self.user}})
        m = await self.expect('messages')
        assert m['data']['chat_id'] == (chat_id or self.chat_id) and 'seq' not in m, m
        return m['data']['messages']

    async def close(self):
        await self.ws.close()


def kinds(msgs):
    """Event kinds: typing+/-, user, assistant:<status> (runs of streaming folded)."""
    out = []
    for m in msgs:
        if m['type'] == 'typing':
            k = 'typing%s%s' % ('+' if m['data']['is_typing'] else '-', '@' + m['data']['user_id']
                                if 'user_id' in m['data'] else '')
        elif m['type'] == 'message':
            msg = m['data']['message']
            k = 'user' if msg['role'] == 'user' else 'assistant:%s' % m['data'].get('status')
        else:
            k = m['type']
        if not (out and out[-1] == k == 'assistant:streaming'):
            out.append(k)
    return out


EXCHANGE = ['user', 'typing+', 'assistant:streaming', 'assistant:complete', 'typing-']


def check_answer(msgs, chat_id, status='complete'):
    """One answer: message events with one id, contents growing as prefixes,
    the last with `status`. Returns (id, final content, final event)."""
    ans = [m for m in msgs if m['type'] == 'message' and m['data']['message']['role'] == 'assistant']
    assert ans, kinds(msgs)
    mid = ans[0]['data']['message']['id']
    assert re.match(r'^a_\d+\.\d{3}$', mid), mid
    assert ans[0]['data']['message']['content'] == '', ans[0]
    for a, b in zip(ans, ans[1:]):
        assert b['data']['message']['content'].startswith(a['data']['message']['content']), (a, b)
    for m in ans:
        d = m['data']
        assert d['message']['id'] == mid and d['chat_id'] == chat_id == d['message']['chat_id'], m
        assert d['message']['timestamp'] == ans[0]['data']['message']['timestamp'], m
        assert TIMESTAMP_RE.match(d['message']['timestamp']), m
    assert [m['data']['status'] for m in ans[:-1]] == ['streaming'] * (len(ans) - 1)
    assert ans[-1]['data']['status'] == status, ans[-1]
    assert 'citations' not in ans[-1]['data']['message']  # the canned brain cites nothing
    return mid, ans[-1]['data']['message']['content'], ans[-1]


def check_seq(msgs):
    seqs = [m['seq'] for m in msgs if 'seq' in m]
    assert all(a < b for a, b in zip(seqs, seqs[1:])), seqs


def merge(state, event):
    """The seed client's onmessage for `message` events, literally: merge by id."""
    if event['type'] == 'message' and event['data'].get('message'):
        msg = event['data']['message']
        for i, old in enumerate(state):
            if old['id'] == msg['id']:
                state[i] = dict(old, **msg)
                return
        state.append(msg)


# ---------------------------------------------------------------------------
# 1. The seed's flows

@with_server('--canned-chunks', '5')
def seed_new_chat_then_existing_chat(s):
    async def go():
        c = await Chat.open(s)
        # The new-chat page: auth without chat_id, then (without waiting) the first message.
        await c.auth()
        sent = c.message('What does chapter 3 say about osmosis?', 'm_1736000000000')['data']['message']
        await c.say(sent['content'], sent['id'])
        created = await c.expect('chat_created')
        chat = created['data']['chat_id']
        assert re.match(r'^[0-9a-f]{24}$', chat), created
        msgs = await c.until_idle()
        assert kinds(msgs) == EXCHANGE, kinds(msgs)
        echo = msgs[0]
        assert echo['data'] == {'message': dict(sent, chat_id=chat), 'chat_id': chat}, echo
        assert msgs[1]['data'] == {'chat_id': chat, 'is_typing': True}
        assert msgs[-1]['data'] == {'chat_id': chat, 'is_typing': False}
        mid, full, _ = check_answer(msgs, chat)
        assert len([m for m in msgs if m['data'].get('status') == 'streaming']) == 1 + 5
        assert all('seq' in m for m in msgs) and 'seq' not in created
        check_seq(msgs)
        # What the seed's client shows after merging by id.
        state = [dict(sent)]
        for m in msgs:
            merge(state, m)
        assert [(m['id'], m['role']) for m in state] == [(sent['id'], 'user'), (mid, 'assistant')]
        assert state[1]['content'] == full and len(full) > 50
        await c.quiet()
        await c.close()

        # Later, on the chat's own page: auth with chat_id, then load_messages.
        d = await Chat.open(s)
        await d.join(chat)
        hist = await d.history()
        assert hist == [dict(sent, chat_id=chat),
                        {'id': mid, 'role': 'assistant', 'content': full,
                         'timestamp': msgs[2]['data']['message']['timestamp'], 'chat_id': chat}], hist
        # The chat goes on there.
        more = await d.exchange('And diffusion?', 'm_2')
        assert kinds(more) == EXCHANGE
        assert more[0]['seq'] > msgs[-1]['seq']
        assert len(await d.history()) == 4
        await d.close()
        global CANNED
        CANNED = full
    run_async(go())


@with_server()
def new_chat_per_auth_without_chat_id(s):
    async def go():
        c = await Chat.open(s)
        a = await c.new_chat()
        await c.exchange('first chat', 'm1')
        b = await c.new_chat()   # auth again without chat_id: another new chat, the socket moves
        assert a != b
        msgs = await c.exchange('second chat', 'm2')
        assert all(m['data']['chat_id'] == b for m in msgs)
        assert [m['content'] for m in await c.history(a)][0] == 'first chat'
        assert [m['content'] for m in await c.history(b)][0] == 'second chat'
        await c.close()
    run_async(go())


# ---------------------------------------------------------------------------
# 2. Authentication and ownership

@with_server()
def anything_before_auth_is_refused(s):
    async def go():
        c = await Chat.open(s)
        frames = [c.message('hello', 'm1'),
                  {'type': 'typing', 'data': {'user_id': 'user_123', 'is_typing': True}},
                  {'type': 'load_messages', 'data': {'chat_id': 'abc', 'user_id': 'user_123'}},
                  {'type': 'stop', 'data': {'user_id': 'user_123'}}]
        for f in frames:
            await c.send(f)
            await c.expect_error('forbidden', 'not authenticated')
        # An unknown chat: refused, and the socket stays unauthenticated.
        await c.auth('0123456789abcdef01234567')
        await c.expect_error('not_found', 'not found', chat_id='0123456789abcdef01234567')
        await c.send(frames[0])
        await c.expect_error('forbidden', 'not authenticated')
        # Then a proper auth works on the same socket.
        chat = await c.new_chat()
        msgs = await c.exchange('hello', 'm1')
        assert kinds(msgs) == EXCHANGE and msgs[0]['data']['chat_id'] == chat
        await c.close()
    run_async(go())


@with_server('--canned-chunks', '4')
def another_users_chat_never_leaks(s):
    async def go():
        owner = await Chat.open(s, 'alice')
        chat = await owner.new_chat()
        await owner.exchange('alice private question', 'a1')
        mallory = await Chat.open(s, 'mallory')
        await mallory.auth(chat)
        await mallory.expect_error('forbidden', 'another user', chat_id=chat)
        await mallory.send(mallory.message('let me in', 'x1', chat_id=chat))
        await mallory.expect_error('forbidden', 'not authenticated')
        await mallory.new_chat()
        for f in [mallory.message('let me in', 'x1', chat_id=chat),
                  {'type': 'load_messages', 'data': {'chat_id': chat, 'user_id': 'mallory'}},
                  {'type': 'typing', 'data': {'user_id': 'mallory', 'chat_id': chat, 'is_typing': True}},
                  {'type': 'stop', 'data': {'user_id': 'mallory', 'chat_id': chat}},
                  {'type': 'auth', 'data': {'user_id': 'mallory', 'chat_id': chat}}]:
            await mallory.send(f)
            await mallory.expect_error('forbidden', 'belongs to another user', chat_id=chat)
        # The owner's next exchange reaches the owner only.
        msgs = await owner.exchange('second private question', 'a2')
        assert kinds(msgs) == EXCHANGE
        await mallory.quiet(0.5)
        assert not any(m.get('data', {}).get('chat_id') == chat and m['type'] != 'error'
                       for _, m in mallory.log)
        # Nothing of mallory's was stored in alice's chat.
        hist = await owner.history()
        assert [m['content'] for m in hist if m['role'] == 'user'] == \
            ['alice private question', 'second private question'], hist
        # A user id that is not the connection's is refused too.
        await owner.send(owner.message('as bob', 'b1', user='bob'))
        await owner.expect_error('forbidden', 'user_id')
        await owner.send({'type': 'auth', 'data': {'user_id': 'bob'}})
        await owner.expect_error('forbidden', 'another user')
        await owner.close()
        await mallory.close()
    run_async(go())


@with_server()
def chat_of_another_dialect_is_not_found(s):
    st, _, body = s.http('POST', '/ai-tutor/conversations', {'user_id': 'user_123', 'title': '',
                                                             'status': 'active'})
    assert st == 201, body
    tutor_conv = json.loads(body)['conversation_id']

    async def go():
        c = await Chat.open(s)
        await c.auth(tutor_conv)
        await c.expect_error('not_found', chat_id=tutor_conv)
        await c.new_chat()
        await c.send({'type': 'load_messages', 'data': {'chat_id': tutor_conv, 'user_id': 'user_123'}})
        await c.expect_error('not_found', chat_id=tutor_conv)
        await c.close()
    run_async(go())


# ---------------------------------------------------------------------------
# 3. Several sockets, typing, moving between chats

@with_server('--canned-chunks', '6')
def two_sockets_one_chat_and_typing_relay(s):
    async def go():
        a = await Chat.open(s)
        chat = await a.new_chat()
        b = await Chat.open(s)
        await b.join(chat)
        # Typing is relayed to the chat's other sockets, not echoed, not sequenced.
        await a.typing(True)
        t = await b.expect('typing')
        assert t == {'type': 'typing', 'data': {'chat_id': chat, 'user_id': 'user_123', 'is_typing': True}}
        await a.quiet(0.2)
        await b.typing(False, chat_id=chat)
        t = await a.expect('typing')
        assert t['data'] == {'chat_id': chat, 'user_id': 'user_123', 'is_typing': False}
        await b.quiet(0.2)
        # Both sockets see the same events of an exchange, byte for byte.
        na, nb = len(a.log), len(b.log)
        ma = await a.exchange('Explain fractions', 'f1')
        mb = await b.until_idle()
        assert kinds(ma) == EXCHANGE
        assert [r for r, _ in a.log[na:]] == [r for r, _ in b.log[nb:]]
        # The other socket's message reaches the first one just the same.
        await b.say('And decimals?', 'f2')
        mb = await b.until_idle()
        ma = await a.until_idle()
        assert ma == mb and ma[0]['data']['message']['id'] == 'f2'
        check_seq([m for _, m in a.log])
        await a.close()
        await b.close()
    run_async(go())


@with_server()
def moving_between_chats(s):
    async def go():
        c = await Chat.open(s)
        one = await c.new_chat()
        await c.exchange('in chat one', 'o1')
        other = await Chat.open(s)
        await other.join(one)
        two = await c.new_chat()
        # c left chat one: what happens there no longer reaches it.
        await other.exchange('only for chat one', 'o2')
        await c.quiet(0.3)
        # A message naming chat one moves c back there, and goes to chat one.
        msgs = await c.exchange('back in one', 'o3', chat_id=one)
        assert all(m['data']['chat_id'] == one for m in msgs), msgs
        await other.until_idle()
        # Typing for chat two (not joined) reaches chat two's sockets, not chat one's.
        watcher = await Chat.open(s)
        await watcher.join(two)
        await c.typing(True, chat_id=two)
        assert (await watcher.expect('typing'))['data']['chat_id'] == two
        await other.quiet(0.2)
        # auth with chat two moves it again; a second auth with the same chat is silent.
        await c.join(two)
        await c.join(two)
        msgs = await c.exchange('in chat two', 't1')
        assert all(m['data']['chat_id'] == two for m in msgs)
        await watcher.until_idle()
        assert [m['content'] for m in await c.history(one) if m['role'] == 'user'] == \
            ['in chat one', 'only for chat one', 'back in one']
        assert [m['content'] for m in await c.history(two) if m['role'] == 'user'] == ['in chat two']
        # data.chat_id and data.message.chat_id must agree.
        both = c.message('which one?', 'w1', chat_id=one)
        both['data']['message']['chat_id'] = two
        await c.send(both)
        await c.expect_error('invalid_message', 'different chats')
        # message.chat_id alone names the chat too.
        await c.send({'type': 'message', 'data': {'message': {
            'id': 'w2', 'role': 'user', 'content': 'via message.chat_id', 'timestamp': '2025-01-04T14:00:00Z',
            'chat_id': one}, 'user_id': 'user_123'}})
        msgs = await c.until_idle()
        assert msgs[0]['data']['chat_id'] == one
        for x in (c, other, watcher):
            await x.close()
    run_async(go())


# ---------------------------------------------------------------------------
# 4. Dedup, stop, failure

@with_server()
def resent_message_is_not_answered_twice(s):
    async def go():
        c = await Chat.open(s)
        await c.new_chat()
        first = await c.exchange('What is a prime?', 'p1')
        await c.say('What is a prime?', 'p1')
        again = await c.expect('message')
        assert again == first[0], (again, first[0])
        await c.quiet(0.5)
        assert len(await c.history()) == 2
        # The same text under a new id is a new message (the client's id is its identity).
        msgs = await c.exchange('What is a prime?', 'p2')
        assert kinds(msgs) == EXCHANGE and msgs[0]['data']['message']['id'] == 'p2'
        assert len(await c.history()) == 4
        await c.close()
    run_async(go())


@with_server('--canned-chunks', '40', '--canned-delay', '0.05')
def stop_mid_answer(s):
    async def go():
        c = await Chat.open(s)
        chat = await c.new_chat()
        await c.say('A long answer please', 's1')
        msgs = []
        while len([m for m in msgs if m['type'] == 'message' and m['data'].get('status') == 'streaming']) < 4:
            msgs.append(await c.recv())
        await c.send({'type': 'stop', 'data': {'user_id': 'user_123', 'chat_id': chat}})
        msgs += await c.until_idle()
        mid, partial, _ = check_answer(msgs, chat, status='stopped')
        assert 0 < len(partial) < len(CANNED or 'x' * 1000)
        await c.send({'type': 'stop', 'data': {'user_id': 'user_123'}})
        await c.expect_error('not_found', 'nothing to stop', chat_id=chat)
        hist = await c.history()
        assert hist[1]['id'] == mid and hist[1]['content'] == partial
        await c.close()
    run_async(go())


@with_server('--canned-fail-prefix', 'FAIL', '--canned-chunks', '6')
def brain_failure(s):
    async def go():
        c = await Chat.open(s)
        chat = await c.new_chat()
        await c.say('FAIL please', 'f1')
        msgs = await c.until_idle()
        assert kinds(msgs) == ['user', 'typing+', 'assistant:streaming', 'assistant:failed', 'error',
                               'typing-'], kinds(msgs)
        mid, partial, _ = check_answer(msgs, chat, status='failed')
        err = [m for m in msgs if m['type'] == 'error'][0]
        assert err['data']['error'] == 'brain_error' and err['data']['chat_id'] == chat and 'seq' in err
        msgs = await c.exchange('A normal question', 'f2')
        assert kinds(msgs) == EXCHANGE
        hist = await c.history()
        assert [(m['role'], m['content'] == partial) for m in hist][:2] == [('user', False), ('assistant', True)]
        await c.close()
    run_async(go())


# ---------------------------------------------------------------------------
# 5. Resume and persistence

@with_server('--canned-chunks', '5')
def resume_with_last_seq(s):
    async def go():
        a = await Chat.open(s)
        chat = await a.new_chat()
        msgs = await a.exchange('resume me', 'r1')
        after = msgs[1]['seq']  # everything after the typing+ event
        b = await Chat.open(s, last_seq=after)
        await b.auth(chat)
        replay = [await b.recv() for _ in msgs[2:]]
        assert replay == msgs[2:]
        await b.quiet(0.3)
        # Only the first chat joined resumes.
        await b.new_chat()
        await b.join(chat)
        await b.close()
        await a.close()
    run_async(go())


@with_server('--canned-chunks', '3')
def history_survives_restart(s):
    async def before():
        c = await Chat.open(s)
        chat = await c.new_chat()
        msgs = await c.exchange('remember me', 'k1', ts='2025-02-01T08:00:00.000+02:00')
        hist = await c.history()
        await c.close()
        return chat, msgs, hist
    chat, msgs, hist = run_async(before())
    s.signal(signal.SIGTERM)
    s.proc.wait(10)
    s.restart()

    async def after():
        c = await Chat.open(s)
        await c.join(chat)
        again = await c.history()
        assert again == hist and again[0]['timestamp'] == '2025-02-01T08:00:00.000+02:00', again
        more = await c.exchange('still there?', 'k2')
        assert more[0]['seq'] > msgs[-1]['seq'], (more[0], msgs[-1])
        assert len(await c.history()) == 4
        # Another user is still refused after the reload.
        m = await Chat.open(s, 'mallory')
        await m.auth(chat)
        await m.expect_error('forbidden', chat_id=chat)
        await m.close()
        await c.close()
    run_async(after())


# ---------------------------------------------------------------------------
# 6. Bad input: an error each, the socket stays, nothing is lost

@with_server('--messages-per-second', '0')
def bad_inputs_keep_socket(s):
    good = {'id': 'x', 'role': 'user', 'content': 'x', 'timestamp': '2025-01-04T14:00:00.000Z'}

    def msg(**over):
        m = dict(good)
        m.update(over)
        return {'type': 'message', 'data': {'message': m, 'user_id': 'user_123'}}

    without = dict(good)
    del without['timestamp']
    cases = [
        ('not json', 'invalid_json', 'Invalid JSON'),
        ('{"type": "message", "data": ', 'invalid_json', 'Invalid JSON'),
        ('[1, 2, 3]', 'invalid_message', ''),
        ({'type': 'teleport', 'data': {}}, 'invalid_message', 'type'),
        ({'data': {'user_id': 'user_123'}}, 'invalid_message', 'type'),
        ({'type': 'message'}, 'invalid_message', 'data'),
        ({'type': 'message', 'data': {'user_id': 'user_123'}}, 'invalid_message', 'data.message'),
        ({'type': 'message', 'data': {'message': without, 'user_id': 'user_123'}}, 'invalid_message',
         'data.message.timestamp'),
        (msg(content=5), 'invalid_message', 'data.message.content'),
        (msg(content=''), 'invalid_message', 'data.message.content'),
        (msg(role='assistant'), 'invalid_message', 'data.message.role'),
        (msg(timestamp='yesterday'), 'invalid_message', 'data.message.timestamp'),
        (msg(id=''), 'invalid_message', 'data.message.id'),
        ({'type': 'message', 'data': {'message': good, 'user_id': 5}}, 'invalid_message', 'data.user_id'),
        ({'type': 'message', 'data': {'message': good, 'user_id': 'user_123', 'chatId': 'c'}},
         'invalid_message', 'chatId'),
        ({'type': 'typing', 'data': {'user_id': 'user_123', 'is_typing': 'yes'}}, 'invalid_message',
         'data.is_typing'),
        ({'type': 'load_messages', 'data': {'user_id': 'user_123'}}, 'invalid_message', 'data.chat_id'),
        ({'type': 'auth', 'data': {}}, 'invalid_message', 'data.user_id'),
        ({'type': 'auth', 'data': {'user_id': 'u' * 129}}, 'too_large', 'data.user_id'),
        ({'type': 'stop', 'data': {'user_id': 'user_123', 'messageId': 'typo'}}, 'invalid_message',
         'messageId'),
        ('{"type": "auth", "type": "typing", "data": {}}', 'invalid_message', ''),
        (msg(content='y' * 32769), 'too_large', 'data.message.content'),
        (msg(content='nul \u0000 inside'), 'invalid_message', 'NUL'),
    ]

    async def go():
        c = await Chat.open(s)
        chat = await c.new_chat()
        for i, (frame, code, words) in enumerate(cases):
            await c.send(frame)
            err = await c.expect_error(code, words)
            assert len(err['message']) <= 1024
            msgs = await c.exchange('valid after case %d' % i, 'ok-%d' % i)
            assert kinds(msgs) == EXCHANGE, (i, kinds(msgs))
        # Unknown fields of a Message are skipped, not refused; the longest content is fine.
        msgs = await c.exchange('with extras', 'extra', isStreaming=True, sources=[])
        assert kinds(msgs) == EXCHANGE and set(msgs[0]['data']['message']) == \
            {'id', 'role', 'content', 'timestamp', 'chat_id'}
        msgs = await c.exchange('y' * 32768, 'longest')
        assert len(msgs[0]['data']['message']['content']) == 32768
        hist = await c.history()
        assert len(hist) == 2 * (len(cases) + 2), len(hist)
        assert [m['id'] for m in hist if m['role'] == 'user'][:2] == ['ok-0', 'ok-1']
        await c.close()
        # A binary frame is refused the same way (raw socket).
        w = RawWS(s.port, path='/ws/chat')
        assert w.status == 101, w.head
        w.send_frame(2, b'\x00\x01binary')
        fin, op, payload = w.recv_frame()
        err = json.loads(payload)
        assert op == 1 and err['type'] == 'error' and err['data']['error'] == 'unsupported', err
        w.send_frame(1, json.dumps({'type': 'load_messages',
                                    'data': {'chat_id': chat, 'user_id': 'user_123'}}).encode())
        fin, op, payload = w.recv_frame()
        assert json.loads(payload)['data']['error'] == 'forbidden'
        w.close()
    run_async(go())


@with_server('--messages-per-second', '2')
def rate_limit(s):
    async def go():
        c = await Chat.open(s)
        await c.new_chat()
        for i in range(8):
            await c.typing(i % 2 == 0)
        limited = 0
        while True:
            try:
                m = await c.recv(0.5)
            except asyncio.TimeoutError:
                break
            assert m['type'] == 'error' and m['data']['error'] == 'rate_limited', m
            limited += 1
        assert 3 <= limited <= 6, limited
        await asyncio.sleep(1.2)
        msgs = await c.exchange('after the pause', 'late')
        assert kinds(msgs) == EXCHANGE
        await c.close()
    run_async(go())


@with_server('--max-conversations-per-user', '1')
def chats_per_user_cap(s):
    async def go():
        c = await Chat.open(s)
        chat = await c.new_chat()
        await c.auth()
        await c.expect_error('rate_limited', 'too many chats')
        msgs = await c.exchange('still in the first chat', 'c1')
        assert msgs[0]['data']['chat_id'] == chat
        await c.close()
    run_async(go())


@with_server('--max-message-size', '4k')
def frame_over_limit_closes_1009(s):
    async def go():
        c = await Chat.open(s)
        await c.new_chat()
        await c.say('z' * 5000, 'big')
        try:
            m = await c.recv()
            raise AssertionError('no close, got %s' % m)
        except websockets.ConnectionClosed as e:
            assert e.rcvd is not None and e.rcvd.code == 1009, e
        d = await Chat.open(s)
        await d.join(c.chat_id)
        assert await d.history() == []
        await d.close()
    run_async(go())


if __name__ == '__main__':
    main([seed_new_chat_then_existing_chat, new_chat_per_auth_without_chat_id,
          anything_before_auth_is_refused, another_users_chat_never_leaks,
          chat_of_another_dialect_is_not_found, two_sockets_one_chat_and_typing_relay,
          moving_between_chats, resent_message_is_not_answered_twice, stop_mid_answer, brain_failure,
          resume_with_last_seq, history_survives_restart, bad_inputs_keep_socket, rate_limit,
          chats_per_user_cap, frame_over_limit_closes_1009])
