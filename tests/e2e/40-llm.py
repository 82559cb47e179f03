"""The LLM brains end to end: parleyd --brain openai (and gemini) against
tests/support/fake_llm.py, a local provider speaking the real wire formats,
driven through the seed 000 AI-tutor dialect by a real WebSocket client.

Checks: the text the client receives equals the deltas the provider sent
(also when the stream is cut at awkward places); the provider got the
system prompt, the history and the key; stop cancels the answer and the
provider sees its connection closed; while one conversation's provider
stalls, another conversation's exchange and a WebSocket ping are answered
promptly; 429 with Retry-After is waited out and retried; a mid-stream drop
or an idle timeout ends the turn with the error event and the partial text
stored as failed (checked through REST)."""

import asyncio
import http.client
import json
import os
import subprocess
import time

from harness import (SOURCE_DIR, Server, TutorSocket, main, run_async, tutor_create,
                     tutor_messages)

KEY_ENV = 'PARLEY_E2E_LLM_KEY'
KEY = 'sk-e2e-not-a-real-key-51c0'
FAKE = None


class Fake:
    """tests/support/fake_llm.py as a subprocess, with its control endpoints."""

    def __init__(self):
        script = os.path.join(SOURCE_DIR, 'tests', 'support', 'fake_llm.py')
        self.proc = subprocess.Popen(['/usr/bin/python3', script, '--port', '0', '--api-key', KEY],
                                     stdout=subprocess.PIPE)
        line = self.proc.stdout.readline().decode()
        assert line.startswith('PORT '), line
        self.port = int(line.split()[1])

    def call(self, method, path):
        c = http.client.HTTPConnection('127.0.0.1', self.port, timeout=10)
        c.request(method, path)
        data = c.getresponse().read()
        c.close()
        return json.loads(data)

    def log(self):
        return self.call('GET', '/control/log')

    def reset(self):
        self.call('POST', '/control/reset')

    def wait(self, pred, timeout=5.0):
        """The log once pred(log) holds."""
        deadline = time.time() + timeout
        while True:
            log = self.log()
            if pred(log):
                return log
            if time.time() > deadline:
                raise AssertionError('fake provider log never matched: %s'
                                     % json.dumps(log)[:1500])
            time.sleep(0.03)

    def stop(self):
        self.proc.terminate()
        self.proc.wait(5)


def with_llm(provider='openai', *extra):
    def wrap(fn):
        def run():
            FAKE.reset()
            base = 'http://127.0.0.1:%d/%s' % (FAKE.port, 'v1' if provider == 'openai' else 'v1beta')
            # Titles from the model are tested in 41-llm-search.py; here every
            # request to the provider is an answer.
            args = ['--shutdown-timeout', '1', '--brain', provider, '--llm-base-url', base,
                    '--llm-model', 'model-under-test', '--llm-api-key-env', KEY_ENV,
                    '--llm-titles', 'off'] + list(extra)
            s = Server('parleyd', args, env={KEY_ENV: KEY, 'no_proxy': '127.0.0.1,localhost'})
            try:
                fn(s)
                assert KEY not in s.output(), 'the API key reached the log'
            except BaseException:
                print('--- server log (tail) ---\n%s' % s.output()[-4000:])
                print('--- fake provider log ---\n%s' % json.dumps(FAKE.log())[-3000:])
                raise
            finally:
                s.stop()
        run.__name__ = fn.__name__
        return run
    return wrap


def only(msgs, mt):
    return [m for m in msgs if m['mt'] == mt]


def kinds(msgs):
    out = []
    for m in msgs:
        if not (out and out[-1] == m['mt'] == 'stream_chunk'):
            out.append(m['mt'])
    return out


async def open_conv(s, cid):
    t = await TutorSocket.open(s, cid)
    assert (await t.recv())['mt'] == 'connected'
    return t


async def exchange(t, text, token, until='stop_typing_indicator', timeout=15):
    await t.send_user(text, token=token)
    return await t.recv_until(until, timeout=timeout)


def streamed_text(msgs):
    """The chunks joined; checked against the stream_end's fullText."""
    text = ''.join(m['chunk'] for m in only(msgs, 'stream_chunk'))
    end = only(msgs, 'stream_end')
    assert len(end) == 1, kinds(msgs)
    assert end[0]['fullText'] == text, (end[0]['fullText'], text)
    return text, end[0]


def stored(s, cid, n, timeout=5.0):
    deadline = time.time() + timeout
    while True:
        got = tutor_messages(s, cid)
        if len(got) >= n or time.time() > deadline:
            assert len(got) == n, [(m['role'], m['status'], m['content'][:40]) for m in got]
            return got
        time.sleep(0.05)


# ---------------------------------------------------------------------------

