"""The seed 000 AI-tutor dialect end to end: parleyd (conversation engine,
canned brain, tutor dialect, SQLite store) on 127.0.0.1 driven by real
clients (python3-websockets, plain HTTP, a raw WebSocket for what libraries
refuse to send). Covers the seed's own testing steps, several sockets on one
conversation, deduplication, queueing, stop, disconnects, resume, refused
input, brain failures, the REST API and the engine's metrics. Every server
message is checked against schemas/tutor_server.json as it arrives."""

import asyncio
import json
import re
import socket
import time

import websockets

from harness import (RawWS, Server, TutorSocket, main, run_async, schema_errors, tutor_create,
                     tutor_get, tutor_messages)

TEXT = 1
TIMESTAMP_RE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$')
EXCHANGE = ['user_message_received', 'typing_indicator', 'stream_start', 'stream_chunk',
            'stream_end', 'stop_typing_indicator']
SEED_MESSAGE = {'mt': 'user_message', 'message': 'What is photosynthesis?', 'userId': '123',
                'token': 'test123', 'timezone': 'UTC', 'languageCode': 'en'}


def with_server(*args):
    def wrap(fn):
        def run():
            # A failed case may leave sockets open: do not wait long for them at exit.
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


def kinds(msgs):
    """Message types in order, runs of stream_chunk folded into one."""
    out = []
    for m in msgs:
        if not (out and out[-1] == m['mt'] == 'stream_chunk'):
            out.append(m['mt'])
    return out


def only(msgs, mt):
    return [m for m in msgs if m['mt'] == mt]


def assert_seq_increasing(msgs):
    seqs = [m['seq'] for m in msgs if 'seq' in m]
    assert all(a < b for a, b in zip(seqs, seqs[1:])), seqs


def check_stream(msgs, chunks=None):
    """One answer's messages: start, chunks with its id, end whose fullText is
    the chunks joined. Returns (messageId, fullText, stream_end)."""
    start = only(msgs, 'stream_start')
    end = only(msgs, 'stream_end')
    assert len(start) == 1 and len(end) == 1, kinds(msgs)
    mid = start[0]['messageId']
    assert mid.startswith('ai_tutor_response_'), mid
    pieces = only(msgs, 'stream_chunk')
    assert all(c['messageId'] == mid for c in pieces)
    assert all(c['chunk'] for c in pieces), 'empty chunk'
    if chunks is not None:
        assert len(pieces) == chunks, (len(pieces), chunks)
    assert end[0]['messageId'] == mid
    assert end[0]['isFinal'] is True
    assert end[0]['fullText'] == ''.join(c['chunk'] for c in pieces)
    return mid, end[0]['fullText'], end[0]


async def connect(s, cid, last_seq=None):
    """Opens a socket and reads its `connected`."""
    t = await TutorSocket.open(s, cid, last_seq)
    hello = await t.expect('connected')
    assert hello['conversationId'] == cid
    assert hello['message'] == 'Connected to AI Tutor'
    return t, hello


async def exchange(t, text, token=None, user_id='123', until='stop_typing_indicator', **extra):
    await t.send_user(text, user_id, token, **extra)
    msgs = await t.recv_until(until)
    return msgs


async def drain(t, idle=1.0, limit=30.0):
    """Everything that arrives until the socket has been silent for `idle` seconds."""
    out, deadline = [], time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            out.append(await t.recv(idle))
        except asyncio.TimeoutError:
            return out
    raise AssertionError('the socket never went quiet: %s' % kinds(out)[-20:])


def settled_messages(s, cid, n, timeout=5.0):
    """The stored messages once there are n of them. An answer is saved
    right after its stream_end is sent, so a REST read may briefly lag."""
    got = []

    def ready():
        got[:] = tutor_messages(s, cid)
        return len(got) >= n
    try:
        wait_for(ready, timeout)
    except AssertionError:
        pass
    assert len(got) == n, (n, [(m['role'], m['content'][:40]) for m in got])
    return got


def raw_next(w, timeout=5.0):
    """The next message on a RawWS, checked like TutorSocket.recv does."""
    w.sock.settimeout(timeout)
    fin, op, payload = w.recv_frame()
    assert fin and op == TEXT, (fin, op, payload[:200])
    msg = json.loads(payload)
    errs = schema_errors('tutor_server', msg)
    assert not errs, (payload[:300], errs)
    return msg


def raw_open(s, cid):
    """A RawWS on a conversation, its `connected` read."""
    w = RawWS(s.port, path='/ai-tutor/ws/%s' % cid)
    assert w.status == 101, w.head
    assert raw_next(w)['mt'] == 'connected'
    return w


def raw_drain(w, idle=1.0, limit=30.0):
    out, deadline = [], time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            out.append(raw_next(w, idle))
        except socket.timeout:
            return out
    raise AssertionError('the socket never went quiet: %s' % kinds(out)[-20:])


def reference_answer(s):
    """The complete canned answer, from an exchange on a fresh conversation."""
    async def go():
        t, _ = await connect(s, tutor_create(s, user_id='ref'))
        msgs = await exchange(t, 'reference question', user_id='ref')
        await t.close()
        return check_stream(msgs)[1]
    return run_async(go())


def wait_for(pred, timeout=10.0, step=0.05):
    deadline = time.time() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.time() > deadline:
            raise AssertionError('condition not met within %.1fs' % timeout)
        time.sleep(step)


def state_of(s, cid):
    return tutor_get(s, cid)['state'].lower()


# ---------------------------------------------------------------------------
# 1. The seed's testing steps, literally

