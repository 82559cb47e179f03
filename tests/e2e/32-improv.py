"""The seed 002 ImprovToday dialect end to end: parleyd (engine, canned
brain, SQLite store) on 127.0.0.1 driven by real clients (python3-websockets,
plain HTTP). Covers the seed's WebSocket examples message by message, the
state machine over the wire (valid and refused changes), speech events and
the transcript timeout, barge-in, feedback, two sockets on one
conversation, every class of bad input, the v2 and legacy REST API, resume
and persistence across a restart. Every server message is checked against
schemas/improv_server.json as it arrives, every REST body against
schemas/improv_rest.json."""

import asyncio
import json
import re
import time

import websockets

from harness import (ImprovSocket, Server, improv_create, improv_label, main, run_async,
                     schema_errors)

TIMESTAMP_RE = re.compile(r'^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$')
CANNED = 'A quadratic equation has the form'
# What one exchange shows, from IDLE or WAITING_FOR_USER.
EXCHANGE = ['state_update:listening', 'transcript_update', 'state_update:processing',
            'state_update:speaking', 'ai_response', 'state_update:waiting_for_user']
# The seed's client messages, verbatim.
SEED_TRANSCRIPT = {'type': 'transcript_update',
                   'payload': {'interim_transcript': 'hello ho', 'final_transcript': 'hello how are you',
                               'confidence': 0.95}}
SEED_STATE_REQUEST = {'type': 'state_change_request',
                      'payload': {'state': 'listening', 'metadata': {'reason': 'user_started_speaking'}}}
SEED_SPEECH = {'type': 'speech_event', 'payload': {'event_type': 'speech_start', 'data': {'volume': 0.8}}}


def with_server(*args):
    def wrap(fn):
        def run():
            s = Server('parleyd', ['--shutdown-timeout', '1', '--brain', 'canned',
                                   '--store-sync', 'normal'] + list(args))
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


def labels(msgs):
    return [improv_label(m) for m in msgs]


def only(msgs, t):
    return [m for m in msgs if m['type'] == t]


def transcript(final, interim='', confidence=None):
    p = {'interim_transcript': interim, 'final_transcript': final}
    if confidence is not None:
        p['confidence'] = confidence
    return {'type': 'transcript_update', 'payload': p}


def state_req(state):
    return {'type': 'state_change_request', 'payload': {'state': state}}


def speech(event_type, data=None):
    p = {'event_type': event_type}
    if data is not None:
        p['data'] = data
    return {'type': 'speech_event', 'payload': p}


def rest_json(s, method, path, body=None, status=200, timeout=10):
    st, hdrs, data = s.http(method, path, body, timeout=timeout)
    assert st == status, (method, path, st, data[:300])
    assert hdrs['content-type'].startswith('application/json'), hdrs
    return json.loads(data)


def conv_info(s, cid):
    return rest_json(s, 'GET', '/api/v2/conversations/%s' % cid)


def state_info(s, cid):
    return rest_json(s, 'GET', '/api/conversations/%s/state' % cid)


def check_envelopes(msgs, cid):
    for m in msgs:
        assert m['conversation_id'] == cid, m
        assert TIMESTAMP_RE.match(m['timestamp']), m


def check_states(msgs):
    """Every state_update's flags follow its state."""
    for m in only(msgs, 'state_update'):
        p = m['payload']
        assert p['speech_recognition_active'] == (p['current_state'] == 'listening'), m
        assert p['speech_synthesis_active'] == (p['current_state'] == 'speaking'), m


def check_chain(msgs, start):
    """Sequenced state_updates chain: each previous_state is the last current_state."""
    cur = start
    for m in only(msgs, 'state_update'):
        if 'seq' not in m:
            continue
        assert m['payload']['previous_state'] == cur, (cur, m)
        cur = m['payload']['current_state']
    return cur


def seqs_increase(msgs):
    seqs = [m['seq'] for m in msgs if 'seq' in m]
    assert all(a < b for a, b in zip(seqs, seqs[1:])), seqs


async def exchange(sock, text, confidence=None, start='idle'):
    await sock.send(transcript(text, confidence=confidence))
    msgs = await sock.recv_until(lambda m: m['type'] == 'state_update' and
                                 m['payload']['current_state'] == 'waiting_for_user')
    check_states(msgs)
    check_chain(msgs, start)
    return msgs


def pace(wpm):
    """The fluency points a speaking rate costs (src/dialects/feedback.c)."""
    p = (90 - wpm) * 0.5 if wpm < 90 else (wpm - 190) * 0.5 if wpm > 190 else 0
    return min(p, 40)


