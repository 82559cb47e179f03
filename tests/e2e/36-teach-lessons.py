"""Seed 001's own message flow through the teach dialect and parleyd's
default brain (the offline lessons tutor) over the bundled curriculum
(data/lessons): "teach me about India" starts the series India's history at
the Indus Valley civilisation, "what year was this?" pauses the lesson and
answers with the civilisation's dates, "continue" resumes at part 2; the
state survives a parleyd restart (rebuilt from the stored history); a quiz
question answered right is graded correct; and "continue" after the key
facts goes on to the next lesson of the series. Every server message is
checked against schemas/teach_server.json as it arrives."""

import asyncio
import json
import os
import re
import signal
from urllib.parse import quote

import websockets

from harness import SOURCE_DIR, Server, main, run_async, schema_errors

LESSONS = os.path.join(SOURCE_DIR, 'data', 'lessons')
INDUS = 'The Indus Valley civilisation'
BCE_YEAR = re.compile(r'\b\d{3,4} BCE\b')


class TeachSocket:
    """A seed 001 client on /ws/{client_id}; every frame must be a text frame
    holding a message valid against schemas/teach_server.json."""

    def __init__(self, ws):
        self.ws = ws

    @classmethod
    async def open(cls, s, client_id):
        ws = await websockets.connect(s.url('/ws/%s' % quote(client_id, safe='')), close_timeout=1)
        t = cls(ws)
        w = await t.expect('welcome')
        assert w['client_id'] == client_id, w
        t.welcome = w
        return t

    async def recv(self, timeout=10.0):
        raw = await asyncio.wait_for(self.ws.recv(), timeout)
        assert isinstance(raw, str), 'binary frame from the server: %r' % raw[:80]
        msg = json.loads(raw)
        errs = schema_errors('teach_server', msg)
        assert not errs, 'invalid server message %s: %s' % (raw[:300], errs)
        return msg

    async def expect(self, typ, timeout=10.0):
        msg = await self.recv(timeout)
        assert msg['type'] == typ, 'expected %s, got %s' % (typ, json.dumps(msg)[:300])
        return msg

    async def ask(self, content):
        await self.ws.send(json.dumps({'type': 'message', 'content': content}))
        return await self.expect('response')

    async def close(self):
        await self.ws.close()


def lesson_file(lesson_id):
    """(headings of the teaching sections, {question: answer}) of a bundled lesson."""
    headings, qa, q = [], {}, None
    with open(os.path.join(LESSONS, lesson_id + '.md'), encoding='utf-8') as f:
        part = 'teach'
        for line in f:
            line = line.rstrip('\n')
            if line.startswith('## '):
                h = line[3:].strip()
                part = {'Key facts': 'facts', 'Questions': 'questions'}.get(h, 'teach')
                if part == 'teach':
                    headings.append(h)
            elif part == 'questions' and line.startswith('Q:'):
                q = line[2:].strip()
            elif part == 'questions' and line.startswith('A:'):
                qa[q] = line[2:].strip()
    return headings, qa


def teaching(r, topic=INDUS):
    assert r['mode'] == 'teaching' and r['current_topic'] == topic, r