@with_server('--canned-chunks', '7')
def seed_testing_steps(s):
    st, hdrs, body = s.http('POST', '/ai-tutor/conversations',
                            {'user_id': 123, 'title': '', 'status': 'active'})
    assert st == 201, (st, body)
    assert hdrs['content-type'].startswith('application/json')
    created = json.loads(body)
    assert list(created) == ['conversation_id'], created
    assert not schema_errors('tutor_rest', created, 'create_conversation_response')
    cid = created['conversation_id']

    async def go():
        t = await TutorSocket.open(s, cid)
        hello = await t.recv()
        assert hello['mt'] == 'connected'
        assert hello['conversationId'] == cid
        assert hello['message'] == 'Connected to AI Tutor'
        assert TIMESTAMP_RE.match(hello['timestamp']), hello
        await t.send(SEED_MESSAGE)
        msgs = await t.recv_until('title_updated')
        assert kinds(msgs) == EXCHANGE + ['title_updated'], kinds(msgs)
        ack = msgs[0]
        assert ack['message'] == 'What is photosynthesis?'
        assert ack['userId'] == '123' and ack['token'] == 'test123'
        assert msgs[1]['isBot'] is True and msgs[-2]['isBot'] is True
        mid, full, end = check_stream(msgs, chunks=7)
        assert 'stopped' not in end and len(full) > 50
        assert all(m['conversationId'] == cid for m in msgs)
        assert all(TIMESTAMP_RE.match(m['timestamp']) for m in msgs)
        assert all('seq' in m for m in msgs), msgs
        assert_seq_increasing([hello] + msgs)
        title = msgs[-1]['title']
        assert title, msgs[-1]
        await t.quiet(0.3)
        await t.close()
        return mid, full, title
    mid, full, title = run_async(go())
    stored = settled_messages(s, cid, 2)
    conv = tutor_get(s, cid)
    assert conv['title'] == title and conv['message_count'] == 2, conv
    assert [(m['role'], m['status']) for m in stored] == [('user', 'complete'), ('assistant', 'complete')]
    assert stored[0]['content'] == 'What is photosynthesis?' and stored[0]['token'] == 'test123'
    assert stored[1]['id'] == mid and stored[1]['content'] == full


@with_server()
def user_id_kind_is_echoed(s):
    cid = tutor_create(s, user_id='u-42')
    assert tutor_get(s, cid)['user_id'] == 'u-42'

    async def go():
        t, _ = await connect(s, cid)
        msgs = await exchange(t, 'integer ids', user_id=123, token='int-1')
        assert msgs[0]['userId'] == 123, msgs[0]
        msgs = await exchange(t, 'string ids', user_id='123', token='str-1')
        assert only(msgs, 'user_message_received')[0]['userId'] == '123'
        await t.close()
    run_async(go())


# ---------------------------------------------------------------------------
# 2. Several sockets on one conversation

@with_server('--canned-chunks', '9')
def two_sockets_same_stream(s):
    cid = tutor_create(s)

    async def go():
        a, _ = await connect(s, cid)
        b, _ = await connect(s, cid)
        await a.send_user('Explain fractions', token='two-1')
        ma = await a.recv_until('title_updated')
        mb = await b.recv_until('title_updated')
        assert kinds(ma) == EXCHANGE + ['title_updated']
        check_stream(ma, chunks=9)
        assert [raw for raw, _ in a.log[1:]] == [raw for raw, _ in b.log[1:]]
        # The second socket's message reaches the first one just the same.
        await b.send_user('And decimals?', token='two-2')
        ma = await a.recv_until('stop_typing_indicator')
        mb = await b.recv_until('stop_typing_indicator')
        assert ma == mb and ma[0]['token'] == 'two-2'
        assert kinds(ma) == EXCHANGE
        assert_seq_increasing([m for _, m in a.log])
        await a.close()
        await b.close()
    run_async(go())
    settled_messages(s, cid, 4)
    assert tutor_get(s, cid)['message_count'] == 4


# ---------------------------------------------------------------------------
# 3. Deduplication

@with_server()
def dedup_same_token(s):
    cid = tutor_create(s)

    async def go():
        t, _ = await connect(s, cid)
        first = await exchange(t, 'What is a prime?', token='dup-1', until='title_updated')
        await t.send_user('What is a prime?', token='dup-1')
        again = await t.expect('user_message_received')
        assert again['token'] == 'dup-1' and again['message'] == 'What is a prime?'
        assert again == first[0], (again, first[0])
        await t.quiet(0.5)
        # The same token with another text is the same message too.
        await t.send_user('What is a prime number, again?', token='dup-1')
        again = await t.expect('user_message_received')
        assert again['token'] == 'dup-1'
        await t.quiet(0.5)
        await t.close()
    run_async(go())
    settled_messages(s, cid, 2)
    assert s.metrics()['parley_dedup_hits_total'] == 2


@with_server()
def dedup_same_text_other_token(s):
    cid = tutor_create(s)

    async def go():
        t, _ = await connect(s, cid)
        await exchange(t, 'Define entropy', token='a-1', until='title_updated')
        await t.send_user('Define entropy', token='a-2')
        again = await t.expect('user_message_received')
        assert again['message'] == 'Define entropy'
        await t.quiet(0.5)
        # Another user sending the same text is not a duplicate.
        msgs = await exchange(t, 'Define entropy', token='b-1', user_id='456')
        assert kinds(msgs) == EXCHANGE and msgs[0]['userId'] == '456'
        await t.close()
    run_async(go())
    stored = settled_messages(s, cid, 4)
    assert [m['user_id'] for m in stored if m['role'] == 'user'] == ['123', '456'], stored


@with_server('--dedup-window', '0.5')
def dedup_window_expires(s):
    cid = tutor_create(s)

    async def go():
        t, _ = await connect(s, cid)
        await exchange(t, 'Repeat me', token='w-1', until='title_updated')
        await t.send_user('Repeat me', token='w-1')
        await t.expect('user_message_received')
        await t.quiet(0.3)
        await asyncio.sleep(0.5)
        msgs = await exchange(t, 'Repeat me', token='w-1')
        assert kinds(msgs) == EXCHANGE, kinds(msgs)
        await t.close()
    run_async(go())
    stored = settled_messages(s, cid, 4)
    assert [m['role'] for m in stored] == ['user', 'assistant', 'user', 'assistant']
    assert [m['token'] for m in stored if m['role'] == 'user'] == ['w-1', 'w-1']


# ---------------------------------------------------------------------------
# 4. Queueing