def wait_for(pred, timeout=5.0, step=0.05):
    deadline = time.time() + timeout
    while True:
        v = pred()
        if v:
            return v
        if time.time() > deadline:
            raise AssertionError('condition not met within %.1fs' % timeout)
        time.sleep(step)


# ---------------------------------------------------------------------------
# 1. The seed's quick start and WebSocket examples

@with_server('--canned-chunks', '4')
def seed_quick_start(s):
    cid, reply = improv_create(s, '/api/test/conversations',
                               {'personality': 'friendly_neutral', 'session_type': 'test',
                                'topic': 'testing websockets'})
    assert reply['websocket_path'] == '/api/ws/conversations/%s' % cid
    assert reply['conversation']['state'] == 'idle'

    async def go():
        ws = await ImprovSocket.open(s, cid)
        assert ws.hello['payload']['active_connections'] == 1
        assert ws.snapshot['payload'] == {'current_state': 'idle', 'speech_recognition_active': False,
                                          'speech_synthesis_active': False}
        # "3. Send a Test Message" (curl), while the socket watches.
        loop = asyncio.get_running_loop()
        fut = loop.run_in_executor(None, lambda: s.http(
            'POST', '/api/test/conversations/%s/message' % cid,
            {'content': 'Hello, how are you today?', 'simulate_processing_delay': False}))
        msgs = await ws.recv_until(lambda m: m['type'] == 'state_update' and
                                   m['payload']['current_state'] == 'waiting_for_user')
        st, _, body = await fut
        assert st == 200, (st, body)
        answer = json.loads(body)
        assert not schema_errors('improv_rest', answer, 'post_message_response'), answer
        assert labels(msgs) == EXCHANGE, labels(msgs)
        check_envelopes(msgs, cid)
        check_states(msgs)
        assert check_chain(msgs, 'idle') == 'waiting_for_user'
        seqs_increase(msgs)
        assert all('seq' in m for m in msgs)
        final = only(msgs, 'transcript_update')[0]['payload']
        assert final == {'interim_transcript': '', 'final_transcript': 'Hello, how are you today?'}, final
        ai = only(msgs, 'ai_response')[0]['payload']
        assert ai['content'].startswith(CANNED) and ai['audio_url'] is None
        assert ai['message_id'].startswith('ai_response_')
        assert ai['feedback'] == {'clarity': 100, 'fluency': 100}, ai['feedback']
        assert answer == {'message_id': ai['message_id'], 'content': ai['content'], 'audio_url': None,
                          'feedback': ai['feedback'], 'state': 'waiting_for_user'}, answer
        await ws.quiet(0.3)
        await ws.close()
    run_async(go())


@with_server('--canned-chunks', '3')
def seed_client_examples(s):
    cid, _ = improv_create(s)

    async def go():
        a = await ImprovSocket.open(s, cid)
        b = await ImprovSocket.open(s, cid)
        assert b.hello['payload']['active_connections'] == 2
        # State Change Request (the seed's example).
        await a.send(SEED_STATE_REQUEST)
        for sock in (a, b):
            m = await sock.expect('state_update')
            assert m['payload'] == {'current_state': 'listening', 'previous_state': 'idle',
                                    'speech_recognition_active': True,
                                    'speech_synthesis_active': False}, m
            assert m['seq'] >= 1
        # Speech Event: relayed verbatim to the other socket; already listening.
        await a.send(SEED_SPEECH)
        relayed = await b.expect('speech_event')
        assert relayed['payload'] == {'event_type': 'speech_start', 'data': {'volume': 0.8}}, relayed
        assert 'seq' not in relayed and relayed['conversation_id'] == cid
        await a.quiet(0.6)  # the user speaks for a while
        # Transcript Update with a final transcript: the user's turn.
        await a.send(SEED_TRANSCRIPT)
        ma = await a.recv_until('ai_response')
        ma += await a.recv_until('state_update')
        mb = await b.recv_until('ai_response')
        mb += await b.recv_until('state_update')
        assert labels(ma) == EXCHANGE[1:], labels(ma)
        assert [raw for raw, _ in a.log[-len(ma):]] == [raw for raw, _ in b.log[-len(mb):]]
        t = only(ma, 'transcript_update')[0]['payload']
        assert t == {'interim_transcript': '', 'final_transcript': 'hello how are you', 'confidence': 0.95}, t
        fb = only(ma, 'ai_response')[0]['payload']['feedback']
        # Clean text, confidence 0.95: clarity (100 + 95) / 2. Four words in
        # a bit over 0.6 s since speech_start is a rate (fast: fluency pays).
        assert fb['clarity'] == 98, fb
        assert 0 < fb['words_per_minute'] <= 400, fb
        assert abs(fb['fluency'] - (100 - pace(fb['words_per_minute']))) <= 1, fb
        check_chain(ma, 'listening')
        seqs_increase([m for _, m in a.log])
        await a.close()
        await b.close()
    run_async(go())
    st = state_info(s, cid)
    assert st['current_state'] == 'waiting_for_user' and st['previous_state'] == 'speaking', st
    assert st['transcript']['final_transcript'] == 'hello how are you', st


