"""What the seed 000 exchange leaves in the store, read from the SQLite file.

The engine writes an exchange in two records: the user message before its
acknowledgement (stored with the seq the acknowledgement will most likely
get, corrected afterwards if another event took it), and one closing group
(the exchange's state transitions, the answer, the conversation row) that
is applied all or nothing. These cases check the rows against what the
clients saw on the wire: every stored seq is the seq of the event that
announced the message, the transitions form one unbroken chain whose
length matches the transition counters, and the conversation's state
column agrees with its last transition -- also after a kill -9 in the
middle of a stream of exchanges."""

import asyncio
import json
import os
import sqlite3
import time

from harness import Server, TutorSocket, main, run_async, tutor_create

ARGS = ['--brain', 'canned', '--messages-per-second', '0', '--canned-chunks', '5',
        '--canned-fail-prefix', 'FAIL', '--max-queued', '16']


def rows(s, sql, args=()):
    db = sqlite3.connect('file:%s?mode=ro' % os.path.join(s.data_dir, 'parley.db'), uri=True)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def wait_rows(s, sql, args, n, timeout=10.0):
    deadline = time.time() + timeout
    while True:
        got = rows(s, sql, args)
        if len(got) >= n or time.time() > deadline:
            assert len(got) == n, (n, got)
            return got
        time.sleep(0.05)


def check_chain(s, cid):
    """The conversation's transitions chain from IDLE without a gap; returns them."""
    tr = rows(s, 'SELECT from_state, event, to_state FROM transitions WHERE conversation_id = ?'
                 ' ORDER BY id', (cid,))
    state = 'IDLE'
    for f, ev, t in tr:
        assert f == state, ('broken chain', state, (f, ev, t), tr)
        state = t
    return tr, state


def exchanges_match_the_wire():
    s = Server('parleyd', ARGS)
    try:
        cid = tutor_create(s)
        acks, ends = {}, {}

        async def go():
            ws = await TutorSocket.open(s, cid)
            await ws.expect('connected')

            async def one(text, token):
                await ws.send_user(text, token=token)
                for m in await ws.recv_until('stop_typing_indicator'):
                    if m['mt'] == 'user_message_received':
                        acks[m['token']] = m['seq']
                    elif m['mt'] == 'stream_end':
                        ends[m['messageId']] = (m['seq'], 'stopped' in m)
            await one('What is a quadratic equation?', 'a')
            await one('And the discriminant?', 'b')
            # three at once: two wait in the queue, their acknowledgements come
            # while the first answer streams (their stored seq is corrected)
            for k in ('c', 'd', 'e'):
                await ws.send_user('queued question ' + k, token=k)
            for m in await ws.recv_until('stream_end', count=3):
                if m['mt'] == 'user_message_received':
                    acks[m['token']] = m['seq']
                elif m['mt'] == 'stream_end':
                    ends[m['messageId']] = (m['seq'], 'stopped' in m)
            await ws.recv_until('stop_typing_indicator')
            # a failing answer (ERROR then IDLE), then a normal one to close
            await ws.send_user('FAIL on purpose', token='f')
            for m in await ws.recv_until('stop_typing_indicator'):
                if m['mt'] == 'user_message_received':
                    acks[m['token']] = m['seq']
                elif m['mt'] == 'stream_end':
                    ends[m['messageId']] = (m['seq'], 'stopped' in m)
            # the failed answer is stored with failure + recover and the state after them
            wait_rows(s, "SELECT id FROM messages WHERE conversation_id = ? AND role = 'assistant'",
                      (cid,), 6)
            (state,), = rows(s, 'SELECT state FROM conversations WHERE id = ?', (cid,))
            tr, last = check_chain(s, cid)
            assert state == last == 'IDLE', (state, tr[-3:])
            assert [t[1] for t in tr[-2:]] == ['failure', 'recover'], tr[-3:]
            await one('Back to normal?', 'g')
            await ws.close()
        run_async(go())
        assert sorted(acks) == list('abcdefg'), acks
        assert len(ends) == 7, ends

        stored = wait_rows(s, 'SELECT role, token, id, seq, status FROM messages'
                              ' WHERE conversation_id = ? ORDER BY rowid', (cid,), 14)
        # the seq fix-ups are single writes queued right after each acknowledgement
        deadline = time.time() + 5
        while time.time() < deadline:
            stored = rows(s, 'SELECT role, token, id, seq, status FROM messages'
                             ' WHERE conversation_id = ? ORDER BY rowid', (cid,))
            if all(seq == acks[tok] for role, tok, _, seq, _ in stored if role == 'user'):
                break
            time.sleep(0.05)
        for role, tok, mid, seq, status in stored:
            if role == 'user':
                assert seq == acks[tok], ('user row seq', tok, seq, acks[tok])
            else:
                assert mid in ends, (mid, ends)
                assert seq == ends[mid][0], ('answer row seq', mid, seq, ends[mid])
                assert status == ('failed' if ends[mid][1] else 'complete'), (mid, status)
        tr, last = check_chain(s, cid)
        total = sum(v for k, v in s.metrics().items() if k.startswith('parley_fsm_transitions_total{'))
        assert len(tr) == total, (len(tr), total, tr)
        # every exchange: user_input, input_complete, response_started, then
        # response_finished or failure + recover
        assert len(tr) == 7 * 4 + 1, tr
        (state,), = rows(s, 'SELECT state FROM conversations WHERE id = ?', (cid,))
        assert state == last == 'WAITING_FOR_USER', (state, last)
        # the history reads back in wire order
        seqs = [r[0] for r in rows(s, 'SELECT seq FROM messages WHERE conversation_id = ?'
                                      ' ORDER BY seq, created_ms, rowid', (cid,))]
        assert seqs == sorted(list(acks.values()) + [v[0] for v in ends.values()]), seqs
    finally:
        s.stop()


