"""The seed 002 test endpoints end to end (/api/test/...): test
conversations, test messages with and without the simulated processing
delay, simulated speech with interim steps, system status, the stress test
and the state-transitions report, which is itself tested against a
parleyd-faulty whose engine swallows one transition (SPEAKING + reset).
Server messages are checked against schemas/improv_server.json as they
arrive; the report is checked against fsm/conversation.fsm read here
independently of the generated code."""

import asyncio
import json
import os
import re
import sqlite3
import time
from collections import deque

from harness import (ImprovSocket, SOURCE_DIR, Server, improv_create, improv_label, main, run_async,
                     schema_errors)


def with_server(*args, binary='parleyd'):
    def wrap(fn):
        def run():
            s = Server(binary, ['--shutdown-timeout', '1', '--brain', 'canned',
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


def rest_json(s, method, path, body=None, status=200, timeout=30):
    st, hdrs, data = s.http(method, path, body, timeout=timeout)
    assert st == status, (method, path, st, data[:300])
    return json.loads(data)


def conv_info(s, cid):
    return rest_json(s, 'GET', '/api/v2/conversations/%s' % cid)


def until_state(state):
    return lambda m: m['type'] == 'state_update' and m['payload']['current_state'] == state


def stored_transitions(s, cid):
    """The transitions table of the conversation, read from the SQLite file."""
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(s.data_dir, 'parley.db'), uri=True)
    try:
        cols = [r[1] for r in db.execute('PRAGMA table_info(transitions)')]
        conv_col = 'conversation_id' if 'conversation_id' in cols else cols[1]
        return db.execute('SELECT * FROM transitions WHERE %s = ? ORDER BY rowid' % conv_col,
                          (cid,)).fetchall()
    finally:
        db.close()


def fsm_table():
    """(states, events, {(from, event): to}, initial) from fsm/conversation.fsm,
    parsed here without the generator."""
    states, events, table, initial = [], [], {}, None
    with open(os.path.join(SOURCE_DIR, 'fsm', 'conversation.fsm')) as f:
        for line in f:
            line = line.split('#', 1)[0].strip()
            if not line:
                continue
            words = line.split()
            if words[0] == 'state':
                states.append(words[1].lower())
            elif words[0] == 'event':
                events.append(words[1])
            elif words[0] == 'initial':
                initial = words[1].lower()
            elif len(words) == 4 and words[2] == '->':
                table[(words[0].lower(), words[1])] = words[3].lower()
    return states, events, table, initial


def bfs_lengths(table, initial):
    dist = {initial: 0}
    q = deque([initial])
    while q:
        s = q.popleft()
        for (f, _), t in sorted(table.items()):
            if f == s and t not in dist:
                dist[t] = dist[s] + 1
                q.append(t)
    return dist


# ---------------------------------------------------------------------------
# Test conversations and messages

@with_server()
def test_conversations(s):
    # The seed's two bodies: the curl quick start and the browser snippet.
    cid, reply = improv_create(s, '/api/test/conversations',
                               {'personality': 'friendly_neutral', 'session_type': 'test',
                                'topic': 'testing websockets'})
    conv = reply['conversation']
    assert conv['topic'] == 'testing websockets' and conv['session_type'] == 'test'
    ep = reply['test_endpoints']
    assert ep == {'message': '/api/test/conversations/%s/message' % cid,
                  'speech': '/api/test/conversations/%s/speech' % cid,
                  'state_transitions': '/api/test/conversations/%s/state-transitions' % cid}, ep
    cid2, reply2 = improv_create(s, '/api/test/conversations', {'personality': 'friendly_neutral'})
    assert reply2['conversation']['session_type'] == 'test' and 'topic' not in reply2['conversation']
    info = conv_info(s, cid)
    assert info['topic'] == 'testing websockets' and info['personality'] == 'friendly_neutral'
    for body, field in [({'personality': 'x', 'simulate': True}, 'simulate'), ({}, 'personality'),
                        ({'personality': 'x', 'topic': 't' * 257}, 'topic')]:
        st, _, data = s.http('POST', '/api/test/conversations', body)
        assert st == 400 and field in json.loads(data)['error'], (body, st, data)


@with_server('--canned-chunks', '2', '--improv-processing-delay', '1.0')
def test_message_with_and_without_delay(s):
    cid, _ = improv_create(s, '/api/test/conversations', {'personality': 'friendly_neutral'})

    async def go():
        ws = await ImprovSocket.open(s, cid)
        loop = asyncio.get_running_loop()
        for delay in (False, True):
            t0 = time.monotonic()
            fut = loop.run_in_executor(None, lambda: s.http(
                'POST', '/api/test/conversations/%s/message' % cid,
                {'content': 'Hello! %s' % delay, 'simulate_processing_delay': delay}, timeout=10))
            msgs = await ws.recv_until(until_state('processing'))
            t_processing = time.monotonic()
            msgs += await ws.recv_until(until_state('speaking'))
            t_speaking = time.monotonic()
            msgs += await ws.recv_until(until_state('waiting_for_user'))
            st, _, body = await fut
            assert st == 200, (st, body)
            answer = json.loads(body)
            assert not schema_errors('improv_rest', answer, 'post_message_response'), answer
            kinds = labels(msgs)
            if delay:
                # The pause is in PROCESSING, before the message is even taken.
                assert kinds == ['state_update:listening', 'state_update:processing', 'transcript_update',
                                 'state_update:speaking', 'ai_response', 'state_update:waiting_for_user'], kinds
                assert t_speaking - t_processing >= 0.9, (t_speaking - t_processing)
                assert time.monotonic() - t0 >= 1.0
            else:
                assert kinds == ['state_update:listening', 'transcript_update', 'state_update:processing',
                                 'state_update:speaking', 'ai_response', 'state_update:waiting_for_user'], kinds
                assert t_speaking - t_processing < 0.8
        # The loop never slept: other requests are served during the pause.
        fut = loop.run_in_executor(None, lambda: s.http(
            'POST', '/api/test/conversations/%s/message' % cid,
            {'content': 'during the pause', 'simulate_processing_delay': True}, timeout=10))
        await ws.recv_until(until_state('processing'))
        t1 = time.monotonic()
        st, _, _ = await loop.run_in_executor(None, lambda: s.http('GET', '/api/test/system-status'))
        assert st == 200 and time.monotonic() - t1 < 0.6
        st, _, _ = await fut
        assert st == 200
        await ws.close()
    run_async(go())
    st, _, data = s.http('POST', '/api/test/conversations/nope/message', {'content': 'x'})
    assert st == 404
    st, _, data = s.http('POST', '/api/test/conversations/%s/message' % cid,
                         {'content': 'x', 'simulate_processing_delay': 'yes'})
    assert st == 400 and 'simulate_processing_delay' in json.loads(data)['error']


@with_server('--canned-chunks', '2')
def test_speech_with_interim_steps(s):
    cid, _ = improv_create(s, '/api/test/conversations', {'personality': 'friendly_neutral'})

    async def go():
        ws = await ImprovSocket.open(s, cid)
        loop = asyncio.get_running_loop()
        fut = loop.run_in_executor(None, lambda: s.http(
            'POST', '/api/test/conversations/%s/speech' % cid,
            {'text': 'Hello world, um, how are you', 'simulate_interim_steps': True}, timeout=10))
        msgs = await ws.recv_until(until_state('waiting_for_user'))
        st, _, body = await fut
        assert st == 200, (st, body)
        answer = json.loads(body)
        assert not schema_errors('improv_rest', answer, 'post_message_response'), answer
        kinds = labels(msgs)
        interims = [m['payload']['interim_transcript'] for m in msgs
                    if m['type'] == 'transcript_update' and 'seq' not in m]
        assert interims == ['Hello', 'Hello world,', 'Hello world, um,', 'Hello world, um, how',
                            'Hello world, um, how are', 'Hello world, um, how are you'], interims
        n = len(interims)
        assert kinds == (['speech_event:speech_start', 'state_update:listening'] + ['transcript_update'] * n +
                         ['speech_event:speech_end', 'state_update:processing', 'transcript_update',
                          'state_update:speaking', 'ai_response', 'state_update:waiting_for_user']), kinds
        final = [m for m in msgs if m['type'] == 'transcript_update' and 'seq' in m][0]
        assert final['payload']['final_transcript'] == 'Hello world, um, how are you'
        ai = [m for m in msgs if m['type'] == 'ai_response'][0]['payload']
        assert ai['feedback'] == answer['feedback']
        assert ai['feedback']['filler_words'] == [{'word': 'um', 'count': 1}], ai['feedback']
        # Without interim steps: start, end, the turn.
        fut = loop.run_in_executor(None, lambda: s.http(
            'POST', '/api/test/conversations/%s/speech' % cid, {'text': 'Hello world'}, timeout=10))
        msgs = await ws.recv_until(until_state('waiting_for_user'))
        assert (await fut)[0] == 200
        assert labels(msgs) == ['speech_event:speech_start', 'state_update:listening', 'speech_event:speech_end',
                                'state_update:processing', 'transcript_update', 'state_update:speaking',
                                'ai_response', 'state_update:waiting_for_user'], labels(msgs)
        # Long text: at most 20 interim steps.
        words = ' '.join('w%d' % i for i in range(57))
        fut = loop.run_in_executor(None, lambda: s.http(
            'POST', '/api/test/conversations/%s/speech' % cid,
            {'text': words, 'simulate_interim_steps': True}, timeout=10))
        msgs = await ws.recv_until(until_state('waiting_for_user'))
        assert (await fut)[0] == 200
        steps = [m for m in msgs if m['type'] == 'transcript_update' and 'seq' not in m]
        assert len(steps) == 20 and steps[-1]['payload']['interim_transcript'] == words
        await ws.close()
    run_async(go())
    for body, field in [({'text': ''}, 'text'), ({'text': 'x', 'simulate_interim_step': True},
                                                  'simulate_interim_step')]:
        st, _, data = s.http('POST', '/api/test/conversations/%s/speech' % cid, body)
        assert st == 400 and field in json.loads(data)['error'], (st, data)


@with_server('--canned-chunks', '30', '--canned-delay', '0.05')
def test_speech_refused_while_speaking(s):
    cid, _ = improv_create(s, '/api/test/conversations', {'personality': 'friendly_neutral'})

    async def go():
        ws = await ImprovSocket.open(s, cid)
        await ws.send({'type': 'transcript_update',
                       'payload': {'interim_transcript': '', 'final_transcript': 'a long answer please'}})
        await ws.recv_until(until_state('speaking'))
        loop = asyncio.get_running_loop()
        st, _, data = await loop.run_in_executor(None, lambda: s.http(
            'POST', '/api/test/conversations/%s/speech' % cid, {'text': 'interrupting'}))
        assert st == 409 and 'speaking' in json.loads(data)['error'], (st, data)
        await ws.close()
    run_async(go())


# ---------------------------------------------------------------------------
# System status

@with_server('--canned-chunks', '1')
def test_system_status(s):
    st = rest_json(s, 'GET', '/api/test/system-status')
    assert st['status'] == 'ok' and st['uptime_seconds'] >= 0
    assert st['state_machine'] == {'states': 7, 'events': 9, 'transitions': 16, 'initial_state': 'idle'}
    assert st['websocket']['active_connections'] == 0
    cid, _ = improv_create(s, '/api/test/conversations', {'personality': 'p'})

    async def go():
        ws = await ImprovSocket.open(s, cid)
        now = rest_json(s, 'GET', '/api/test/system-status')
        assert now['websocket']['active_connections'] == 1
        rest_json(s, 'POST', '/api/test/conversations/%s/message' % cid, {'content': 'count me'})
        await ws.close()
    run_async(go())
    after = rest_json(s, 'GET', '/api/test/system-status')
    assert after['conversations']['turns_submitted'] == st['conversations']['turns_submitted'] + 1
    assert after['conversations']['ai_responses'] == st['conversations']['ai_responses'] + 1
    assert after['conversations']['in_memory'] >= 1
    assert after['store']['writes'] > st['store']['writes']


# ---------------------------------------------------------------------------
# Stress test

@with_server('--canned-chunks', '3')
def test_stress(s):
    cid, _ = improv_create(s, '/api/test/conversations', {'personality': 'friendly_neutral',
                                                          'topic': 'load'})
    rest_json(s, 'POST', '/api/test/conversations/%s/message' % cid, {'content': 'before the load'})
    before = conv_info(s, cid)
    rep = rest_json(s, 'GET', '/api/test/conversations/%s/stress-test?message_count=20' % cid)
    assert rep['conversation_id'] == cid and rep['scratch_conversation_id'] != cid
    assert rep['message_count'] == 20 and rep['completed'] == 20 and rep['errors'] == 0, rep
    assert rep['error_samples'] == [] and rep['scratch_deleted'] is True
    lat = rep['latency_ms']
    assert 0 < lat['min'] <= lat['p50'] <= lat['p90'] <= lat['p95'] <= lat['p99'] <= lat['max'], lat
    assert lat['min'] <= lat['mean'] <= lat['max']
    assert rep['throughput_per_second'] > 0 and rep['duration_seconds'] > 0
    assert abs(rep['throughput_per_second'] * rep['duration_seconds'] - 20) < 1.0, rep
    # The tested conversation is untouched; the scratch one is gone.
    after = conv_info(s, cid)
    assert (after['message_count'], after['last_seq'], after['transitions']) == \
        (before['message_count'], before['last_seq'], before['transitions']), (before, after)
    st, _, _ = s.http('GET', '/api/v2/conversations/%s' % rep['scratch_conversation_id'])
    assert st == 404
    # Default count, bounds.
    rep = rest_json(s, 'GET', '/api/test/conversations/%s/stress-test' % cid)
    assert rep['message_count'] == 10 and rep['completed'] == 10
    for q in ['0', '1001', 'abc', '-3', '5x']:
        st, _, data = s.http('GET', '/api/test/conversations/%s/stress-test?message_count=%s' % (cid, q))
        assert st == 422 and 'message_count' in json.loads(data)['error'], (q, st, data)
    st, _, _ = s.http('GET', '/api/test/conversations/nope/stress-test?message_count=3')
    assert st == 404


@with_server('--canned-chunks', '2', '--canned-fail-prefix', 'Stress test message 3 ')
def test_stress_counts_errors(s):
    cid, _ = improv_create(s, '/api/test/conversations', {'personality': 'p'})
    rep = rest_json(s, 'GET', '/api/test/conversations/%s/stress-test?message_count=5' % cid)
    assert rep['completed'] == 4 and rep['errors'] == 1, rep
    assert rep['error_samples'] == ['exchange 3: failed'], rep


# ---------------------------------------------------------------------------
# State-transitions report

def check_report(rep, cid, faulty_pair=None):
    states, events, table, initial = fsm_table()
    assert rep['conversation_id'] == cid
    results = rep['results']
    assert len(results) == len(states) * len(events) == rep['summary']['pairs']
    assert [(r['from'], r['event']) for r in results] == [(st, ev) for st in states for ev in events]
    failed = []
    for r in results:
        key = (r['from'], r['event'])
        assert r['expected'] == table.get(key, 'rejected'), (r, table.get(key))
        if key == faulty_pair:
            assert r['result'] == 'fail' and r['observed'] == r['from'], r
        else:
            assert r['observed'] == r['expected'] and r['result'] == 'pass', r
        if r['result'] == 'fail':
            failed.append(key)
    summary = rep['summary']
    assert summary['valid_transitions'] == len(table) == 16
    assert summary['invalid_pairs'] == len(states) * len(events) - len(table)
    assert summary['failed'] == len(failed) and summary['passed'] == len(results) - len(failed)
    assert summary['valid_transitions_observed'] == len(table) - len(failed)
    assert abs(summary['transition_coverage'] - (len(table) - len(failed)) / len(table)) < 1e-3
    assert summary['all_passed'] == (not failed)
    # Shortest paths: BFS lengths from the .fsm, paths that really follow the table.
    dist = bfs_lengths(table, initial)
    paths = {p['state']: p for p in rep['shortest_paths']}
    assert sorted(paths) == sorted(states)
    for st in states:
        p = paths[st]
        assert p['reachable'] == (st in dist)
        assert p['length'] == dist[st] == len(p['events']), p
        assert p['states'][0] == initial and p['states'][-1] == st, p
        for a, ev, b in zip(p['states'], p['events'], p['states'][1:]):
            assert table[(a, ev)] == b, p
    return failed


@with_server('--canned-chunks', '2')
def test_state_transitions_report(s):
    cid, _ = improv_create(s, '/api/test/conversations', {'personality': 'friendly_neutral'})
    rest_json(s, 'POST', '/api/test/conversations/%s/message' % cid, {'content': 'one exchange first'})

    async def go():
        ws = await ImprovSocket.open(s, cid)
        before = conv_info(s, cid)
        rows_before = stored_transitions(s, cid)
        loop = asyncio.get_running_loop()
        rep = await loop.run_in_executor(None, lambda: rest_json(
            s, 'GET', '/api/test/conversations/%s/state-transitions' % cid))
        assert check_report(rep, cid) == []
        assert rep['summary']['transition_coverage'] == 1.0 and rep['summary']['all_passed'] is True
        assert rep['live_conversation'] == {'state': 'waiting_for_user', 'last_seq': before['last_seq'],
                                            'unchanged': True}, rep['live_conversation']
        # Nothing about the live conversation changed, and its socket heard nothing.
        await ws.quiet(0.5)
        after = conv_info(s, cid)
        assert (after['state'], after['last_seq'], after['transitions'], after['message_count']) == \
            (before['state'], before['last_seq'], before['transitions'], before['message_count'])
        assert stored_transitions(s, cid) == rows_before
        await ws.close()
        return rep
    rep = run_async(go())
    paths = {p['state']: p['events'] for p in rep['shortest_paths']}
    assert paths['idle'] == [] and paths['ended'] == ['end'] and paths['speaking'] == [
        'user_input', 'input_complete', 'response_started'], paths
    st, _, _ = s.http('GET', '/api/test/conversations/nope/state-transitions')
    assert st == 404


@with_server('--canned-chunks', '2', binary='parleyd-faulty')
def test_state_transitions_catch_a_faulty_engine(s):
    """parleyd-faulty's engine accepts SPEAKING + reset without moving: the
    report must fail exactly that pair and fall short of full coverage."""
    cid, _ = improv_create(s, '/api/test/conversations', {'personality': 'friendly_neutral'})
    rep = rest_json(s, 'GET', '/api/test/conversations/%s/state-transitions' % cid)
    failed = check_report(rep, cid, faulty_pair=('speaking', 'reset'))
    assert failed == [('speaking', 'reset')], failed
    summary = rep['summary']
    assert summary['failed'] == 1 and summary['all_passed'] is False
    assert summary['valid_transitions_observed'] == 15 and summary['transition_coverage'] < 1.0
    bad = [r for r in rep['results'] if r['result'] == 'fail']
    assert bad == [{'from': 'speaking', 'event': 'reset', 'expected': 'idle', 'observed': 'speaking',
                    'result': 'fail'}], bad
    assert 'state-transitions: speaking --reset--> expected idle, observed speaking' in s.output()


main([test_conversations, test_message_with_and_without_delay, test_speech_with_interim_steps,
      test_speech_refused_while_speaking, test_system_status, test_stress, test_stress_counts_errors,
      test_state_transitions_report, test_state_transitions_catch_a_faulty_engine])
