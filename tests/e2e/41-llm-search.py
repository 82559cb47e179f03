"""The LLM brains' extras and web search end to end: parleyd against
tests/support/fake_llm.py, which speaks OpenAI's streaming tool calls and
plays Tavily's /search, through real WebSocket clients.

Checks: the web_search tool round trip in the seed 000 tutor (the tool-call
fragments arrive split across chunks; the second request holds the tool
result; the user receives the text before the call and the final answer,
stored whole); titles from the model, asked for in parallel with the answer
(title_updated in seed 000, and the REST title; a stalled title request
delays stream_end by the grace at most and is closed; a conversation
created with a title asks for none; stop closes both provider connections);
numbered sources from an uploaded PDF becoming seed 003
citations on /ws/chat (only the markers the model used, only the user's own
document); the lessons brain answering an uncovered question from the web
(and never searching for a covered one), keeping its honest answer when the
search fails or stalls; neither key ever in the server's log; a missing
search key or a bad --web-search value refuses to start."""

import asyncio
import importlib.util
import json
import os
import subprocess
import time

import websockets

import harness
from harness import (SOURCE_DIR, Server, TutorSocket, main, run_async, tutor_create, tutor_get,
                     tutor_messages)

KEY_ENV = 'PARLEY_E2E_LLM_KEY'
KEY = 'sk-e2e-tools-SECRET-4f2a'
SKEY_ENV = 'PARLEY_E2E_SEARCH_KEY'
SKEY = 'tvly-e2e-SECRET-0b7d'
FAKE = None


def load_e2e(name):
    """Another e2e file as a module (its helpers: the PDF writer, the chat client)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), name)
    spec = importlib.util.spec_from_file_location(name.replace('-', '_')[:-3], path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


DOCS = load_e2e('35-documents.py')


class Fake:
    """tests/support/fake_llm.py with both keys, and its control endpoints."""

    def __init__(self):
        script = os.path.join(SOURCE_DIR, 'tests', 'support', 'fake_llm.py')
        self.proc = subprocess.Popen(['/usr/bin/python3', script, '--port', '0', '--api-key', KEY,
                                      '--search-key', SKEY], stdout=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        assert line.startswith('PORT '), line
        self.port = int(line.split()[1])

    def call(self, method, path):
        import http.client
        c = http.client.HTTPConnection('127.0.0.1', self.port, timeout=10)
        c.request(method, path)
        data = c.getresponse().read()
        c.close()
        return json.loads(data)

    def log(self, kind=None):
        log = self.call('GET', '/control/log')
        return [r for r in log if kind is None or r.get('kind') == kind]

    def reset(self):
        self.call('POST', '/control/reset')

    def wait_for(self, pred, timeout=5.0):
        """pred()'s value once it is true (polled)."""
        deadline = time.time() + timeout
        while True:
            v = pred()
            if v:
                return v
            if time.time() > deadline:
                raise AssertionError('the fake provider never got there: %s'
                                     % json.dumps(self.log())[:1500])
            time.sleep(0.03)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(5)


def with_server(brain, *extra, search=True):
    """parleyd with the brain, the fake as provider and as Tavily; the keys
    only in the environment; afterwards, neither key may be in the log."""
    def wrap(fn):
        def run():
            FAKE.reset()
            base = 'http://127.0.0.1:%d' % FAKE.port
            args = ['--shutdown-timeout', '1', '--brain', brain, '--log-level', 'debug']
            if brain in ('openai', 'gemini'):
                args += ['--llm-base-url', base + '/v1', '--llm-model', 'model-under-test',
                         '--llm-api-key-env', KEY_ENV]
            if search:
                args += ['--web-search', 'tavily', '--search-base-url', base,
                         '--search-api-key-env', SKEY_ENV]
            s = Server('parleyd', args + list(extra),
                       env={KEY_ENV: KEY, SKEY_ENV: SKEY, 'no_proxy': '127.0.0.1,localhost'})
            try:
                fn(s)
                out = s.output()
                assert KEY not in out and SKEY not in out, 'a key reached the log'
                assert 'SECRET' not in out, 'a key reached the log'
            except BaseException:
                print('--- server log (tail) ---\n%s' % s.output()[-4000:])
                print('--- fake log ---\n%s' % json.dumps(FAKE.log())[-3000:])
                raise
            finally:
                s.stop()
        run.__name__ = fn.__name__
        return run
    return wrap


def only(msgs, mt):
    return [m for m in msgs if m['mt'] == mt]


async def open_conv(s, cid):
    t = await TutorSocket.open(s, cid)
    assert (await t.recv())['mt'] == 'connected'
    return t


def streamed(msgs):
    text = ''.join(m['chunk'] for m in only(msgs, 'stream_chunk'))
    end = only(msgs, 'stream_end')
    assert len(end) == 1, [m['mt'] for m in msgs]
    assert end[0]['fullText'] == text, (end[0]['fullText'], text)
    return text