def state_agrees_with_transitions_after_kill():
    s = Server('parleyd', ARGS)
    try:
        convs = [tutor_create(s) for _ in range(6)]

        async def load(cid, stop):
            try:
                ws = await TutorSocket.open(s, cid)
                await ws.expect('connected')
                n = 0
                while not stop.is_set():
                    await ws.send_user('question %d' % n, token='t%d' % n)
                    n += 1
                    await ws.recv_until('stop_typing_indicator')
            except Exception:
                pass   # the kill

        async def go():
            stop = asyncio.Event()
            tasks = [asyncio.create_task(load(c, stop)) for c in convs]
            await asyncio.sleep(0.8)
            s.kill()
            stop.set()
            await asyncio.wait(tasks, timeout=10)
        run_async(go())
        done = 0
        for cid in convs:
            tr, last = check_chain(s, cid)
            (state,), = rows(s, 'SELECT state FROM conversations WHERE id = ?', (cid,))
            # the state column and the transitions are written in one group
            assert state == last, (cid, state, last, tr[-6:])
            answers = rows(s, "SELECT count(*) FROM messages WHERE conversation_id = ?"
                              " AND role = 'assistant'", (cid,))[0][0]
            assert len(tr) == 4 * answers, (cid, len(tr), answers)
            done += answers
        assert done > 0, 'no exchange finished before the kill'
        # the restarted server takes the conversations up again
        s.restart()

        async def again():
            ws = await TutorSocket.open(s, convs[0])
            await ws.expect('connected')
            await ws.send_user('are you back?', token='back')
            await ws.recv_until('stop_typing_indicator')
            await ws.close()
        run_async(again())
        check_chain(s, convs[0])
    finally:
        s.stop()


def resume_after_the_window_wrapped():
    """60 exchanges of 25 events: the replay window (1024 events) has wrapped
    its buffer many times; a resume from inside it gets the very frames the
    first socket got, one from before it falls back to the store."""
    s = Server('parleyd', ['--brain', 'canned', '--messages-per-second', '0'])
    try:
        cid = tutor_create(s)

        async def go():
            a = await TutorSocket.open(s, cid)
            await a.expect('connected')
            for n in range(60):
                await a.send_user('question number %d' % n, token='q%d' % n)
                await a.recv_until('stop_typing_indicator')
            seen = [(m['seq'], raw) for raw, m in a.log if 'seq' in m]
            top = seen[-1][0]
            assert top >= 1500, top
            for back in (1, 300, 1000):
                since = top - back
                b = await TutorSocket.open(s, cid, last_seq=since)
                hello = await b.expect('connected')
                assert hello.get('recovered') is True, (back, hello)
                want = [raw for seq, raw in seen if seq > since]
                got = [(await b.recv())['seq'] for _ in want]
                assert [raw for raw, _ in b.log[1:]] == want, back
                assert got == sorted(got)
                await b.close()
            old = top - 1100   # before the oldest event kept
            c = await TutorSocket.open(s, cid, last_seq=old)
            hello = await c.expect('connected')
            assert hello.get('recovered') is False, hello
            await c.close()
            await a.close()
        run_async(go(), timeout=120)
    finally:
        s.stop()


if __name__ == '__main__':
    main([exchanges_match_the_wire, state_agrees_with_transitions_after_kill,
          resume_after_the_window_wrapped])