@with_server('--canned-delay', '0.08', '--canned-chunks', '5')
def queue_answers_in_order(s):
    cid = tutor_create(s)
    texts = ['first question', 'second question', 'third question']

    async def go():
        t, _ = await connect(s, cid)
        for i, x in enumerate(texts):
            await t.send_user(x, token='q-%d' % i)
        msgs = await t.recv_until('stream_end', timeout=20, count=3)
        msgs += await t.recv_until('stop_typing_indicator')
        first_end = next(i for i, m in enumerate(msgs) if m['mt'] == 'stream_end')
        acks = [i for i, m in enumerate(msgs) if m['mt'] == 'user_message_received']
        assert len(acks) == 3 and max(acks) < first_end, kinds(msgs)
        assert [msgs[i]['message'] for i in acks] == texts
        # Three answers, one after the other, never interleaved.
        answers = [m for m in msgs if m['mt'] != 'user_message_received' and m['mt'] != 'title_updated']
        assert kinds(answers) == EXCHANGE[1:] * 3, kinds(answers)
        ids = [m['messageId'] for m in answers if m['mt'] == 'stream_start']
        assert len(set(ids)) == 3
        for k in range(3):
            one = answers[k * 9:(k + 1) * 9]
            check_stream(one, chunks=5)
        assert_seq_increasing(msgs)
        await t.close()
    run_async(go())
    stored = settled_messages(s, cid, 6)
    users = [m for m in stored if m['role'] == 'user']
    bots = [m for m in stored if m['role'] == 'assistant']
    assert [m['content'] for m in users] == texts
    assert len(bots) == 3 and all(m['status'] == 'complete' for m in bots)
    assert max(m['seq'] for m in users) < min(m['seq'] for m in bots)
    assert [m['seq'] for m in bots] == sorted(m['seq'] for m in bots)


# BUG (server): a conversation created without a title gets none when a
# second message is acknowledged before the first answer ends: on_done()
# generates the title only while n_user_messages <= 1, and that counts
# acknowledged messages, not answered ones (docs/protocols.md: "Parley then
# generates a title after the first exchange and announces it").
@with_server('--canned-delay', '0.08', '--canned-chunks', '3')
def title_after_first_exchange_with_queue(s):
    cid = tutor_create(s)

    async def go():
        t, _ = await connect(s, cid)
        await t.send_user('Photosynthesis basics', token='t-1')
        await t.send_user('And respiration?', token='t-2')
        msgs = await drain(t)
        assert len(only(msgs, 'stream_end')) == 2, kinds(msgs)
        titles = [i for i, m in enumerate(msgs) if m['mt'] == 'title_updated']
        first_end = next(i for i, m in enumerate(msgs) if m['mt'] == 'stream_end')
        assert len(titles) == 1 and titles[0] > first_end, kinds(msgs)
        assert msgs[titles[0]]['title'] == 'Photosynthesis basics', msgs[titles[0]]
        await t.close()
    run_async(go())
    assert tutor_get(s, cid)['title'] == 'Photosynthesis basics'


# --max-queued counts "user messages waiting behind a running answer": the
# message being answered (its store commit possibly still pending) is not one.
@with_server('--canned-delay', '0.08', '--canned-chunks', '5', '--max-queued', '2')
def queue_full_is_busy(s):
    cid = tutor_create(s)
    w = raw_open(s, cid)
    # Four messages in one write: all arrive while the first is being stored.
    w.send(b''.join(RawWS.frame(TEXT, json.dumps(
        {'mt': 'user_message', 'message': 'question %d' % i, 'userId': '123', 'token': 'b-%d' % i}
    ).encode()) for i in range(4)))
    msgs = raw_drain(w)
    errors = only(msgs, 'error')
    acked = [m['token'] for m in only(msgs, 'user_message_received')]
    assert len(errors) == 1, (kinds(msgs), acked)
    assert errors[0]['code'] == 'busy' and 'busy' in errors[0]['error'].lower(), errors
    assert errors[0]['conversationId'] == cid
    assert acked == ['b-0', 'b-1', 'b-2'], acked
    assert len(only(msgs, 'stream_end')) == 3
    # Refused, not remembered: the same message sent again is taken.
    w.send_frame(TEXT, json.dumps({'mt': 'user_message', 'message': 'question 3', 'userId': '123',
                                   'token': 'b-3'}).encode())
    again = raw_drain(w)
    assert kinds(again) == EXCHANGE and again[0]['token'] == 'b-3', kinds(again)
    w.close()
    settled_messages(s, cid, 8)
    assert s.metrics()['parley_busy_rejections_total'] == 1


# ---------------------------------------------------------------------------
# 5. Stop

@with_server('--canned-delay', '0.1', '--canned-chunks', '10')
def stop_mid_stream(s):
    cid = tutor_create(s)

    async def go():
        t, _ = await connect(s, cid)
        await t.send_user('Tell me everything', token='s-1')
        msgs = await t.recv_until('stream_chunk', count=3)
        mid = only(msgs, 'stream_start')[0]['messageId']
        await t.send({'mt': 'stop', 'messageId': mid})
        msgs += await t.recv_until('stream_end')
        end = msgs[-1]
        _, full, _ = check_stream(msgs)
        assert end['stopped'] is True and end['isFinal'] is True, end
        assert 3 <= len(only(msgs, 'stream_chunk')) < 10
        assert full and len(full) < 200, full
        await t.expect('stop_typing_indicator')
        await t.quiet(0.5)
        # The conversation goes on: the next message gets a whole answer.
        nxt = await exchange(t, 'Shorter please', token='s-2')
        assert kinds(nxt) == EXCHANGE
        assert 'stopped' not in check_stream(nxt, chunks=10)[2]
        await t.close()
        return mid, full
    mid, full = run_async(go())
    stored = settled_messages(s, cid, 4)
    bot = [m for m in stored if m['id'] == mid]
    assert len(bot) == 1 and bot[0]['status'] == 'stopped' and bot[0]['content'] == full, stored
    assert s.metrics()['parley_stops_total'] == 1