@with_server()
def interim_transcripts_go_to_the_others(s):
    cid, _ = improv_create(s)

    async def go():
        a = await ImprovSocket.open(s, cid)
        b = await ImprovSocket.open(s, cid)
        c = await ImprovSocket.open(s, cid)
        for text in ['hel', 'hello wor', 'hello world']:
            await a.send(transcript('', interim=text, confidence=0.5))
            for sock in (b, c):
                m = await sock.expect('transcript_update')
                assert m['payload'] == {'interim_transcript': text, 'final_transcript': '',
                                        'confidence': 0.5}, m
                assert 'seq' not in m
        await a.quiet(0.3)  # never echoed to the sender
        assert state_info(s, cid)['transcript']['interim_transcript'] == 'hello world'
        assert state_info(s, cid)['current_state'] == 'idle'
        # Blank finals are interim updates too (nothing to answer).
        await a.send(transcript('   ', interim=''))
        await b.expect('transcript_update')
        await a.quiet(0.2)
        for sock in (a, b, c):
            await sock.close()
    run_async(go())
    assert conv_info(s, cid)['message_count'] == 0


# ---------------------------------------------------------------------------
# 2. Speech events

@with_server('--canned-chunks', '2')
def speech_start_end_then_final(s):
    cid, _ = improv_create(s)

    async def go():
        a = await ImprovSocket.open(s, cid)
        b = await ImprovSocket.open(s, cid)
        await a.send(speech('speech_start'))
        assert (await a.expect('state_update'))['payload']['current_state'] == 'listening'
        got = await b.recv_until(lambda m: m['type'] == 'speech_event')
        assert labels(got) == ['state_update:listening', 'speech_event:speech_start'], labels(got)
        await asyncio.sleep(1.2)  # a turn of about a second and a half
        await a.send(transcript('', interim='I went'))
        await b.expect('transcript_update')
        await a.send(speech('speech_end', {'duration_ms': 1500}))
        m = await a.expect('state_update')
        assert m['payload']['current_state'] == 'processing' and m['payload']['previous_state'] == 'listening'
        got = await b.recv_until('speech_event')
        assert labels(got) == ['state_update:processing', 'speech_event:speech_end'], labels(got)
        assert got[-1]['payload']['data'] == {'duration_ms': 1500}
        await a.send(transcript('I went hiking last weekend', confidence=0.8))
        msgs = await a.recv_until(lambda m: m['type'] == 'state_update' and
                                  m['payload']['current_state'] == 'waiting_for_user')
        assert labels(msgs) == ['transcript_update', 'state_update:speaking', 'ai_response',
                                'state_update:waiting_for_user'], labels(msgs)
        fb = only(msgs, 'ai_response')[0]['payload']['feedback']
        # 5 words in a bit over 1.2 s: a rate is known (about 240 wpm: fast).
        assert 100 < fb['words_per_minute'] < 260, fb
        assert fb['clarity'] == 90, fb  # (100 + 80) / 2
        assert abs(fb['fluency'] - (100 - pace(fb['words_per_minute']))) <= 1, fb
        # Synthesis events are relayed only.
        await a.send(speech('synthesis_start'))
        assert (await b.recv_until('speech_event'))[-1]['payload']['event_type'] == 'synthesis_start'
        await a.send(speech('synthesis_end'))
        assert (await b.recv_until('speech_event'))[-1]['payload']['event_type'] == 'synthesis_end'
        await a.quiet(0.2)
        assert state_info(s, cid)['current_state'] == 'waiting_for_user'
        await a.close()
        await b.close()
    run_async(go())


@with_server('--improv-transcript-timeout', '0.6')
def speech_end_without_final_times_out(s):
    cid, _ = improv_create(s)

    async def go():
        a = await ImprovSocket.open(s, cid)
        b = await ImprovSocket.open(s, cid)
        await a.send(speech('speech_start'))
        await a.send(speech('speech_end'))
        t0 = time.monotonic()
        msgs = await a.recv_until('error', timeout=5)
        waited = time.monotonic() - t0
        assert labels(msgs) == ['state_update:listening', 'state_update:processing',
                                'state_update:waiting_for_user', 'error:timeout'], labels(msgs)
        assert msgs[2]['payload']['previous_state'] == 'processing'
        assert 0.5 < waited < 3, waited
        assert 'final transcript' in msgs[-1]['payload']['message']
        assert 'timeout' in labels(await b.recv_until('error'))[-1]
        # A final transcript that comes in time keeps the turn.
        await a.send(speech('speech_start'))
        await a.send(speech('speech_end'))
        await a.send(transcript('just in time'))
        msgs = await a.recv_until('ai_response')
        msgs += await a.recv_until('state_update')
        await a.quiet(1.0)  # no timeout later
        assert 'error:timeout' not in labels(msgs)
        await a.close()
        await b.close()
    run_async(go())
    assert state_info(s, cid)['current_state'] == 'waiting_for_user'