def stored(s, cid, n, timeout=5.0):
    deadline = time.time() + timeout
    while True:
        got = tutor_messages(s, cid)
        if len(got) >= n or time.time() > deadline:
            assert len(got) == n, [(m['role'], m['status'], m['content'][:40]) for m in got]
            return got
        time.sleep(0.05)


# ---------------------------------------------------------------------------

@with_server('openai')
def tool_call_round_trip(s):
    cid = tutor_create(s)

    async def go():
        t = await open_conv(s, cid)
        await t.send_user('fake:tool who discovered penicillin', token='tool-1')
        msgs = await t.recv_until('title_updated', timeout=20)
        msgs += await t.recv_until('stop_typing_indicator', timeout=5) \
            if not only(msgs, 'stop_typing_indicator') else []
        await t.close()
        return msgs
    msgs = run_async(go())
    text = streamed(msgs)
    assert not only(msgs, 'error'), msgs
    assert text == ('Let me look that up.\n\nBased on the search: Example Encyclopedia: who '
                    'discovered penicillin. Done.'), text
    chats, searches = FAKE.log('chat'), FAKE.log('search')
    assert len(chats) == 2 and len(searches) == 1, (len(chats), len(searches))
    assert chats[0]['tools'] == ['web_search']
    assert searches[0]['query'] == 'who discovered penicillin'
    assert searches[0]['headers']['authorization'] == 'Bearer ' + SKEY
    second = chats[1]['body']['messages']
    assert [m['role'] for m in second] == ['system', 'user', 'assistant', 'tool'], second
    call = second[2]['tool_calls'][0]
    assert call['id'] == 'call_fake_0' and call['function']['name'] == 'web_search'
    assert json.loads(call['function']['arguments']) == {'query': 'who discovered penicillin'}
    assert second[3]['tool_call_id'] == 'call_fake_0'
    assert '[1] Example Encyclopedia: who discovered penicillin' in second[3]['content']
    # the whole answer is what was stored
    rows = stored(s, cid, 2)
    assert rows[1]['status'] == 'complete' and rows[1]['content'] == text


async def timed_until(t, mt, timeout=15):
    """Messages up to the first of type mt, each as (time.monotonic(), msg)."""
    out, deadline = [], time.monotonic() + timeout
    while True:
        msg = await t.recv(max(deadline - time.monotonic(), 0.001))
        out.append((time.monotonic(), msg))
        if msg['mt'] == mt:
            return out


@with_server('openai', search=False)
def titles_from_the_model(s):
    cid = tutor_create(s)

    async def go():
        t = await open_conv(s, cid)
        # a slow answer (~2 s): the title, asked for at the same time, is there first
        await t.send_user('fake:slow What is photosynthesis?', token='ti-1')
        first = await t.recv_until('title_updated', timeout=15)
        await t.send_user('And respiration?', token='ti-2')
        second = await t.recv_until('stop_typing_indicator', timeout=15)
        await t.quiet(0.5)
        await t.close()
        return first, second
    first, second = run_async(go())
    titles = only(first, 'title_updated')
    assert titles[0]['title'] == 'Notes On What Is Photosynthesis', titles
    assert titles[0]['conversationId'] == cid
    # the engine announces it with the end of the answer, and only once
    kinds = [m['mt'] for m in first]
    assert kinds.index('stream_end') < kinds.index('title_updated'), kinds
    assert not only(second, 'title_updated')
    assert tutor_get(s, cid)['title'] == 'Notes On What Is Photosynthesis'
    title_rec, chats = FAKE.log('title'), FAKE.log('chat')
    assert len(title_rec) == 1 and len(chats) == 2, (len(title_rec), len(chats))
    # both requests started with the turn; the title was complete before the answer
    assert abs(title_rec[0]['at'] - chats[0]['at']) < 1.0, (title_rec[0]['at'], chats[0]['at'])
    assert title_rec[0]['done_at'] < chats[0]['done_at'], (title_rec[0], chats[0]['done_at'])
    user = title_rec[0]['body']['messages'][1]['content']
    assert user.startswith('Student: fake:slow What is photosynthesis?\n\n'), user
    assert 'Tutor:' not in user  # the answer is not written yet
    assert not FAKE.log('search')  # web search is off: no tool, no search
    assert 'tools' not in FAKE.log('chat')[0]['body']