@with_server('--canned-delay', '0.5', '--canned-chunks', '4')
def stop_before_first_chunk(s):
    cid = tutor_create(s)

    async def go():
        t, _ = await connect(s, cid)
        await t.send_user('Slow one', token='p-1')
        await t.expect('user_message_received')
        await t.expect('typing_indicator')
        await t.send({'mt': 'stop'})
        msgs = await t.recv_until('stop_typing_indicator')
        # Whatever was announced is closed: a started stream ends stopped.
        if only(msgs, 'stream_start'):
            assert only(msgs, 'stream_end')[0]['stopped'] is True
        assert not only(msgs, 'error') and not only(msgs, 'stream_chunk'), msgs
        await t.quiet(0.8)
        await t.close()
    run_async(go())
    assert state_of(s, cid) in ('waiting_for_user', 'idle')
    assert [m['role'] for m in tutor_messages(s, cid)] == ['user']


@with_server()
def stop_with_nothing_running(s):
    cid = tutor_create(s)

    async def go():
        t, _ = await connect(s, cid)
        await t.send({'mt': 'stop'})
        err = await t.expect('error')
        assert err['code'] == 'not_found' and 'stop' in err['error'].lower(), err
        msgs = await exchange(t, 'Still there?', token='n-1')
        assert kinds(msgs) == EXCHANGE
        await t.close()
    run_async(go())


# schemas/tutor_client.json: stop.messageId is "Id of the answer to stop", and
# a wrong one "must not silently stop another answer".
@with_server('--canned-delay', '0.08', '--canned-chunks', '8')
def stop_other_message_id_leaves_stream(s):
    cid = tutor_create(s)

    async def go():
        t, _ = await connect(s, cid)
        await t.send_user('Keep going', token='o-1')
        msgs = await t.recv_until('stream_chunk', count=2)
        await t.send({'mt': 'stop', 'messageId': 'ai_tutor_response_1705318200.123'})
        msgs += await t.recv_until('stop_typing_indicator')
        stream = [m for m in msgs if m['mt'] != 'error']
        errors = only(msgs, 'error')
        assert len(errors) == 1 and errors[0]['code'] == 'not_found', errors
        _, _, end = check_stream(stream)
        assert 'stopped' not in end, 'a stop for another messageId stopped this answer: %s' % end
        assert len(only(stream, 'stream_chunk')) == 8
        await t.close()
    run_async(go())


# ---------------------------------------------------------------------------
# 6. A disconnect is not a stop

@with_server('--canned-delay', '0.08', '--canned-chunks', '10')
def disconnect_is_not_stop(s):
    full = reference_answer(s)
    cid = tutor_create(s)

    async def go():
        t, _ = await connect(s, cid)
        await t.send_user('Answer while I am away', token='d-1')
        await t.recv_until('stream_chunk', count=2)
        await t.close()
    run_async(go())
    stored = wait_for(lambda: [m for m in tutor_messages(s, cid) if m['role'] == 'assistant'])
    assert len(stored) == 1, stored
    assert stored[0]['status'] == 'complete' and stored[0]['content'] == full, stored
    conv = tutor_get(s, cid)
    assert conv['state'].lower() == 'waiting_for_user' and conv['connections'] == 0, conv


# ---------------------------------------------------------------------------
# 7. Resume

def resume_mid_stream(s):
    """Reads 3 of 10 chunks, drops the socket, reconnects with ?last_seq.
    Returns (first socket's messages, last seq seen, second socket)."""
    cid = tutor_create(s)

    async def go():
        a, _ = await connect(s, cid)
        await a.send_user('Resume me', token='r-1')
        first = await a.recv_until('stream_chunk', count=3)
        last = first[-1]['seq']
        await a.close()
        await asyncio.sleep(0.25)  # a few chunks go by unseen
        b, hello = await connect(s, cid, last_seq=last)
        rest = await b.recv_until('title_updated')
        await b.quiet(0.3)
        await b.close()
        # Resuming after the newest event: recovered, nothing to replay.
        c, again = await connect(s, cid, last_seq=rest[-1]['seq'])
        assert again.get('recovered') is True, again
        await c.quiet(0.3)
        await c.close()
        return first, last, hello, rest
    return run_async(go())


@with_server('--canned-delay', '0.08', '--canned-chunks', '10')
def resume_in_memory(s):
    first, last, hello, rest = resume_mid_stream(s)
    assert hello.get('recovered') is True, hello
    assert all(m['seq'] > last for m in rest), [m['seq'] for m in rest]
    assert_seq_increasing(rest)
    every = first + rest
    seqs = [m['seq'] for m in every]
    assert seqs == list(range(1, len(every) + 1)), seqs   # no loss, no duplicate
    assert kinds(every) == EXCHANGE + ['title_updated']
    check_stream(every, chunks=10)
    assert len(only(rest, 'stream_chunk')) < 10   # some arrived live, after the replay


# schemas/tutor_server.json: seq "only grows ... so a client ... can drop
# events it already has". Such a client must not drop the replay on a resume
# (connected once carried the newest seq, ahead of the replayed events).
@with_server('--canned-delay', '0.08', '--canned-chunks', '10')
def resume_connected_seq_keeps_replay(s):
    first, last, hello, rest = resume_mid_stream(s)
    seen, kept = last, []
    for m in [hello] + rest:
        if 'seq' in m and m['seq'] <= seen:
            continue      # what a client drops as already had
        seen = m.get('seq', seen)
        kept.append(m)
    got = first + [m for m in kept if m['mt'] != 'connected']
    assert len(only(got, 'stream_chunk')) == 10, (hello, [m['seq'] for m in rest])