@with_server('--canned-chunks', '20', '--canned-delay', '0.05')
def barge_in_stops_the_answer(s):
    cid, _ = improv_create(s)

    async def go():
        a = await ImprovSocket.open(s, cid)
        b = await ImprovSocket.open(s, cid)
        await a.send(transcript('Tell me a long story'))
        await a.recv_until(lambda m: m['type'] == 'state_update' and
                           m['payload']['current_state'] == 'speaking')
        await a.send(speech('speech_start'))
        msgs = await a.recv_until(lambda m: m['type'] == 'state_update' and
                                  m['payload']['current_state'] == 'listening')
        assert labels(msgs) == ['state_update:waiting_for_user', 'speech_event:barge_in',
                                'state_update:listening'], labels(msgs)
        got = await b.recv_until(lambda m: m['type'] == 'speech_event' and
                                 m['payload']['event_type'] == 'speech_start')
        assert 'ai_response' not in labels(got), labels(got)
        assert 'speech_event:barge_in' in labels(got)
        await a.quiet(1.5)  # the stopped answer never arrives
        await a.close()
        await b.close()
    run_async(go())
    info = conv_info(s, cid)
    assert info['state'] == 'listening' and info['message_count'] == 2, info  # user + stopped answer


# ---------------------------------------------------------------------------
# 3. The state machine over the wire

@with_server()
def state_changes_valid_and_refused(s):
    cid, _ = improv_create(s)

    async def go():
        a = await ImprovSocket.open(s, cid)
        b = await ImprovSocket.open(s, cid)
        before = conv_info(s, cid)
        # Refused: IDLE -> SPEAKING. Only the sender hears; nothing changes.
        await a.send(state_req('speaking'))
        err = await a.expect('error')
        assert err['payload'] == {'error': 'invalid_transition', 'message': 'cannot move from idle to speaking',
                                  'from_state': 'idle', 'to_state': 'speaking'}, err
        await b.quiet(0.3)
        after = conv_info(s, cid)
        assert (after['state'], after['last_seq'], after['transitions']) == \
            (before['state'], before['last_seq'], before['transitions']), (before, after)
        # The current state: a snapshot to the sender only.
        await a.send(state_req('idle'))
        snap = await a.expect('state_update')
        assert snap['payload']['current_state'] == 'idle' and 'previous_state' not in snap['payload']
        await b.quiet(0.2)
        # A walk through valid changes; everyone sees each one.
        walk = ['listening', 'processing', 'waiting_for_user', 'listening', 'error', 'idle']
        for target in walk:
            await a.send(state_req(target))
            for sock in (a, b):
                m = await sock.expect('state_update')
                assert m['payload']['current_state'] == target, m
        for bad, cur in [('processing', 'idle'), ('waiting_for_user', 'idle')]:
            await a.send(state_req(bad))
            e = await a.expect('error')
            assert e['payload']['from_state'] == cur and e['payload']['to_state'] == bad, e
        check_chain([m for _, m in b.log], 'idle')
        await a.close()
        await b.close()
        return len(walk)
    n = run_async(go())
    assert conv_info(s, cid)['transitions'] == n
    # ERROR and ENDED take no user turn; the state machine says why.
    st, _, body = s.http('POST', '/api/v2/conversations/%s/messages' % cid, {'content': 'hi'})
    assert st == 200, body  # back in idle: fine


