"""Every connection limit of parley-testd, each hit on purpose, with the
documented reaction: frames per message, idle timeout with keepalive pings,
the per-connection output cap (slow reader), connection caps in total and
per address, and graceful shutdown."""

import asyncio
import os
import signal
import socket
import struct
import time

import websockets

from harness import RawWS, Server, main, run_async

TEXT, CLOSE, PING, PONG = 1, 8, 9, 10


def rss_kib(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1])
    return 0


def frames_per_message():
    s = Server('parley-testd', ['--max-frames-per-message', '8'])
    try:
        w = RawWS(s.port)
        w.send_frame(TEXT, b'0', fin=False)
        for i in range(6):
            w.send_frame(0, b'x', fin=False)
        w.send_frame(0, b'end')
        assert w.recv_frame() == (True, TEXT, b'0xxxxxxend')
        for i in range(12):
            w.send_frame(0 if i else TEXT, b'y', fin=False)
        assert w.expect_close() == 1008
        assert s.metrics()['parley_limit_hits_total{limit="frames_per_message"}'] == 1
    finally:
        s.stop()


def keepalive_ping_then_idle_close():
    s = Server('parley-testd', ['--ping-interval', '0.3', '--idle-timeout', '0.9'])
    try:
        # A live client answers the server's pings and stays connected.
        async def live():
            async with websockets.connect(s.url('/test/echo'), ping_interval=None) as ws:
                await asyncio.sleep(1.5)
                await ws.send('still here')
                assert await ws.recv() == 'still here'
        run_async(live())
        # A silent client gets a ping, then a close 1001 when idle-timeout passes.
        w = RawWS(s.port)
        t0 = time.time()
        fin, op, payload = w.recv_frame()
        assert op == PING, op
        assert 0.2 < time.time() - t0 < 0.8
        assert w.expect_close() == 1001
        assert 0.7 < time.time() - t0 < 2.0
        assert w.closed_by_server()
        assert s.metrics()['parley_limit_hits_total{limit="idle_timeout"}'] == 1
    finally:
        s.stop()


def slow_reader_closed_at_output_cap():
    cap = 256 * 1024
    s = Server('parley-testd', ['--output-cap', str(cap)])
    try:
        before = rss_kib(s.proc.pid)
        # This client asks for 64 MiB and never reads.
        slow = RawWS(s.port, '/test/flood')
        slow.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        slow.send_frame(TEXT, b'1024 65536')
        # Meanwhile another client is served promptly.
        async def other():
            async with websockets.connect(s.url('/test/echo')) as ws:
                for i in range(20):
                    t = time.time()
                    await ws.send('ping %d' % i)
                    assert await ws.recv() == 'ping %d' % i
                    assert time.time() - t < 0.5
        run_async(other())
        # The slow one was dropped, and the server did not buffer 64 MiB for it.
        assert slow.closed_by_server(5)
        m = s.metrics()
        assert m['parley_limit_hits_total{limit="output_cap"}'] == 1
        assert m['parley_ws_closes_total{code="1008"}'] == 1
        grown = rss_kib(s.proc.pid) - before
        assert grown < 16 * 1024, grown  # KiB: a few caps, not 64 MiB
    finally:
        s.stop()


def max_connections_total():
    s = Server('parley-testd', ['--max-connections', '5'])
    try:
        held = [RawWS(s.port) for _ in range(5)]
        assert all(h.status == 101 for h in held)
        r = s.raw(b'GET /health HTTP/1.1\r\nHost: x\r\n\r\n')
        assert r.startswith(b'HTTP/1.1 503') and b'Retry-After' in r, r
        over = RawWS(s.port)
        assert over.status == 101
        assert over.expect_close() == 1013
        for h in held:
            h.close()
        time.sleep(0.2)
        # Room again: served, and the two refusals were counted.
        m = s.metrics()
        assert m['parley_limit_hits_total{limit="max_connections"}'] == 2
        assert m['parley_ws_handshakes_total{outcome="overloaded"}'] == 1
    finally:
        s.stop()


def max_connections_per_ip():
    s = Server('parley-testd', ['--max-connections-per-ip', '3'])
    try:
        held = [RawWS(s.port) for _ in range(3)]
        r = s.raw(b'GET /health HTTP/1.1\r\nHost: x\r\n\r\n')
        assert r.startswith(b'HTTP/1.1 503'), r
        assert RawWS(s.port).expect_close() == 1013
        # Another loopback address is another client.
        sock = socket.socket()
        sock.bind(('127.0.0.2', 0))
        sock.connect(('127.0.0.1', s.port))
        sock.sendall(b'GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
        data = b''
        while True:
            c = sock.recv(4096)
            if not c:
                break
            data += c
        assert data.startswith(b'HTTP/1.1 200'), data
        for h in held:
            h.close()
        time.sleep(0.2)
        assert s.metrics()['parley_limit_hits_total{limit="per_ip"}'] == 2
    finally:
        s.stop()


def graceful_shutdown():
    s = Server('parley-testd', ['--shutdown-timeout', '3'])
    try:
        clients = [RawWS(s.port) for _ in range(20)]
        t0 = time.time()
        s.signal(signal.SIGTERM)
        for c in clients:
            assert c.expect_close() == 1001
            c.send_frame(CLOSE, struct.pack('!H', 1001))
        assert s.proc.wait(5) == 0
        assert time.time() - t0 < 3
        # No longer accepting.
        try:
            socket.create_connection(('127.0.0.1', s.port), timeout=0.5).close()
            raise AssertionError('still accepting after shutdown')
        except OSError:
            pass
    finally:
        s.stop()


def shutdown_bounded_when_clients_ignore_close():
    s = Server('parley-testd', ['--shutdown-timeout', '1'])
    try:
        clients = [RawWS(s.port) for _ in range(5)]  # they never answer the Close
        t0 = time.time()
        s.signal(signal.SIGINT)
        assert s.proc.wait(5) == 0
        assert time.time() - t0 < 3.5
        for c in clients:
            c.close()
    finally:
        s.stop()


if __name__ == '__main__':
    main([frames_per_message, keepalive_ping_then_idle_close, slow_reader_closed_at_output_cap,
          max_connections_total, max_connections_per_ip, graceful_shutdown,
          shutdown_bounded_when_clients_ignore_close])