@with_server('--resume-window', '0.2')
def resume_from_store(s):
    full = reference_answer(s)
    cid = tutor_create(s)

    async def go():
        a, _ = await connect(s, cid)
        await exchange(a, 'First question', token='f-1', until='title_updated')
        ack = (await exchange(a, 'Second question', token='f-2', until='user_message_received'))[-1]
        await a.close()
        return ack['seq']
    last = run_async(go())
    # The answer finishes unseen; the conversation then leaves memory.
    wait_for(lambda: s.metrics()['parley_conversations_live'] == 0)
    stored = settled_messages(s, cid, 4)
    answer = stored[-1]
    assert answer['role'] == 'assistant' and answer['content'] == full, stored

    async def back():
        b, hello = await connect(s, cid, last_seq=last)
        assert hello.get('recovered') is False, hello
        end = await b.expect('stream_end')
        assert end['messageId'] == answer['id'] and end['fullText'] == full, end
        assert end['seq'] == answer['seq'] and end['seq'] > last
        await b.quiet(0.3)
        msgs = await exchange(b, 'Third question', token='f-3')
        assert kinds(msgs) == EXCHANGE
        await b.close()
    run_async(back())


# From the store, user messages come back as user_message_received, with the
# user id of the kind the client sent ("Parley echoes the kind it received").
# BUG (server): replay_row() (engine.c) never sets user_id_is_int and the
# store keeps no trace of the kind, so a user id sent as 123 is replayed as
# "123".
@with_server('--resume-window', '0.2')
def resume_from_store_replays_user_messages(s):
    cid = tutor_create(s)

    async def go():
        a, _ = await connect(s, cid)
        live = await exchange(a, 'Integer user here', token='i-1', user_id=123, until='title_updated')
        await a.close()
        return live
    live = run_async(go())
    wait_for(lambda: s.metrics()['parley_conversations_live'] == 0)

    async def back():
        b, hello = await connect(s, cid, last_seq=0)
        assert hello.get('recovered') is False, hello
        got = [await b.recv(), await b.recv()]
        await b.quiet(0.3)
        await b.close()
        return got
    ack, end = run_async(back())
    want = live[0]
    assert ack['mt'] == 'user_message_received' and end['mt'] == 'stream_end', (ack, end)
    assert (ack['message'], ack['token'], ack['seq']) == (want['message'], want['token'], want['seq'])
    assert ack['userId'] == 123, ack
    assert end['fullText'] == only(live, 'stream_end')[0]['fullText']


# A conversation reloaded from the store (evicted past --resume-window) goes
# on numbering after every event it sent, title_updated included.
@with_server('--resume-window', '0.2')
def seq_grows_after_reload(s):
    cid = tutor_create(s)

    async def first():
        a, _ = await connect(s, cid)
        msgs = await exchange(a, 'Before the reload', token='g-1', until='title_updated')
        await a.close()
        return max(m['seq'] for m in msgs)
    top = run_async(first())
    wait_for(lambda: s.metrics()['parley_conversations_live'] == 0)

    async def second():
        b, _ = await connect(s, cid)
        msgs = await exchange(b, 'After the reload', token='g-2')
        await b.close()
        return [m['seq'] for m in msgs]
    seqs = run_async(second())
    assert min(seqs) > top, 'seq %s reused after reload (had reached %d)' % (seqs, top)


# BUG (server): after kill -9 in the middle of an answer the reloaded
# conversation numbers on from the highest persisted seq (the user message's),
# so the typing/stream seqs clients already saw are handed out again and a
# client resuming with ?last_seq drops the new events as already had.
# schemas/tutor_server.json: seq "only grows within a conversation". (E.g.
# persist a high-water mark ahead of use, in blocks, and start after it.)
@with_server('--canned-delay', '0.08', '--canned-chunks', '10')
def seq_grows_after_kill9_mid_stream(s):
    cid = tutor_create(s)

    async def before():
        a, _ = await connect(s, cid)
        await a.send_user('Interrupted answer', token='k-1')
        msgs = await a.recv_until('stream_chunk', count=4)
        s.kill()
        return msgs[-1]['seq']
    top = run_async(before())
    s.restart()
    assert state_of(s, cid) in ('idle', 'waiting_for_user')
    stored = tutor_messages(s, cid)
    assert [(m['role'], m['content']) for m in stored] == [('user', 'Interrupted answer')], stored

    async def after():
        b, _ = await connect(s, cid, last_seq=top)
        msgs = await exchange(b, 'After the crash', token='k-2')
        await b.close()
        return msgs
    msgs = run_async(after())
    assert kinds(msgs) == EXCHANGE, kinds(msgs)
    seqs = [m['seq'] for m in msgs]
    assert min(seqs) > top, 'seq %s reused after kill -9 (clients had seen %d)' % (seqs, top)


# ---------------------------------------------------------------------------
# 8. Refused input

@with_server()
def bad_inputs_keep_socket(s):
    cid = tutor_create(s)
    cases = [
        ('not json', 'Invalid JSON format', None),
        ('{"mt": "user_message", "message": "x", ', 'Invalid JSON format', None),
        ({'mt': 'user_message', 'message': 5, 'userId': '123'}, 'message', 'invalid_message'),
        ({'mt': 'user_message', 'userId': '123'}, 'message', 'invalid_message'),
        ({'mt': 'user_message', 'message': 'x'}, 'userId', 'invalid_message'),
        ({'mt': 'user_message', 'message': '', 'userId': '123'}, 'message', 'invalid_message'),
        ({'mt': 'teleport'}, 'mt', 'invalid_message'),
        ({'message': 'no type', 'userId': '123'}, 'mt', 'invalid_message'),
        ({'mt': 'user_message', 'message': 'x', 'userId': '123', 'timezone': 5}, 'timezone',
         'invalid_message'),
        ({'mt': 'user_message', 'message': 'x', 'userId': True}, 'userId', 'invalid_message'),
        ({'mt': 'stop', 'messageID': 'typo'}, 'messageID', 'invalid_message'),
        ('[1, 2, 3]', '', 'invalid_message'),
        ('{"mt": "user_message", "mt": "stop"}', '', 'invalid_message'),
        ({'mt': 'user_message', 'message': 'y' * 32769, 'userId': '123'}, 'message: must be at most 32768',
         None),
        (b'\x00\x01binary', 'Binary', 'unsupported'),
    ]

    async def go():
        t, _ = await connect(s, cid)
        for i, (frame, words, code) in enumerate(cases):
            await t.send(frame)
            err = await t.expect('error')
            what = repr(frame)[:120]
            assert words in err['error'], (what, err)
            if words == 'Invalid JSON format':
                assert 'code' not in err or err['code'] == 'invalid_json', (what, err)
            elif code is not None:
                assert err['code'] == code and err['conversationId'] == cid, (what, err)
            msgs = await exchange(t, 'valid after case %d' % i, token='ok-%d' % i,
                                  until='stop_typing_indicator' if i else 'title_updated')
            assert msgs[0]['mt'] == 'user_message_received' and msgs[0]['token'] == 'ok-%d' % i, msgs
        # Unknown fields on user_message are skipped, not refused.
        msgs = await exchange(t, 'with extras', token='extra', chatId='c1', languageCode='en')
        assert kinds(msgs) == EXCHANGE
        await t.close()
    run_async(go())
    settled_messages(s, cid, 2 * (len(cases) + 1))