@with_server()
def ended_conversation_closes_sockets(s):
    cid, _ = improv_create(s)

    async def go():
        a = await ImprovSocket.open(s, cid)
        b = await ImprovSocket.open(s, cid)
        await a.send(state_req('ended'))
        for sock in (a, b):
            msgs = await sock.recv_until('connection_status')
            assert labels(msgs) == ['state_update:ended', 'connection_status'], labels(msgs)
            assert msgs[-1]['payload']['status'] == 'disconnecting'
            assert msgs[-1]['payload']['message'] == 'conversation ended'
            try:
                await asyncio.wait_for(sock.ws.recv(), 3)
                raise AssertionError('socket still open')
            except websockets.ConnectionClosed as e:
                assert e.code == 1000, e.code
        # A new connection is told and closed.
        c = await ImprovSocket.open(s, cid, greet=False)
        m = await c.expect('state_update')
        assert m['payload']['current_state'] == 'ended'
        m = await c.expect('connection_status')
        assert m['payload']['status'] == 'disconnecting'
        try:
            await asyncio.wait_for(c.ws.recv(), 3)
            raise AssertionError('socket still open')
        except websockets.ConnectionClosed as e:
            assert e.code == 1000
    run_async(go())
    st, _, body = s.http('POST', '/api/v2/conversations/%s/messages' % cid, {'content': 'hello?'})
    assert st == 409 and b'ended' in body, (st, body)


# ---------------------------------------------------------------------------
# 4. Bad input: a clear error to the sender, nothing lost

@with_server('--canned-chunks', '2')
def bad_input_is_refused_and_loses_nothing(s):
    cid, _ = improv_create(s)
    cases = [
        ('{"type": "transcript_update", "payload": ', 'invalid_json', 'Invalid JSON format'),
        ('[1, 2, 3]', 'invalid_message', None),
        (json.dumps({'type': 'dance', 'payload': {}}), 'invalid_message', 'unknown message type'),
        (json.dumps({'payload': {'state': 'idle'}}), 'invalid_message', 'type'),
        (json.dumps({'type': 'state_change_request'}), 'invalid_message', 'payload'),
        (json.dumps({'type': 'state_change_request', 'payload': {'state': 'sleeping'}}), 'invalid_message',
         'payload.state: expected one of idle, listening'),
        (json.dumps({'type': 'transcript_update', 'payload': {'interim_transcript': '', 'final_transcript': 'x',
                                                              'confidence': 'high'}}),
         'invalid_message', 'payload.confidence'),
        (json.dumps({'type': 'transcript_update', 'payload': {'interim_transcript': '', 'final_transcript': 'x',
                                                              'confidence': 1.5}}),
         'invalid_message', 'payload.confidence'),
        (json.dumps({'type': 'transcript_update', 'payload': {'final_transcript': 'x'}}), 'invalid_message',
         'payload.interim_transcript'),
        (json.dumps({'type': 'speech_event', 'payload': {'event_type': 'speech_start', 'volume': 1}}),
         'invalid_message', 'volume'),
        (json.dumps({'type': 'speech_event', 'payload': {'event_type': 'cough'}}), 'invalid_message',
         'payload.event_type'),
        (json.dumps({'type': 'speech_event', 'payload': {'event_type': 'speech_start', 'data': [1]}}),
         'invalid_message', 'payload.data'),
        (json.dumps({'type': 'state_change_request', 'conversation_id': 'another-one',
                     'payload': {'state': 'listening'}}), 'invalid_message', 'conversation_id'),
        (json.dumps({'type': 'state_change_request', 'timestamp': 'yesterday',
                     'payload': {'state': 'listening'}}), 'invalid_message', 'timestamp'),
        (json.dumps({'type': 'transcript_update', 'payload': {'interim_transcript': '',
                                                              'final_transcript': 'a\u0000b'}}),
         'invalid_message', 'NUL'),
        (json.dumps({'type': 'transcript_update', 'payload': {'interim_transcript': '',
                                                              'final_transcript': 'x' * 32769}}),
         'too_large', 'payload.final_transcript'),
        (b'\x00\x01binary', 'unsupported', 'Binary'),
    ]

    async def go():
        a = await ImprovSocket.open(s, cid)
        b = await ImprovSocket.open(s, cid)
        for frame, code, text in cases:
            await a.send(frame)
            e = await a.expect('error')
            assert e['payload']['error'] == code, (frame[:80], e)
            if text is not None:
                assert text in e['payload']['message'], (frame[:80], e)
            assert e['conversation_id'] == cid and 'seq' not in e
        await b.quiet(0.3)  # the other socket heard nothing
        assert state_info(s, cid)['current_state'] == 'idle'
        # The same conversation takes a good turn right after.
        msgs = await exchange(a, 'still here')
        assert labels(msgs) == EXCHANGE, labels(msgs)
        await a.close()
        await b.close()
    run_async(go())
    info = conv_info(s, cid)
    assert info['message_count'] == 2 and info['state'] == 'waiting_for_user', info