@with_llm('openai')
def openai_text_prompt_and_history(s):
    cid = tutor_create(s)

    async def go():
        t = await open_conv(s, cid)
        first = await exchange(t, 'What is photosynthesis?', 'llm-1', until='title_updated')
        text1, end1 = streamed_text(first)
        assert 'stopped' not in end1
        second = await exchange(t, 'And respiration, in one line?', 'llm-2')
        text2, _ = streamed_text(second)
        await t.close()
        return text1, text2
    text1, text2 = run_async(go())
    log = FAKE.log()
    assert len(log) == 2, log
    assert [r['sent'] for r in log] == [text1, text2]
    req = log[1]
    assert req['path'] == '/v1/chat/completions'
    assert req['headers']['authorization'] == 'Bearer ' + KEY
    body = req['body']
    assert body['model'] == 'model-under-test' and body['stream'] is True
    msgs = body['messages']
    assert msgs[0]['role'] == 'system'
    assert msgs[0]['content'].startswith('You are a patient, knowledgeable tutor'), msgs[0]
    assert [(m['role'], m['content']) for m in msgs[1:]] == [
        ('user', 'What is photosynthesis?'), ('assistant', text1),
        ('user', 'And respiration, in one line?')], msgs
    rows = stored(s, cid, 4)
    assert [(m['role'], m['status']) for m in rows] == [('user', 'complete'), ('assistant', 'complete')] * 2
    assert rows[1]['content'] == text1 and rows[3]['content'] == text2


@with_llm('openai')
def openai_awkward_splits_arrive_whole(s):
    cid = tutor_create(s)

    async def go():
        t = await open_conv(s, cid)
        msgs = await exchange(t, 'fake:split \u00e9\u00e8 \U0001F600 please', 'sp-1')
        await t.close()
        return msgs
    msgs = run_async(go())
    text, _ = streamed_text(msgs)
    assert len(only(msgs, 'stream_chunk')) >= 5
    assert text == FAKE.log()[0]['sent'] and '\U0001F331' in text
    # every round of provider data that produced frames was written out and timed
    m = s.metrics()
    n = m['parley_relay_write_seconds_count']
    assert n >= 1, m
    assert m['parley_relay_write_seconds_bucket{le="+Inf"}'] == n
    assert 0 < m['parley_relay_write_seconds_sum'] < n * 1.0


@with_llm('openai')
def stop_cancels_upstream(s):
    cid = tutor_create(s)

    async def go():
        t = await open_conv(s, cid)
        await t.send_user('fake:slow tell me a long story', token='st-1')
        msgs = await t.recv_until('stream_chunk', count=2, timeout=10)
        mid = only(msgs, 'stream_start')[0]['messageId']
        await t.send({'mt': 'stop', 'messageId': mid})
        msgs += await t.recv_until('stop_typing_indicator', timeout=5)
        t_stop = time.time()
        text, end = streamed_text(msgs)
        assert end['stopped'] is True, end
        assert not only(msgs, 'error'), msgs
        await t.close()
        return mid, text, t_stop
    mid, text, t_stop = run_async(go())
    log = FAKE.wait(lambda log: log and log[0]['client_closed'])
    assert log[0]['closed_at'] - t_stop < 1.0, 'the upstream connection was not closed at once'
    assert not log[0]['done']
    assert log[0]['sent'].startswith(text)
    rows = stored(s, cid, 2)
    assert rows[1]['id'] == mid and rows[1]['status'] == 'stopped' and rows[1]['content'] == text


@with_llm('openai', '--llm-first-byte-timeout', '60')
def stalled_provider_blocks_nobody(s):
    stuck, other = tutor_create(s), tutor_create(s)

    async def go():
        a = await open_conv(s, stuck)
        b = await open_conv(s, other)
        await a.send_user('fake:stall-first hang there', token='hang-1')
        await a.expect('user_message_received')
        await a.expect('typing_indicator')
        FAKE.wait(lambda log: len(log) == 1)
        # Another conversation's exchange goes through while the first hangs.
        t0 = time.time()
        msgs = await exchange(b, 'A quick question', 'quick-1')
        assert time.time() - t0 < 2.0, time.time() - t0
        streamed_text(msgs)
        # A ping on the stalled conversation's socket is answered at once.
        t0 = time.time()
        pong = await a.ws.ping()
        await asyncio.wait_for(pong, 1.0)
        assert time.time() - t0 < 0.5
        assert not FAKE.log()[0]['client_closed']
        # Stop ends it and closes the provider connection.
        await a.send({'mt': 'stop'})
        rest = await a.recv_until('stop_typing_indicator', timeout=5)
        assert not only(rest, 'error') and not only(rest, 'stream_chunk'), rest
        await a.close()
        await b.close()
    run_async(go())
    FAKE.wait(lambda log: log[0]['client_closed'])


@with_llm('openai')
def rate_limit_is_waited_out(s):
    cid = tutor_create(s)

    async def go():
        t = await open_conv(s, cid)
        t0 = time.time()
        await t.send_user('fake:ratelimit just once', token='rl-1')
        msgs = await t.recv_until('stream_start', timeout=10)
        waited = time.time() - t0
        msgs += await t.recv_until('stop_typing_indicator', timeout=10)
        await t.close()
        return waited, msgs
    waited, msgs = run_async(go())
    assert 0.95 <= waited < 4, waited
    text, end = streamed_text(msgs)
    assert 'stopped' not in end and not only(msgs, 'error')
    log = FAKE.log()
    assert [r['status'] for r in log] == [429, 200], log
    assert log[1]['at'] - log[0]['at'] >= 0.95
    assert text == log[1]['sent']