# docs/protocols.md (Error codes): "too_large" is "a message or field over
# its limit".
@with_server()
def field_over_limit_is_too_large(s):
    cid = tutor_create(s)

    async def go():
        t, _ = await connect(s, cid)
        await t.send_user('y' * 32769, token='long')
        err = await t.expect('error')
        assert err['error'].startswith('message: '), err['error'][:200]
        assert err['code'] == 'too_large', err
        msgs = await exchange(t, 'y' * 32768, token='long-ok')
        assert kinds(msgs) == EXCHANGE and len(msgs[0]['message']) == 32768
        await t.close()
    run_async(go())


@with_server('--messages-per-second', '2')
def rate_limit(s):
    cid = tutor_create(s)

    async def go():
        t, _ = await connect(s, cid)
        for i in range(8):
            await t.send_user('burst %d' % i, token='r-%d' % i)
        acks, limited = 0, 0
        deadline = time.monotonic() + 10
        while acks + limited < 8 and time.monotonic() < deadline:
            m = await t.recv()
            if m['mt'] == 'user_message_received':
                acks += 1
            elif m['mt'] == 'error':
                assert m['code'] == 'rate_limited', m
                limited += 1
        assert acks + limited == 8 and 3 <= limited <= 4, (acks, limited)
        await asyncio.sleep(1.2)
        while True:   # drain the answers to the accepted ones
            try:
                await t.recv(0.3)
            except asyncio.TimeoutError:
                break
        msgs = await exchange(t, 'after the pause', token='r-late')
        assert msgs[0]['mt'] == 'user_message_received', msgs
        await t.close()
        return acks
    acks = run_async(go())
    stored = settled_messages(s, cid, 2 * (acks + 1))
    assert len([m for m in stored if m['role'] == 'user']) == acks + 1


@with_server('--max-message-size', '4k')
def message_over_frame_limit_closes_1009(s):
    cid = tutor_create(s)

    async def go():
        t, _ = await connect(s, cid)
        await t.send_user('z' * 5000, token='big')
        try:
            m = await t.recv()
            raise AssertionError('no close, got %s' % m)
        except websockets.ConnectionClosed as e:
            assert e.rcvd is not None and e.rcvd.code == 1009, e
    run_async(go())
    assert len(tutor_messages(s, cid)) == 0


@with_server()
def invalid_utf8_closes_1007(s):
    cid = tutor_create(s)
    w = RawWS(s.port, path='/ai-tutor/ws/%s' % cid)
    assert w.status == 101, w.head
    fin, op, payload = w.recv_frame()
    assert op == TEXT and json.loads(payload)['mt'] == 'connected'
    w.send_frame(TEXT, b'{"mt": "user_message", "message": "\xff\xfe", "userId": "1"}')
    assert w.expect_close() == 1007
    w.close()
    assert len(tutor_messages(s, cid)) == 0


@with_server()
def unknown_conversation_closes_1008(s):
    async def go():
        for cid in ('ffffffffffffffffffffffff', 'no-such-conversation'):
            t = await TutorSocket.open(s, cid)
            err = await t.expect('error')
            assert err['code'] == 'not_found' and 'not found' in err['error'].lower(), err
            try:
                m = await t.recv()
                raise AssertionError('no close, got %s' % m)
            except websockets.ConnectionClosed as e:
                assert e.rcvd is not None and e.rcvd.code == 1008, e
    run_async(go())


# BUG (server): for a conversation id the server cannot echo (over 128
# characters, or not UTF-8 once %-decoded) the `error` is never sent, only the
# close: send_error() puts the raw id in conversationId, the generated
# serializer refuses it, and the failure is silent.
@with_server()
def unknown_unusual_conversation_id_gets_error(s):
    async def go():
        for cid in ('a' * 129, '%FF'):
            t = await TutorSocket.open(s, cid)
            try:
                err = await t.expect('error')
            except websockets.ConnectionClosed as e:
                raise AssertionError('id %r: closed (%s) without an error message' % (cid[:20], e.rcvd))
            assert err['code'] == 'not_found', err
            try:
                await t.recv()
                raise AssertionError('no close')
            except websockets.ConnectionClosed as e:
                assert e.rcvd.code == 1008, e
    run_async(go())


# ---------------------------------------------------------------------------
# 9. Brain failure

