"""RFC 6455 through parley-testd with a real client (python3-websockets) and
a raw socket client for what libraries refuse to send: messages up to the
limit, fragments, ping/pong, permessage-deflate, close codes, and every
frame rule with the close code it earns."""

import asyncio
import struct

import websockets

from harness import RawWS, Server, main, run_async


def with_server(args=()):
    def wrap(fn):
        def run():
            s = Server('parley-testd', args)
            try:
                fn(s)
            finally:
                s.stop()
        run.__name__ = fn.__name__
        return run
    return wrap


TEXT, BINARY, CLOSE, PING, PONG = 1, 2, 8, 9, 10


@with_server(args=['--max-message-size', '256k'])
def text_and_binary_up_to_the_limit(s):
    async def go():
        async with websockets.connect(s.url('/test/echo'), max_size=None, compression=None) as ws:
            for n in (0, 1, 125, 126, 65535, 65536, 256 * 1024):
                t = ('é' * n)[:n // 2] if n else ''
                await ws.send(t)
                assert await ws.recv() == t
                b = bytes(range(256)) * (n // 256) + bytes(n % 256)
                await ws.send(b)
                assert await ws.recv() == b
            await ws.send(b'x' * (256 * 1024 + 1))
            try:
                await ws.recv()
                raise AssertionError('message over the limit was echoed')
            except websockets.ConnectionClosed as e:
                assert e.rcvd.code == 1009, e
    run_async(go())
    assert s.metrics()['parley_limit_hits_total{limit="message_size"}'] == 1


@with_server()
def fragmented_messages(s):
    async def go():
        async with websockets.connect(s.url('/test/echo')) as ws:
            await ws.send(['frag', 'mented ', 'tëxt'])
            assert await ws.recv() == 'fragmented tëxt'
            await ws.send([b'\x00' * 10, b'\x01' * 70000])
            assert await ws.recv() == b'\x00' * 10 + b'\x01' * 70000
    run_async(go())


@with_server()
def ping_pong(s):
    async def go():
        async with websockets.connect(s.url('/test/echo')) as ws:
            waiter = await ws.ping(b'payload-123')
            await asyncio.wait_for(waiter, 2)
    run_async(go())
    # A ping between the fragments of a message is answered at once.
    w = RawWS(s.port)
    assert w.status == 101
    w.send_frame(TEXT, b'first ', fin=False)
    w.send_frame(PING, b'mid')
    fin, op, payload = w.recv_frame()
    assert (op, payload) == (PONG, b'mid')
    w.send_frame(0, b'second')
    assert w.recv_frame() == (True, TEXT, b'first second')
    w.close()


@with_server()
def permessage_deflate(s):
    async def go():
        async with websockets.connect(s.url('/test/echo'), compression='deflate') as ws:
            ext = ws.response_headers.get('Sec-WebSocket-Extensions', '')
            assert 'permessage-deflate' in ext, ext
            text = 'compressible ' * 5000
            await ws.send(text)
            assert await ws.recv() == text
            for i in range(50):
                await ws.send('msg %d ' % i * 30)
                assert await ws.recv() == 'msg %d ' % i * 30
    run_async(go())


@with_server(args=['--ws-compression', 'off'])
def deflate_can_be_off(s):
    async def go():
        async with websockets.connect(s.url('/test/echo'), compression='deflate') as ws:
            assert 'Sec-WebSocket-Extensions' not in ws.response_headers
            await ws.send('plain')
            assert await ws.recv() == 'plain'
    run_async(go())


@with_server()
def subprotocol_selected(s):
    async def go():
        async with websockets.connect(s.url('/test/echo'), subprotocols=['nope', 'echo']) as ws:
            assert ws.subprotocol == 'echo'
    run_async(go())


@with_server()
def close_handshake_echoes_code(s):
    w = RawWS(s.port)
    w.send_frame(CLOSE, struct.pack('!H', 4001) + b'bye')
    assert w.expect_close() == 4001
    assert w.closed_by_server()
    w = RawWS(s.port)
    w.send_frame(CLOSE, b'')
    assert w.expect_close() is None
    w = RawWS(s.port, '/test/close/1000')
    assert w.expect_close() == 1000
    w.send_frame(CLOSE, struct.pack('!H', 1000))
    assert w.closed_by_server()
    m = s.metrics()
    assert m['parley_ws_closes_total{code="1000"}'] >= 1


def expect_protocol_close(s, frames, code, path='/test/echo'):
    w = RawWS(s.port, path)
    assert w.status == 101
    for f in frames:
        w.send(f)
    got = w.expect_close()
    assert got == code, (frames, got, code)
    assert w.closed_by_server()


@with_server()
def frame_rules(s):
    F = RawWS.frame
    cases = [
        ([F(TEXT, b'unmasked', mask=False)], 1002),
        ([F(TEXT, b'rsv2', rsv=2)], 1002),
        ([F(TEXT, b'rsv1 without deflate', rsv=4)], 1002),
        ([F(3, b'reserved opcode')], 1002),
        ([F(11, b'reserved control')], 1002),
        ([F(PING, b'x' * 126)], 1002),
        ([F(PING, b'frag', fin=False)], 1002),
        ([F(0, b'continuation with nothing to continue')], 1002),
        ([F(TEXT, b'a', fin=False), F(TEXT, b'b')], 1002),
        ([F(TEXT, b'\xc3\x28')], 1007),
        ([F(TEXT, b'\xed\xa0\x80')], 1007),  # surrogate
        ([F(TEXT, b'ok \xf0\x9f', fin=False), F(0, b'\x98')], 1007),  # split, still invalid at end
        ([F(CLOSE, struct.pack('!H', 1005))], 1002),
        ([F(CLOSE, struct.pack('!H', 999))], 1002),
        ([F(CLOSE, struct.pack('!H', 2000))], 1002),
        ([F(CLOSE, b'\x03')], 1002),
        ([F(CLOSE, struct.pack('!H', 1000) + b'\xff')], 1007),
    ]
    for frames, code in cases:
        expect_protocol_close(s, frames, code)
    # Valid UTF-8 split across fragments inside a code point is fine.
    w = RawWS(s.port)
    w.send_frame(TEXT, b'\xf0\x9f', fin=False)
    w.send_frame(0, b'\x98\x80')
    assert w.recv_frame() == (True, TEXT, '😀'.encode())
    w.close()
    m = s.metrics()
    assert m['parley_ws_closes_total{code="1002"}'] >= 13
    assert m['parley_ws_closes_total{code="1007"}'] >= 4


@with_server()
def handshake_errors(s):
    base = (b'GET /test/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n')
    key = b'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'
    r = s.raw(base + key + b'Sec-WebSocket-Version: 8\r\n\r\n')
    assert r.startswith(b'HTTP/1.1 426') and b'Sec-WebSocket-Version: 13' in r, r
    r = s.raw(base + b'Sec-WebSocket-Version: 13\r\n\r\n')
    assert r.startswith(b'HTTP/1.1 400'), r
    r = s.raw(base + b'Sec-WebSocket-Key: short\r\nSec-WebSocket-Version: 13\r\n\r\n')
    assert r.startswith(b'HTTP/1.1 400'), r
    r = s.raw(b'POST /test/echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n'
              + key + b'Sec-WebSocket-Version: 13\r\nContent-Length: 0\r\n\r\n')
    assert r.startswith(b'HTTP/1.1 400'), r
    r = s.raw(b'GET /test/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    assert r.startswith(b'HTTP/1.1 426'), r
    # Upgrade and Connection are token lists.
    r = s.raw(b'GET /test/echo HTTP/1.1\r\nHost: x\r\nUpgrade: foo, WebSocket\r\n'
              b'Connection: keep-alive, Upgrade\r\n' + key + b'Sec-WebSocket-Version: 13\r\n\r\n',
              read_until_close=False)
    assert r.startswith(b'HTTP/1.1 101') and b's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' in r, r
    r = s.raw(base.replace(b'/test/echo', b'/nowhere') + key + b'Sec-WebSocket-Version: 13\r\n\r\n')
    assert r.startswith(b'HTTP/1.1 404'), r
    m = s.metrics()
    assert m['parley_ws_handshakes_total{outcome="bad_version"}'] >= 2
    assert m['parley_ws_handshakes_total{outcome="bad_request"}'] >= 3


@with_server()
def origin_allow_list_default(s):
    ok = RawWS(s.port, headers={'Origin': 'http://localhost:3000'})
    assert ok.status == 101
    ok = RawWS(s.port, headers={'Origin': 'http://127.0.0.1:8000'})
    assert ok.status == 101
    ok = RawWS(s.port)  # no Origin: a script, not a browser
    assert ok.status == 101
    bad = RawWS(s.port, headers={'Origin': 'https://evil.example'})
    assert bad.status == 403
    bad = RawWS(s.port, headers={'Origin': 'http://localhost.evil.example'})
    assert bad.status == 403
    assert s.metrics()['parley_ws_handshakes_total{outcome="forbidden"}'] == 2


@with_server(args=['--ws-origins', 'https://app.example'])
def origin_allow_list_configured(s):
    assert RawWS(s.port, headers={'Origin': 'https://app.example'}).status == 101
    assert RawWS(s.port, headers={'Origin': 'http://localhost:3000'}).status == 403


@with_server()
def many_messages_one_turn_one_write(s):
    # 200 messages sent in one write are answered; the echoes arrive coalesced
    # (far fewer TCP reads than messages).
    w = RawWS(s.port)
    w.send(b''.join(RawWS.frame(TEXT, b'm%03d' % i) for i in range(200)))
    for i in range(200):
        assert w.recv_frame() == (True, TEXT, b'm%03d' % i)
    w.close()


if __name__ == '__main__':
    main([text_and_binary_up_to_the_limit, fragmented_messages, ping_pong, permessage_deflate,
          deflate_can_be_off, subprotocol_selected, close_handshake_echoes_code, frame_rules,
          handshake_errors, origin_allow_list_default, origin_allow_list_configured,
          many_messages_one_turn_one_write])