def seed_flow_through_the_lessons():
    headings, qa = lesson_file('indus-valley-civilisation')
    n = len(headings)
    s = Server('parleyd', ['--lessons-dir', LESSONS, '--shutdown-timeout', '1'])
    try:
        async def first():
            # 1. Client connects -> welcome.
            t = await TeachSocket.open(s, 'user123')
            assert 'teach me about' in t.welcome['message'], t.welcome
            # 2. "teach me about India" -> the series, from the Indus Valley.
            r = await t.ask('teach me about India')
            teaching(r)
            text = r['response']
            assert text.startswith("**India's history** is taught in 4 lessons: 1. %s, 2. The "
                                   "Maurya Empire, 3. The Mughal Empire, 4. The Indian independence "
                                   "movement; we start with the first." % INDUS), text[:400]
            assert '**Part 1 of %d: %s**' % (n, headings[0]) in text, text[:600]
            # 3. "what year was this?" -> pause, answer from the lesson, resume offer.
            r = await t.ask('what year was this?')
            assert r['mode'] == 'answering' and r['current_topic'] == INDUS, r
            assert BCE_YEAR.search(r['response']), r['response']
            assert r['response'].startswith('From the lesson **%s**' % INDUS), r['response']
            assert "Shall we continue with %s? Say 'continue'." % headings[1] in r['response'], r
            # ... and the lesson resumes where it was.
            r = await t.ask('continue')
            teaching(r)
            assert r['response'].startswith('**Part 2 of %d: %s**' % (n, headings[1])), r['response'][:200]
            # 4. Client disconnects.
            await t.close()
        run_async(first())

        # parleyd restarts: the tutor state is rebuilt from the stored history.
        s.signal(signal.SIGTERM)
        s.proc.wait(10)
        s.restart()

        async def again():
            t = await TeachSocket.open(s, 'user123')
            assert t.welcome['message'].startswith('Welcome back'), t.welcome
            r = await t.ask('continue')
            teaching(r)
            assert r['response'].startswith('**Part 3 of %d: %s**' % (n, headings[2])), r['response'][:200]
            # A quiz question ("quiz" is one of the dialect's modes), answered right.
            r = await t.ask('quiz me')
            assert r['mode'] == 'quiz' and r['current_topic'] == INDUS, r
            asked = [q for q in qa if q in r['response']]
            assert len(asked) == 1, r['response']
            r = await t.ask(qa[asked[0]])
            assert r['mode'] == 'quiz' and r['response'].startswith('Correct!'), r
            assert "'continue' to go on with the lesson (next: %s)" % headings[3] in r['response'], r
            # The rest of the lesson, its key facts, then the next lesson of the series.
            for i in range(3, n):
                r = await t.ask('continue')
                teaching(r)
                assert '**Part %d of %d: %s**' % (i + 1, n, headings[i]) in r['response'], r
            r = await t.ask('continue')
            teaching(r)
            assert 'The key facts:' in r['response'], r
            assert ("say 'continue' for the next lesson of India's history, **The Maurya Empire**"
                    in r['response']), r['response']
            r = await t.ask('continue')
            teaching(r, 'The Maurya Empire')
            assert r['response'].startswith('We have finished **%s**. On to the next lesson of '
                                            "India's history." % INDUS), r['response'][:300]
            assert "lesson 2 of 4 in the series India's history" in r['response'], r['response'][:400]
            await t.close()
        run_async(again())
    except BaseException:
        print('--- server log (tail) ---\n%s' % s.output()[-4000:])
        raise
    finally:
        s.stop()


def lesson_named_alone_and_other_wordings():
    """A lesson asked for by name starts alone; the series' other names start it."""
    s = Server('parleyd', ['--lessons-dir', LESSONS, '--shutdown-timeout', '1'])
    try:
        async def go():
            for i, ask in enumerate(('teach me about Indian history',
                                     'I want to learn about the history of India')):
                t = await TeachSocket.open(s, 'wording-%d' % i)
                r = await t.ask(ask)
                teaching(r)
                assert r['response'].startswith("**India's history** is taught in 4 lessons"), r
                await t.close()
            t = await TeachSocket.open(s, 'by-name')
            r = await t.ask('teach me about the Mughal Empire')
            teaching(r, 'The Mughal Empire')
            assert 'is taught in' not in r['response'], r['response'][:300]
            assert "lesson 3 of 4 in the series India's history" in r['response'], r['response'][:300]
            r = await t.ask('teach me about the Indian monsoon')
            teaching(r, 'The Indian monsoon')
            await t.close()
        run_async(go())
    except BaseException:
        print('--- server log (tail) ---\n%s' % s.output()[-4000:])
        raise
    finally:
        s.stop()


if __name__ == '__main__':
    main([seed_flow_through_the_lessons, lesson_named_alone_and_other_wordings])