@with_server('--canned-fail-prefix', 'FAIL', '--canned-chunks', '6')
def brain_failure(s):
    cid = tutor_create(s)

    async def go():
        t, _ = await connect(s, cid)
        msgs = await exchange(t, 'FAIL please', token='x-1')
        assert kinds(msgs) == ['user_message_received', 'typing_indicator', 'stream_start',
                               'stream_chunk', 'stream_end', 'error', 'stop_typing_indicator'], kinds(msgs)
        mid, partial, end = check_stream(msgs, chunks=3)
        assert end['stopped'] is True, end
        err = only(msgs, 'error')[0]
        assert err['code'] == 'brain_error' and err['conversationId'] == cid and err['error'], err
        assert_seq_increasing(msgs)
        await t.quiet(0.3)
        return t, mid, partial

    async def later(t):
        msgs = await exchange(t, 'A normal question', token='x-2')
        assert kinds(msgs) == EXCHANGE
        assert 'stopped' not in check_stream(msgs, chunks=6)[2]
        await t.close()

    async def both():
        t, mid, partial = await go()
        state = state_of(s, cid)
        await later(t)
        return state, mid, partial
    state, mid, partial = run_async(both())
    assert state == 'idle', state
    stored = settled_messages(s, cid, 4)
    assert [(m['role'], m['status']) for m in stored] == [('user', 'complete'), ('assistant', 'failed'),
                                                          ('user', 'complete'), ('assistant', 'complete')]
    assert stored[1]['id'] == mid and stored[1]['content'] == partial
    assert s.metrics()['parley_brain_errors_total'] == 1


# ---------------------------------------------------------------------------
# 10. REST

@with_server()
def rest_list_paged(s):
    mine = [tutor_create(s, user_id=77, title='Topic %d' % i) for i in range(5)]
    tutor_create(s, user_id=78)
    pages = []
    for off in (0, 2, 4):
        st, _, body = s.http('GET', '/ai-tutor/conversations?user_id=77&limit=2&offset=%d' % off)
        assert st == 200, body
        page = json.loads(body)
        assert page['total'] == 5 and page['limit'] == 2 and page['offset'] == off, page
        pages.append(page['conversations'])
    assert [len(p) for p in pages] == [2, 2, 1]
    ids = [c['conversation_id'] for p in pages for c in p]
    assert sorted(ids) == sorted(mine), (ids, mine)
    row = pages[0][0]
    assert row['user_id'] == '77' and row['status'] == 'active' and row['title'].startswith('Topic ')
    assert row['state'].lower() == 'idle' and TIMESTAMP_RE.match(row['created_at'])
    st, _, body = s.http('GET', '/ai-tutor/conversations?user_id=nobody')
    assert st == 200 and json.loads(body)['conversations'] == [] and json.loads(body)['total'] == 0


@with_server()
def rest_get_and_messages_paged(s):
    cid = tutor_create(s, title='Algebra')
    texts = ['one?', 'two?', 'three?']

    async def go():
        t, _ = await connect(s, cid)
        for i, x in enumerate(texts):
            await exchange(t, x, token='m-%d' % i)
        settled_messages(s, cid, 6)
        conv = tutor_get(s, cid)
        await t.close()
        return conv
    conv = run_async(go())
    assert conv['conversation_id'] == cid and conv['title'] == 'Algebra', conv
    assert conv['message_count'] == 6 and conv['connections'] == 1, conv
    assert conv['state'].lower() == 'waiting_for_user' and conv['user_id'] == '123', conv
    got = []
    for off in (0, 4):
        st, _, body = s.http('GET', '/ai-tutor/conversations/%s/messages?limit=4&offset=%d' % (cid, off))
        assert st == 200, body
        page = json.loads(body)
        assert page['total'] == 6 and page['limit'] == 4 and page['offset'] == off
        got += page['messages']
    assert [m['role'] for m in got] == ['user', 'assistant'] * 3
    assert [m['content'] for m in got if m['role'] == 'user'] == texts
    assert [m['seq'] for m in got] == sorted(set(m['seq'] for m in got))
    assert len(set(m['id'] for m in got)) == 6


@with_server()
def rest_export(s):
    cid = tutor_create(s, title='Export test')

    async def go():
        t, _ = await connect(s, cid)
        msgs = await exchange(t, 'What is a vector?', token='e-1')
        await t.close()
        return check_stream(msgs)[1]
    answer = run_async(go())
    settled_messages(s, cid, 2)
    st, hdrs, body = s.http('GET', '/ai-tutor/conversations/%s/export?format=json' % cid)
    assert st == 200 and hdrs['content-type'].startswith('application/json')
    doc = json.loads(body)
    assert doc['conversation']['conversation_id'] == cid and doc['conversation']['title'] == 'Export test'
    assert [(m['role'], m['content']) for m in doc['messages']] == [
        ('user', 'What is a vector?'), ('assistant', answer)]
    st, hdrs, body = s.http('GET', '/ai-tutor/conversations/%s/export?format=markdown' % cid)
    assert st == 200 and hdrs['content-type'].startswith('text/markdown')
    md = body.decode('utf-8')
    assert md.startswith('# Export test\n'), md[:80]
    assert cid in md
    u, a = md.index('What is a vector?'), md.index(answer)
    assert md.index('### User') < u < md.index('### Tutor') < a, md
    st, _, _ = s.http('GET', '/ai-tutor/conversations/%s/export?format=xml' % cid)
    assert st == 422


# Deleting a conversation closes its sockets (closing one detaches it at once,
# which once freed the conversation under the delete).
@with_server()
def rest_delete(s):
    cid = tutor_create(s, user_id=9)
    keep = tutor_create(s, user_id=9)

    async def go():
        t, _ = await connect(s, cid)
        await exchange(t, 'Soon gone', token='del-1', until='title_updated')
        st, _, body = s.http('DELETE', '/ai-tutor/conversations/%s' % cid)
        assert st == 200 and json.loads(body) == {'deleted': True}, (st, body)
        try:
            m = await t.recv()
            raise AssertionError('socket not closed, got %s' % m)
        except websockets.ConnectionClosed as e:
            assert e.rcvd is not None and e.rcvd.code == 1000, e
        t2 = await TutorSocket.open(s, cid)
        assert (await t2.expect('error'))['code'] == 'not_found'
        try:
            await t2.recv()
            raise AssertionError('socket on a deleted conversation stays open')
        except websockets.ConnectionClosed as e:
            assert e.rcvd.code == 1008
    run_async(go())
    for path in ('', '/messages', '/export'):
        st, _, _ = s.http('GET', '/ai-tutor/conversations/%s%s' % (cid, path))
        assert st == 404, (path, st)
    assert s.http('DELETE', '/ai-tutor/conversations/%s' % cid)[0] == 404
    st, _, body = s.http('GET', '/ai-tutor/conversations?user_id=9')
    assert [c['conversation_id'] for c in json.loads(body)['conversations']] == [keep]