@with_server()
def unknown_conversation_is_refused(s):
    async def go():
        ws = await ImprovSocket.open(s, 'no-such-conversation', greet=False)
        e = await ws.expect('error')
        assert e['payload']['error'] == 'not_found' and e['conversation_id'] == 'no-such-conversation'
        try:
            await asyncio.wait_for(ws.ws.recv(), 3)
            raise AssertionError('socket still open')
        except websockets.ConnectionClosed as ex:
            assert ex.code == 1008
    run_async(go())
    for method, path, body in [('POST', '/api/v2/conversations/nope/messages', {'content': 'x'}),
                               ('GET', '/api/v2/conversations/nope', None),
                               ('GET', '/api/conversations/nope/state', None),
                               ('GET', '/api/conversations/nope/connections', None),
                               ('POST', '/api/conversation', {'message': 'x', 'conversation_id': 'nope'})]:
        st, _, data = s.http(method, path, body)
        assert st == 404 and json.loads(data)['error'] == 'Conversation not found', (path, st, data)
    # A conversation of another dialect is not one of these.
    st, _, data = s.http('POST', '/ai-tutor/conversations', {'user_id': 1, 'title': '', 'status': 'active'})
    tutor_id = json.loads(data)['conversation_id']
    st, _, _ = s.http('GET', '/api/v2/conversations/%s' % tutor_id)
    assert st == 404


@with_server('--canned-chunks', '6', '--canned-delay', '0.05', '--max-queued', '1',
             '--messages-per-second', '0')
def queue_and_busy(s):
    cid, _ = improv_create(s)

    async def go():
        a = await ImprovSocket.open(s, cid)
        for text in ['first turn', 'second turn', 'third turn']:
            await a.send(transcript(text))
        msgs = await a.recv_until('error')
        assert msgs[-1]['payload']['error'] == 'busy', msgs[-1]
        answers = [m for m in msgs if m['type'] == 'ai_response']

        def second_answer(m):
            if m['type'] == 'ai_response':
                answers.append(m)
            return len(answers) == 2
        msgs += await a.recv_until(second_answer, timeout=15)
        msgs += await a.recv_until('state_update')
        finals = [m['payload']['final_transcript'] for m in only(msgs, 'transcript_update')]
        assert finals == ['first turn', 'second turn'], finals
        assert len(only(msgs, 'ai_response')) == 2
        await a.quiet(0.5)
        await a.close()
    run_async(go())


@with_server('--messages-per-second', '1')
def rate_limited_socket_stays_open(s):
    cid, _ = improv_create(s)

    async def go():
        a = await ImprovSocket.open(s, cid)
        for _ in range(3):
            await a.send(transcript('', interim='x'))
        e = await a.expect('error')
        assert e['payload']['error'] == 'rate_limited', e
        await asyncio.sleep(1.1)
        await a.send(state_req('listening'))
        assert (await a.expect('state_update'))['payload']['current_state'] == 'listening'
        await a.close()
    run_async(go())


# ---------------------------------------------------------------------------
# 5. Feedback

@with_server('--canned-chunks', '1')
def feedback_reflects_the_turn(s):
    cid, _ = improv_create(s)
    results = {}
    turns = {
        'clean': 'I went to the market and bought some apples.',
        'fillers': 'Um, I went to the, uh, market and, like, bought some apples, you know.',
        'restarts': 'I I went to the the market and bought bought some apples.',
    }
    for name, text in turns.items():
        results[name] = rest_json(s, 'POST', '/api/v2/conversations/%s/messages' % cid,
                                  {'content': text, 'role': 'user'})['feedback']
    assert results['clean'] == {'clarity': 100, 'fluency': 100}, results
    f = results['fillers']
    assert [w['word'] for w in f['filler_words']] == ['like', 'uh', 'um', 'you know'], f
    assert all(w['count'] == 1 for w in f['filler_words'])
    assert f['fluency'] < 100 and f['clarity'] < 100 and 'repetitions' not in f, f
    r = results['restarts']
    assert r['repetitions'] == 3 and 'filler_words' not in r, r
    assert r['fluency'] < 100, r
    # Over the socket, the recognizer's confidence counts.
    async def go():
        a = await ImprovSocket.open(s, cid)
        msgs = await exchange(a, 'I went to the market and bought some pears.', confidence=0.5,
                              start='waiting_for_user')
        return only(msgs, 'ai_response')[0]['payload']['feedback']
    fb = run_async(go())
    assert fb['clarity'] == 75 and fb['fluency'] == 100, fb  # (100 + 50) / 2


