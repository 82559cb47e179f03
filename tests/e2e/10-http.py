"""HTTP/1.1 through parley-testd: routing, keep-alive, pipelining, chunked
bodies, CORS, HEAD/OPTIONS, and each request limit with its status code."""

import json
import socket
import time

from harness import Server, main


def with_server(args=(), binary='parley-testd'):
    def wrap(fn):
        def run():
            s = Server(binary, args)
            try:
                fn(s)
            finally:
                s.stop()
        run.__name__ = fn.__name__
        return run
    return wrap


def status_of(resp):
    return int(resp.split(b' ', 2)[1]) if resp.startswith(b'HTTP/1.1 ') else None


@with_server()
def health_is_json(s):
    st, h, body = s.http('GET', '/health')
    assert st == 200 and h['content-type'] == 'application/json'
    j = json.loads(body)
    assert j['status'] == 'ok' and j['version'] and j['uptime_seconds'] >= 0
    assert j['connections'] >= 1 and 'conversations' in j


@with_server()
def head_has_no_body(s):
    r = s.raw(b'HEAD /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    head, _, body = r.partition(b'\r\n\r\n')
    assert status_of(r) == 200 and b'Content-Length: ' in head and body == b''


@with_server()
def not_found_and_method_not_allowed(s):
    st, h, body = s.http('GET', '/no/such/path')
    assert st == 404 and json.loads(body)['status'] == 404
    st, h, body = s.http('POST', '/health', body=b'{}')
    assert st == 405 and 'GET' in h['allow']


@with_server()
def keepalive_and_pipelining(s):
    sock = socket.create_connection(('127.0.0.1', s.port), timeout=3)
    reqs = (b'GET /health HTTP/1.1\r\nHost: x\r\n\r\n'
            b'POST /test/body HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello'
            b'GET /test/later HTTP/1.1\r\nHost: x\r\n\r\n'
            b'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    sock.sendall(reqs)
    data = b''
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    sock.close()
    assert data.count(b'HTTP/1.1 200 OK') == 4, data
    # Answers come in request order, the deferred one included.
    i1, i2, i3 = data.find(b'5:hello'), data.find(b'"later":true'), data.rfind(b'"status":"ok"')
    assert 0 < i1 < i2 < i3, data


@with_server()
def chunked_body(s):
    r = s.raw(b'POST /test/body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n'
              b'Connection: close\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n')
    assert status_of(r) == 200 and r.endswith(b'11:hello world'), r


@with_server(args=['--max-header-bytes', '1k'])
def header_bytes_431(s):
    r = s.raw(b'GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ' + b'a' * 2000 + b'\r\n\r\n')
    assert status_of(r) == 431, r
    assert s.metrics()['parley_limit_hits_total{limit="header_bytes"}'] == 1


@with_server(args=['--max-headers', '10'])
def header_count_431(s):
    hs = b''.join(b'X-H%d: v\r\n' % i for i in range(20))
    r = s.raw(b'GET /health HTTP/1.1\r\nHost: x\r\n' + hs + b'\r\n')
    assert status_of(r) == 431, r
    assert s.metrics()['parley_limit_hits_total{limit="header_count"}'] == 1


@with_server(args=['--max-body-bytes', '100'])
def body_413(s):
    r = s.raw(b'POST /test/body HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n' + b'a' * 101)
    assert status_of(r) == 413, r
    r = s.raw(b'POST /test/body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n'
              b'40\r\n' + b'a' * 64 + b'\r\n40\r\n' + b'a' * 64 + b'\r\n0\r\n\r\n')
    assert status_of(r) == 413, r
    r = s.raw(b'POST /test/body HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nConnection: close\r\n\r\n' + b'a' * 100)
    assert status_of(r) == 200, r


@with_server()
def bad_syntax_400(s):
    for bad in (b'GET /health HTTP/1.1\r\nHost x\r\n\r\n',
                b'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n',
                b'GET /health HTTP/1.1\r\n\r\n',  # no Host
                b'POST /test/body HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n',
                b'\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03'):
        r = s.raw(bad)
        assert status_of(r) == 400, (bad, r)


@with_server()
def unknown_method_501(s):
    assert status_of(s.raw(b'BREW /health HTTP/1.1\r\nHost: x\r\n\r\n')) == 501


@with_server()
def version_505(s):
    assert status_of(s.raw(b'GET /health HTTP/2.0\r\nHost: x\r\n\r\n')) == 505
    r = s.raw(b'GET /health HTTP/1.0\r\n\r\n')
    assert status_of(r) == 200 and b'Connection: close' in r, r


@with_server(args=['--cors-origins', 'http://app.example'])
def cors_allow_list(s):
    st, h, _ = s.http('GET', '/health', headers={'Origin': 'http://app.example'})
    assert st == 200 and h.get('access-control-allow-origin') == 'http://app.example'
    st, h, _ = s.http('GET', '/health', headers={'Origin': 'http://evil.example'})
    assert st == 200 and 'access-control-allow-origin' not in h
    st, h, _ = s.http('OPTIONS', '/health', headers={'Origin': 'http://app.example',
                                                    'Access-Control-Request-Method': 'GET'})
    assert st == 204 and h['access-control-allow-origin'] == 'http://app.example'
    assert 'GET' in h['access-control-allow-methods']
    st, h, _ = s.http('OPTIONS', '/health')
    assert st == 204 and 'GET' in h['allow']


@with_server(args=['--handshake-timeout', '0.5'])
def dribbled_head_dropped(s):
    sock = socket.create_connection(('127.0.0.1', s.port), timeout=5)
    t0 = time.time()
    sock.sendall(b'GET /health HTTP/1.1\r\nHost: x\r\n')
    data = b''
    try:
        # One header byte every 0.1 s: never silent for the timeout, but the
        # head as a whole is never complete.
        for i in range(40):
            time.sleep(0.1)
            sock.sendall(b'X')
        sock.settimeout(2)
        while True:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    except (BrokenPipeError, ConnectionResetError):
        sock.settimeout(2)
        try:
            data += sock.recv(4096)
        except OSError:
            pass
    sock.close()
    # Each byte came within the timeout, but the head as a whole did not.
    assert status_of(data) == 408, data
    assert time.time() - t0 < 2.5
    assert s.metrics()['parley_limit_hits_total{limit="handshake_timeout"}'] >= 1


@with_server(args=['--keepalive-timeout', '0.3'])
def idle_keepalive_closed(s):
    sock = socket.create_connection(('127.0.0.1', s.port), timeout=5)
    sock.sendall(b'GET /health HTTP/1.1\r\nHost: x\r\n\r\n')
    first = sock.recv(4096)
    assert status_of(first) == 200
    t0 = time.time()
    assert sock.recv(4096) == b''
    assert time.time() - t0 < 2
    sock.close()




def help_lists_every_flag():
    import subprocess, os
    from harness import BUILD_DIR
    out = subprocess.run([os.path.join(BUILD_DIR, 'parleyd'), '--help'], capture_output=True,
                         text=True, check=True).stdout
    for flag in ('--port', '--bind', '--data-dir', '--log-format', '--log-level', '--max-connections',
                 '--max-connections-per-ip', '--handshake-timeout', '--idle-timeout', '--ping-interval',
                 '--max-message-size', '--max-frames-per-message', '--output-cap', '--max-header-bytes',
                 '--max-headers', '--max-body-bytes', '--cors-origins', '--ws-origins'):
        assert flag in out, flag
        env = 'PARLEY_' + flag[2:].upper().replace('-', '_')
        assert env in out, env
    r = subprocess.run([os.path.join(BUILD_DIR, 'parleyd'), '--port', 'x'], capture_output=True, text=True)
    assert r.returncode == 2 and 'invalid value' in r.stderr


def env_sets_flags():
    s = Server('parleyd', env={'PARLEY_MAX_HEADERS': '5'})
    try:
        hs = b''.join(b'X-H%d: v\r\n' % i for i in range(8))
        assert status_of(s.raw(b'GET /health HTTP/1.1\r\nHost: x\r\n' + hs + b'\r\n')) == 431
    finally:
        s.stop()


if __name__ == '__main__':
    main([health_is_json, head_has_no_body, not_found_and_method_not_allowed, keepalive_and_pipelining,
          chunked_body, header_bytes_431, header_count_431, body_413, bad_syntax_400, unknown_method_501,
          version_505, cors_allow_list, dribbled_head_dropped, idle_keepalive_closed,
          help_lists_every_flag, env_sets_flags])