@with_server()
def rest_errors(s):
    def post(body):
        st, _, data = s.http('POST', '/ai-tutor/conversations', body)
        return st, data.decode('utf-8', 'replace')
    st, body = post({'title': 'no user'})
    assert st == 422 and 'user_id' in body, (st, body)
    st, body = post({'user_id': 1, 'status': 'archived'})
    assert st == 422 and 'status' in body, (st, body)
    st, body = post({'user_id': 1, 'title': 't' * 300})
    assert st == 422 and 'title' in body, (st, body)
    st, body = post({'user_id': 1, 'colour': 'blue'})
    assert st in (400, 422) and 'colour' in body, (st, body)
    st, body = post('{"user_id": 1,')
    assert st == 422 and 'Invalid JSON format' in body, (st, body)
    st, body = post({'user_id': [1]})
    assert st == 422 and 'user_id' in body, (st, body)
    # Defaults: title empty, status active.
    st, body = post({'user_id': 5})
    assert st == 201, body
    conv = tutor_get(s, json.loads(body)['conversation_id'])
    assert conv['title'] == '' and conv['status'] == 'active', conv
    assert s.http('GET', '/ai-tutor/conversations/ffffffffffffffffffffffff')[0] == 404
    assert s.http('GET', '/ai-tutor/conversations/ffffffffffffffffffffffff/messages')[0] == 404
    assert s.http('GET', '/ai-tutor/conversations')[0] == 422
    assert s.http('GET', '/ai-tutor/conversations?user_id=5&limit=abc')[0] == 422
    cid = json.loads(body)['conversation_id']
    assert s.http('GET', '/ai-tutor/conversations/%s/messages?offset=x' % cid)[0] == 422


@with_server('--max-conversations-per-user', '2')
def rest_max_conversations(s):
    a = tutor_create(s, user_id=5)
    tutor_create(s, user_id=5)
    st, _, body = s.http('POST', '/ai-tutor/conversations', {'user_id': 5, 'title': ''})
    assert st == 429, (st, body)
    tutor_create(s, user_id=6)
    assert s.http('DELETE', '/ai-tutor/conversations/%s' % a)[0] == 200
    tutor_create(s, user_id=5)
    st, _, body = s.http('GET', '/ai-tutor/conversations?user_id=5')
    assert json.loads(body)['total'] == 2


# ---------------------------------------------------------------------------
# 12. Metrics

@with_server()
def metrics_after_exchange(s):
    cid = tutor_create(s)

    async def go():
        t, _ = await connect(s, cid)
        await exchange(t, 'Count me', token='c-1', until='title_updated')
        await t.send_user('Count me', token='c-1')
        await t.expect('user_message_received')
        await t.close()
    run_async(go())
    m = s.metrics()
    assert m['parley_exchanges_total'] == 1, m
    assert m['parley_dedup_hits_total'] == 1
    assert m['parley_first_chunk_seconds_count'] == 1
    assert m['parley_first_chunk_seconds_sum'] >= 0

    def tr(a, ev, b):
        return m['parley_fsm_transitions_total{from="%s",event="%s",to="%s"}' % (a, ev, b)]
    assert tr('IDLE', 'user_input', 'LISTENING') == 1
    assert tr('LISTENING', 'input_complete', 'PROCESSING') == 1
    assert tr('PROCESSING', 'response_started', 'SPEAKING') == 1
    assert tr('SPEAKING', 'response_finished', 'WAITING_FOR_USER') == 1
    assert tr('WAITING_FOR_USER', 'user_input', 'LISTENING') == 0
    assert sum(v for k, v in m.items() if k.startswith('parley_fsm_transitions_total{')) == 4
    # the store: the conversation, the user message, the exchange's closing
    # record and the title; the last ones are lazy (they wait a moment for
    # company), so the writes done plus the writes waiting add up
    assert m['parley_store_writes_total'] + m['parley_store_queued'] >= 4
    deadline = time.monotonic() + 5
    while m['parley_store_queued'] > 0 and time.monotonic() < deadline:
        time.sleep(0.01)
        m = s.metrics()
    assert m['parley_store_queued'] == 0
    assert m['parley_store_writes_total'] >= 4
    assert 1 <= m['parley_store_commits_total'] <= m['parley_store_writes_total']
    assert m['parley_store_write_failures_total'] == 0
    assert m['parley_store_commit_seconds_count'] == m['parley_store_commits_total']
    assert m['parley_store_commit_seconds_sum'] > 0
    # the conversation's creation and the user message, at least, were waited on
    assert m['parley_store_wait_seconds_count'] >= 2
    assert m['parley_store_wait_seconds_bucket{le="+Inf"}'] == m['parley_store_wait_seconds_count']
    assert m['parley_store_queued'] >= 0


main([
    seed_testing_steps,
    user_id_kind_is_echoed,
    two_sockets_same_stream,
    dedup_same_token,
    dedup_same_text_other_token,
    dedup_window_expires,
    queue_answers_in_order,
    title_after_first_exchange_with_queue,
    queue_full_is_busy,
    stop_mid_stream,
    stop_before_first_chunk,
    stop_with_nothing_running,
    stop_other_message_id_leaves_stream,
    disconnect_is_not_stop,
    resume_in_memory,
    resume_connected_seq_keeps_replay,
    resume_from_store,
    resume_from_store_replays_user_messages,
    seq_grows_after_reload,
    seq_grows_after_kill9_mid_stream,
    bad_inputs_keep_socket,
    field_over_limit_is_too_large,
    rate_limit,
    message_over_frame_limit_closes_1009,
    invalid_utf8_closes_1007,
    unknown_conversation_closes_1008,
    unknown_unusual_conversation_id_gets_error,
    brain_failure,
    rest_list_paged,
    rest_get_and_messages_paged,
    rest_export,
    rest_delete,
    rest_errors,
    rest_max_conversations,
    metrics_after_exchange,
])