@with_server('--canned-chunks', '4', '--canned-fail-prefix', 'FAIL')
def brain_failure_reaches_everyone(s):
    cid, _ = improv_create(s)

    async def go():
        a = await ImprovSocket.open(s, cid)
        loop = asyncio.get_running_loop()
        fut = loop.run_in_executor(None, lambda: s.http('POST', '/api/v2/conversations/%s/messages' % cid,
                                                        {'content': 'FAIL this one'}))
        msgs = await a.recv_until(lambda m: m['type'] == 'state_update' and
                                  m['payload']['current_state'] == 'idle')
        st, _, body = await fut
        assert st == 502, (st, body)
        assert labels(msgs) == ['state_update:listening', 'transcript_update', 'state_update:processing',
                                'state_update:speaking', 'state_update:error', 'error:brain_error',
                                'state_update:idle'], labels(msgs)
        assert 'simulated failure' in only(msgs, 'error')[0]['payload']['message']
        # It recovers: the next turn is answered.
        msgs = await exchange(a, 'and now?', start='idle')
        assert labels(msgs) == EXCHANGE
        await a.close()
    run_async(go())


# ---------------------------------------------------------------------------
# 6. REST: v2 and legacy

@with_server('--canned-chunks', '2')
def rest_v2_api(s):
    # The seed's bodies.
    cid, reply = improv_create(s, body={'personality': 'friendly_neutral', 'session_type': 'daily'})
    conv = reply['conversation']
    assert conv['personality'] == 'friendly_neutral' and conv['session_type'] == 'daily'
    assert 'test_endpoints' not in reply and TIMESTAMP_RE.match(conv['created_at'])
    _, r2 = improv_create(s, body={'personality': 'witty_coach'})
    assert r2['conversation']['session_type'] == 'daily'  # the default
    info = conv_info(s, cid)
    assert info['personality'] == 'friendly_neutral' and info['session_type'] == 'daily', info
    assert info['state'] == 'idle' and info['message_count'] == 0 and info['active_connections'] == 0

    async def go():
        a = await ImprovSocket.open(s, cid)
        b = await ImprovSocket.open(s, cid)
        loop = asyncio.get_running_loop()
        answer = await loop.run_in_executor(None, lambda: rest_json(
            s, 'POST', '/api/v2/conversations/%s/messages' % cid,
            {'content': 'Your message here', 'role': 'user'}))
        msgs = await a.recv_until(lambda m: m['type'] == 'state_update' and
                                  m['payload']['current_state'] == 'waiting_for_user')
        assert labels(msgs) == EXCHANGE
        assert only(msgs, 'ai_response')[0]['payload']['message_id'] == answer['message_id']
        assert not schema_errors('improv_rest', answer, 'post_message_response')
        conns = rest_json(s, 'GET', '/api/conversations/%s/connections' % cid)
        assert conns['active_connections'] == 2 and len(conns['connections']) == 2, conns
        assert conns['connections'][0]['connection_id'] < conns['connections'][1]['connection_id']
        assert all(c['peer'] == '127.0.0.1' for c in conns['connections'])
        await b.close()
        await asyncio.sleep(0.2)
        conns = rest_json(s, 'GET', '/api/conversations/%s/connections' % cid)
        assert conns['active_connections'] == 1 and len(conns['connections']) == 1, conns
        await a.close()
    run_async(go())
    info = conv_info(s, cid)
    assert info['message_count'] == 2 and info['state'] == 'waiting_for_user', info
    assert info['transitions'] == 4, info
    assert [(m['role'], m['status']) for m in info['messages']] == [('user', 'complete'),
                                                                   ('assistant', 'complete')], info
    assert info['messages'][0]['content'] == 'Your message here'
    assert info['messages'][1]['content'].startswith(CANNED)
    st = state_info(s, cid)
    assert st['current_state'] == 'waiting_for_user' and st['transcript']['final_transcript'] == 'Your message here'
    # Bad bodies: 400 with the field named; nothing stored.
    bad = [('{"content": ', 'Invalid JSON'), ({'content': ''}, 'content'), ({}, 'content'),
           ({'content': 'x', 'role': 'assistant'}, 'role'), ({'content': 'x', 'sender': 'me'}, 'sender'),
           ({'content': 5}, 'content'), ({'content': '   '}, 'content')]
    for body, field in bad:
        st, _, data = s.http('POST', '/api/v2/conversations/%s/messages' % cid, body)
        assert st == 400 and field in json.loads(data)['error'], (body, st, data)
    for body, field in [({}, 'personality'), ({'personality': 'x', 'session': 'y'}, 'session'),
                        ({'personality': ''}, 'personality')]:
        st, _, data = s.http('POST', '/api/v2/conversations', body)
        assert st == 400 and field in json.loads(data)['error'], (body, st, data)
    assert conv_info(s, cid)['message_count'] == 2
    # The same words twice are two turns (people repeat themselves: "yes", "yes").
    one = rest_json(s, 'POST', '/api/v2/conversations/%s/messages' % cid, {'content': 'Yes'})
    two = rest_json(s, 'POST', '/api/v2/conversations/%s/messages' % cid, {'content': 'Yes'})
    assert one['message_id'] != two['message_id']
    assert conv_info(s, cid)['message_count'] == 6