@with_server('openai', search=False)
def stalled_title_costs_the_grace_at_most(s):
    cid = tutor_create(s)

    async def go():
        t = await open_conv(s, cid)
        await t.send_user('fake:title-stall please', token='ts-1')
        msgs = await timed_until(t, 'stop_typing_indicator', timeout=15)
        await t.close()
        return msgs
    msgs = run_async(go())
    last_chunk = max(at for at, m in msgs if m['mt'] == 'stream_chunk')
    end = [at for at, m in msgs if m['mt'] == 'stream_end']
    assert len(end) == 1, [m['mt'] for _, m in msgs]
    waited = end[0] - last_chunk
    # --llm-title-grace 0.5 (the default); the title timeout (10 s) plays no part
    assert waited < 0.5 + 2.0, waited
    assert waited >= 0.4, waited
    assert not only([m for _, m in msgs], 'error')
    rec = FAKE.wait_for(lambda: [r for r in FAKE.log('title') if r['client_closed']])
    assert len(rec) == 1 and not rec[0]['done'], rec
    # the fallback title: the question's first words
    assert tutor_get(s, cid)['title'] == 'Fake:title-stall please'


@with_server('openai', search=False)
def titled_conversation_asks_for_none(s):
    cid = tutor_create(s, title='My biology notes')

    async def go():
        t = await open_conv(s, cid)
        await t.send_user('What is photosynthesis?', token='tc-1')
        msgs = await t.recv_until('stop_typing_indicator', timeout=15)
        await t.quiet(0.7)
        await t.close()
        return msgs
    msgs = run_async(go())
    streamed(msgs)
    assert not only(msgs, 'title_updated')
    assert len(FAKE.log()) == 1 and len(FAKE.log('chat')) == 1, FAKE.log()
    assert not FAKE.log('title')
    assert tutor_get(s, cid)['title'] == 'My biology notes'


@with_server('openai', search=False)
def stop_closes_both_connections(s):
    cid = tutor_create(s)

    async def go():
        t = await open_conv(s, cid)
        await t.send_user('fake:slow tell me fake:title-stall', token='sb-1')
        msgs = await t.recv_until('stream_chunk', timeout=10)
        FAKE.wait_for(lambda: len(FAKE.log('chat')) == 1 and len(FAKE.log('title')) == 1)
        mid = only(msgs, 'stream_start')[0]['messageId']
        await t.send({'mt': 'stop', 'messageId': mid})
        msgs += await t.recv_until('stop_typing_indicator', timeout=5)
        t_stop = time.time()
        await t.close()
        return msgs, t_stop
    msgs, t_stop = run_async(go())
    assert only(msgs, 'stream_end')[0]['stopped'] is True
    assert not only(msgs, 'error'), msgs
    FAKE.wait_for(lambda: all(r['client_closed'] for r in FAKE.log()))
    recs = FAKE.log()
    assert sorted(r['kind'] for r in recs) == ['chat', 'title'], recs
    for r in recs:
        assert not r['done'] and r['closed_at'] - t_stop < 1.0, r


@with_server('openai', '--llm-titles', 'off', search=False)
def titles_off_uses_the_first_words(s):
    cid = tutor_create(s)

    async def go():
        t = await open_conv(s, cid)
        await t.send_user('what is photosynthesis?', token='to-1')
        msgs = await t.recv_until('title_updated', timeout=15)
        await t.close()
        return msgs
    msgs = run_async(go())
    assert only(msgs, 'title_updated')[0]['title'] == 'What is photosynthesis'
    assert not FAKE.log('title')


@with_server('openai', search=False)
def studymate_sources_become_citations(s):
    pdf = DOCS.make_pdf(DOCS.ZOOLOGY, font_size=8)
    st, d = DOCS.upload(s, pdf, user='stu', filename='zoology.pdf')
    assert st == 201 and d['chunks'] == 3, (st, d)
    st, other = DOCS.upload(s, b'Xylophagous beetles are in Eve\'s notes too.\n', user='eve',
                            filename='eve-notes.txt', ctype='text/plain')
    assert st == 201, other
    final = run_async(DOCS.ask_studymate(s, 'stu', 'What do xylophagous beetles eat?'))
    assert final is not None and final['data']['status'] == 'complete', final
    msg = final['data']['message']
    assert msg['content'] == ('Xylophagous beetles eat wood [1]. Fungi in their tunnels help them '
                              '[2]. Nothing else is known [99].'), msg['content']
    system = FAKE.log('chat')[0]['body']['messages'][0]['content']
    assert 'Numbered sources' in system and 'eve-notes' not in system, system
    assert '[1] From the document "zoology.pdf", page 2:' in system, system
    n_sources = sum(1 for k in range(1, 10) if '\n\n[%d] From the document' % k in system)
    cits = msg.get('citations') or []
    # [1] and [2] when both were given; [99] never was
    assert len(cits) == min(2, n_sources), (cits, n_sources)
    top = cits[0]
    assert top['document_id'] == d['id'] and top['filename'] == 'zoology.pdf', top
    assert top['chunk_id'].startswith(d['id']) and top['page_start'] == top['page_end'] == 2, top
    assert 0 < top['score'] <= 1
    assert all(c['document_id'] == d['id'] for c in cits), cits
    assert len({c['chunk_id'] for c in cits}) == len(cits)
    # the seed 000 tutor never uses documents
    cid = tutor_create(s, user_id='stu')

    async def go():
        t = await open_conv(s, cid)
        await t.send_user('What do xylophagous beetles eat?', user_id='stu', token='t0')
        msgs = await t.recv_until('stop_typing_indicator', timeout=15)
        await t.close()
        return msgs
    run_async(go())
    tutor_req = FAKE.log('chat')[-1]['body']['messages'][0]['content']
    assert 'Numbered sources' not in tutor_req and 'No passage' not in tutor_req, tutor_req