@with_llm('openai')
def drop_mid_stream_saves_failed(s):
    cid = tutor_create(s)

    async def go():
        t = await open_conv(s, cid)
        msgs = await exchange(t, 'fake:drop halfway', 'dr-1')
        later = await exchange(t, 'Try again', 'dr-2')
        await t.close()
        return msgs, later
    msgs, later = run_async(go())
    assert kinds(msgs) == ['user_message_received', 'typing_indicator', 'stream_start', 'stream_chunk',
                           'stream_end', 'error', 'stop_typing_indicator'], kinds(msgs)
    partial, end = streamed_text(msgs)
    assert end['stopped'] is True
    err = only(msgs, 'error')[0]
    assert err['code'] == 'brain_error' and 'lost mid-answer' in err['error'], err
    assert partial and partial == FAKE.log()[0]['sent']
    assert len(FAKE.log()) == 2  # no retry of the dropped turn; then the next question
    streamed_text(later)
    rows = stored(s, cid, 4)
    assert [(m['role'], m['status']) for m in rows] == [('user', 'complete'), ('assistant', 'failed'),
                                                        ('user', 'complete'), ('assistant', 'complete')]
    assert rows[1]['content'] == partial


@with_llm('openai', '--llm-idle-timeout', '0.5')
def idle_timeout_saves_failed(s):
    cid = tutor_create(s)

    async def go():
        t = await open_conv(s, cid)
        t0 = time.time()
        msgs = await exchange(t, 'fake:stall after a word', 'it-1')
        await t.close()
        return msgs, time.time() - t0
    msgs, took = run_async(go())
    assert took < 3, took
    partial, end = streamed_text(msgs)
    err = only(msgs, 'error')[0]
    assert 'stopped answering' in err['error'], err
    rows = stored(s, cid, 2)
    assert rows[1]['status'] == 'failed' and rows[1]['content'] == partial
    FAKE.wait(lambda log: log[0]['client_closed'])


@with_llm('gemini')
def gemini_text_prompt_and_key(s):
    cid = tutor_create(s)

    async def go():
        t = await open_conv(s, cid)
        first = await exchange(t, 'Name a planet', 'g-1')
        second = await exchange(t, 'fake:split another one \u00fc', 'g-2')
        await t.close()
        return streamed_text(first)[0], streamed_text(second)[0]
    text1, text2 = run_async(go())
    log = FAKE.log()
    assert [r['sent'] for r in log] == [text1, text2]
    req = log[1]
    assert req['path'] == '/v1beta/models/model-under-test:streamGenerateContent'
    assert req['query'] == 'alt=sse'
    assert req['headers']['x-goog-api-key'] == KEY
    body = req['body']
    assert body['systemInstruction']['parts'][0]['text'].startswith('You are a patient')
    assert [(c['role'], c['parts'][0]['text']) for c in body['contents']] == [
        ('user', 'Name a planet'), ('model', text1), ('user', 'fake:split another one \u00fc')]


@with_llm('gemini')
def gemini_drop_saves_failed(s):
    cid = tutor_create(s)

    async def go():
        t = await open_conv(s, cid)
        msgs = await exchange(t, 'fake:drop gemini', 'gd-1')
        await t.close()
        return msgs
    msgs = run_async(go())
    partial, end = streamed_text(msgs)
    assert end['stopped'] is True and only(msgs, 'error')
    assert partial == FAKE.log()[0]['sent']
    rows = stored(s, cid, 2)
    assert rows[1]['status'] == 'failed' and rows[1]['content'] == partial


def gemini_without_key_refuses_to_start():
    """No key in the named variable: parleyd says so and exits."""
    import harness
    port = harness.free_port()
    data = harness.tempfile.mkdtemp(prefix='parley-e2e-')
    env = dict(os.environ)
    env.pop('PARLEY_E2E_UNSET', None)
    p = subprocess.run([os.path.join(harness.BUILD_DIR, 'parleyd'), '--port', str(port),
                        '--data-dir', data, '--brain', 'gemini', '--llm-api-key-env',
                        'PARLEY_E2E_UNSET'], env=env, capture_output=True, timeout=20)
    harness.shutil.rmtree(data, ignore_errors=True)
    assert p.returncode != 0
    assert b'PARLEY_E2E_UNSET' in p.stderr + p.stdout, p.stderr


if __name__ == '__main__':
    FAKE = Fake()
    try:
        main([openai_text_prompt_and_history, openai_awkward_splits_arrive_whole,
              stop_cancels_upstream, stalled_provider_blocks_nobody, rate_limit_is_waited_out,
              drop_mid_stream_saves_failed, idle_timeout_saves_failed, gemini_text_prompt_and_key,
              gemini_drop_saves_failed, gemini_without_key_refuses_to_start])
    finally:
        FAKE.stop()