@with_server('--canned-chunks', '2')
def legacy_api(s):
    first = rest_json(s, 'POST', '/api/conversation',
                      {'message': 'Hi! Can we practise small talk?', 'personality': 'friendly_neutral'})
    assert not schema_errors('improv_rest', first, 'legacy_conversation_response'), first
    assert first['response'].startswith(CANNED) and first['feedback'] == {'clarity': 100, 'fluency': 100}
    cid = first['conversation_id']
    again = rest_json(s, 'POST', '/api/conversation',
                      {'message': 'I went hiking last weekend.', 'conversation_id': cid})
    assert again['conversation_id'] == cid
    info = conv_info(s, cid)
    assert info['message_count'] == 4 and info['session_type'] == 'legacy', info
    assert info['personality'] == 'friendly_neutral'
    other = rest_json(s, 'POST', '/api/conversation', {'message': 'Hello'})
    assert other['conversation_id'] != cid
    assert conv_info(s, other['conversation_id'])['personality'] == 'friendly_neutral'  # the default
    st, _, data = s.http('POST', '/api/conversation', {'text': 'hi'})
    assert st == 400 and 'text' in json.loads(data)['error']


# ---------------------------------------------------------------------------
# 7. Resume, persistence, restarts

@with_server('--canned-chunks', '2')
def resume_from_last_seq(s):
    cid, _ = improv_create(s)

    async def go():
        a = await ImprovSocket.open(s, cid)
        first = await exchange(a, 'first part')
        cut = first[-1]['seq']
        second = await exchange(a, 'second part', start='waiting_for_user')
        await a.close()
        r = await ImprovSocket.open(s, cid, last_seq=cut)
        replay = await r.recv_until(lambda m: 'seq' not in m)  # the snapshot closes it
        assert [m['seq'] for m in replay[:-1]] == [m['seq'] for m in second], (labels(replay), labels(second))
        assert replay[:-1] == second
        assert replay[-1]['type'] == 'state_update' and replay[-1]['payload']['current_state'] == 'waiting_for_user'
        await r.close()
    run_async(go())


def persistence_across_restart():
    s = Server('parleyd', ['--shutdown-timeout', '1', '--brain', 'canned', '--canned-chunks', '2',
                           '--resume-window', '0'])
    try:
        cid, _ = improv_create(s, body={'personality': 'calm_mentor', 'session_type': 'evening'})

        async def go():
            a = await ImprovSocket.open(s, cid)
            msgs = await exchange(a, 'Um, so, like, I practised today', confidence=0.9)
            await a.close()
            return msgs
        before = run_async(go())
        fb_before = only(before, 'ai_response')[0]['payload']['feedback']
        s.signal(15)
        s.proc.wait(10)
        s.restart()
        info = conv_info(s, cid)
        assert info['state'] == 'waiting_for_user' and info['message_count'] == 2, info
        assert info['personality'] == 'calm_mentor' and info['session_type'] == 'evening', info

        async def go2():
            r = await ImprovSocket.open(s, cid, last_seq=0)
            replay = await r.recv_until(lambda m: 'seq' not in m)
            kinds = labels(replay[:-1])
            assert kinds == ['transcript_update', 'ai_response'], kinds
            assert replay[0]['payload']['final_transcript'] == 'Um, so, like, I practised today'
            assert replay[0]['payload']['confidence'] == 0.9
            # The stored turn gives the same feedback again.
            fb = replay[1]['payload']['feedback']
            assert fb == fb_before, (fb, fb_before)
            msgs = await exchange(r, 'after the restart', start='waiting_for_user')
            assert labels(msgs) == EXCHANGE
            assert msgs[0]['seq'] > replay[1]['seq']
            await r.close()
        run_async(go2())
        assert conv_info(s, cid)['message_count'] == 4
    except BaseException:
        print('--- server log (tail) ---\n%s' % s.output()[-4000:])
        raise
    finally:
        s.stop()


main([seed_quick_start, seed_client_examples, interim_transcripts_go_to_the_others,
      speech_start_end_then_final, speech_end_without_final_times_out, barge_in_stops_the_answer,
      state_changes_valid_and_refused, ended_conversation_closes_sockets,
      bad_input_is_refused_and_loses_nothing, unknown_conversation_is_refused, queue_and_busy,
      rate_limited_socket_stays_open, feedback_reflects_the_turn, brain_failure_reaches_everyone,
      rest_v2_api, legacy_api, resume_from_last_seq, persistence_across_restart])