async def tutor_ask(s, cid, text, token):
    t = await open_conv(s, cid)
    await t.send_user(text, token=token)
    msgs = await t.recv_until('stop_typing_indicator', timeout=15)
    await t.close()
    return streamed(msgs)


@with_server('lessons')
def lessons_fall_back_to_the_web(s):
    cid = tutor_create(s)
    covered = run_async(tutor_ask(s, cid, 'What is photosynthesis?', 'lw-1'))
    assert 'From the lesson **Photosynthesis**' in covered, covered
    assert not FAKE.log('search'), 'a covered question was searched'
    web = run_async(tutor_ask(s, cid, 'Who won the 2018 football world cup?', 'lw-2'))
    searches = FAKE.log('search')
    assert len(searches) == 1 and searches[0]['query'] == 'Who won the 2018 football world cup?'
    assert web.startswith('My curriculum does not cover that, so I searched the web.'), web
    assert 'not from my lessons' in web
    assert ('- The facts about Who won the 2018 football world cup are set out in full by the '
            'Example Encyclopedia.') in web, web
    assert 'Sources (web):\n- Example Encyclopedia: Who won the 2018 football world cup: ' \
           'https://example.org/wiki/' in web, web
    assert 'Cookies' not in web and 'Weather today' not in web
    rows = stored(s, cid, 4)
    assert rows[3]['content'] == web


@with_server('lessons', '--search-timeout', '0.5')
def lessons_keep_the_honest_answer(s):
    cid = tutor_create(s)
    honest = 'My curriculum does not cover that, so I can\'t answer it without guessing.'
    for i, q in enumerate(['search:500 who won the 2018 football world cup?',
                           'search:stall who won the 2018 football world cup?']):
        t0 = time.time()
        text = run_async(tutor_ask(s, cid, q, 'lh-%d' % i))
        assert text.startswith(honest), text
        assert time.time() - t0 < 5
    searches = FAKE.log('search')
    assert len(searches) == 2
    assert searches[1]['client_closed'], 'the stalled search was not given up'
    assert 'web search failed' in s.output()


def refuses_to_start_without_a_search_key():
    port = harness.free_port()
    data = harness.tempfile.mkdtemp(prefix='parley-e2e-')
    env = dict(os.environ)
    env.pop('PARLEY_E2E_UNSET_KEY', None)
    try:
        p = subprocess.run([os.path.join(harness.BUILD_DIR, 'parleyd'), '--port', str(port),
                            '--data-dir', data, '--web-search', 'tavily', '--search-api-key-env',
                            'PARLEY_E2E_UNSET_KEY'], env=env, capture_output=True, timeout=20)
        assert p.returncode != 0
        assert b'PARLEY_E2E_UNSET_KEY' in p.stderr + p.stdout, p.stderr
        p = subprocess.run([os.path.join(harness.BUILD_DIR, 'parleyd'), '--port', str(port),
                            '--data-dir', data, '--web-search', 'bing'], env=env,
                           capture_output=True, timeout=20)
        assert p.returncode != 0 and b'--web-search' in p.stderr + p.stdout, p.stderr
        p = subprocess.run([os.path.join(harness.BUILD_DIR, 'parleyd'), '--help'],
                           capture_output=True, timeout=20)
        for flag in (b'--web-search', b'--search-base-url', b'--search-api-key-env',
                     b'--search-max-results', b'--llm-titles', b'--llm-title-grace',
                     b'PARLEY_LLM_TITLE_GRACE', b'PARLEY_WEB_SEARCH'):
            assert flag in p.stdout, flag
    finally:
        harness.shutil.rmtree(data, ignore_errors=True)


if __name__ == '__main__':
    FAKE = Fake()
    try:
        main([tool_call_round_trip, titles_from_the_model, stalled_title_costs_the_grace_at_most,
              titled_conversation_asks_for_none, stop_closes_both_connections,
              titles_off_uses_the_first_words,
              studymate_sources_become_citations, lessons_fall_back_to_the_web,
              lessons_keep_the_honest_answer, refuses_to_start_without_a_search_key])
    finally:
        FAKE.stop()
