"""Open files with an LLM brain: each client connection may hold provider
connections too, so parleyd --brain openai (or gemini), with no
--max-connections, gives client connections half of the open files it
would give them with another brain and caps the provider connections at
the other half; an explicit --max-connections leaves the provider the rest.

Runs under an open-file limit of 300 (soft and hard, set for this process
and so for the servers it starts): the room is 300 - 96 = 204. Checks the
split parleyd logs, the cap the listener reports, and that the client cap
holds: past it an HTTP request gets 503, and once a connection goes a new
one is served again."""

import resource
import socket
import time

from harness import Server, main

FILES = 300
ROOM = FILES - 96

# Never contacted: no exchange runs in these cases.
LLM = ['--brain', 'openai', '--llm-base-url', 'http://127.0.0.1:9/v1',
       '--llm-api-key-env', 'PARLEY_E2E_UNSET_KEY']


def start(args):
    return Server('parleyd', args + ['--log-level', 'info', '--max-connections-per-ip', '0'])


def wait_for(s, text, timeout=5.0):
    deadline = time.time() + timeout
    while text not in s.output():
        if time.time() > deadline:
            raise AssertionError('%r not in the log:\n%s' % (text, s.output()))
        time.sleep(0.02)


def test_llm_brain_splits_the_open_files():
    s = start(LLM)
    try:
        half = ROOM // 2
        wait_for(s, 'open files: %d; client connections at most %d, connections to the AI '
                    'provider at most %d' % (FILES, half, ROOM - half))
        wait_for(s, '(max %d connections)' % half)
        # fill the client cap with idle connections: the next request is refused
        socks = []
        try:
            for _ in range(half):
                socks.append(socket.create_connection(('127.0.0.1', s.port), timeout=5))
            time.sleep(0.3)
            status, _, _ = s.http('GET', '/health')
            assert status == 503, status
            socks.pop().close()
            time.sleep(0.3)
            status, _, _ = s.http('GET', '/health')
            assert status == 200, status
        finally:
            for c in socks:
                c.close()
    finally:
        s.stop()


def test_explicit_max_connections_leaves_the_provider_the_rest():
    s = start(LLM + ['--max-connections', '50'])
    try:
        wait_for(s, 'client connections at most 50, connections to the AI provider at most %d'
                 % (ROOM - 50))
        wait_for(s, '(max 50 connections)')
    finally:
        s.stop()


def test_other_brains_keep_the_whole_room():
    s = start(['--brain', 'canned'])
    try:
        wait_for(s, '(max %d connections)' % ROOM)
        assert 'connections to the AI provider' not in s.output()
    finally:
        s.stop()


if __name__ == '__main__':
    resource.setrlimit(resource.RLIMIT_NOFILE, (FILES, FILES))
    main([test_llm_brain_splits_the_open_files,
          test_explicit_max_connections_leaves_the_provider_the_rest,
          test_other_brains_keep_the_whole_room])
