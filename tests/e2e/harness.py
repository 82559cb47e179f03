"""End-to-end test harness: runs a real Parley server binary on 127.0.0.1.

Each tests/e2e/NN-name.py is one ctest case. It calls main(cases) with a list
of test functions; each gets a fresh Server (its own port and data folder)
unless it declares a `server_args` attribute to share settings. The runner
prints one line per case and closes with "N passed, N failed".

Uses only the standard library and Debian's python3-websockets.
"""

import asyncio
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback

BUILD_DIR = os.environ.get('PARLEY_BUILD_DIR', os.path.join(os.path.dirname(__file__), '..', '..', 'build'))


def free_port():
    s = socket.socket()
    s.bind(('127.0.0.1', 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Server:
    """A server process. binary: 'parleyd' or 'parley-testd' in the build dir."""

    def __init__(self, binary='parley-testd', args=(), env=None):
        self.port = free_port()
        self.data_dir = tempfile.mkdtemp(prefix='parley-e2e-')
        self.path = os.path.join(BUILD_DIR, binary)
        cmd = [self.path, '--port', str(self.port), '--data-dir', self.data_dir] + list(args)
        e = dict(os.environ)
        e.update(env or {})
        self.log_path = os.path.join(self.data_dir, 'server.log')
        self.log = open(self.log_path, 'wb')
        self.cmd, self.env = cmd, e
        self.proc = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT, env=e)
        self.wait_ready()

    def wait_ready(self, timeout=10.0):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError('server exited with %s:\n%s' % (self.proc.returncode, self.output()))
            try:
                with socket.create_connection(('127.0.0.1', self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.02)
        raise RuntimeError('server did not start listening')

    def output(self):
        self.log.flush()
        with open(self.log_path, 'rb') as f:
            return f.read().decode('utf-8', 'replace')

    def url(self, path):
        return 'ws://127.0.0.1:%d%s' % (self.port, path)

    def http(self, method, path, body=None, headers=None, timeout=5):
        """Returns (status, headers dict lower-cased, body bytes)."""
        c = http.client.HTTPConnection('127.0.0.1', self.port, timeout=timeout)
        h = dict(headers or {})
        if body is not None and not isinstance(body, (bytes, str)):
            body = json.dumps(body)
            h.setdefault('Content-Type', 'application/json')
        c.request(method, path, body=body, headers=h)
        r = c.getresponse()
        data = r.read()
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        c.close()
        return r.status, hdrs, data

    def raw(self, data, timeout=2.0, read_until_close=True):
        """Sends raw bytes on a new connection; returns what came back."""
        s = socket.create_connection(('127.0.0.1', self.port), timeout=timeout)
        s.sendall(data)
        out = b''
        try:
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                out += chunk
                if not read_until_close and b'\r\n\r\n' in out:
                    break
        except socket.timeout:
            pass
        s.close()
        return out

    def metrics(self):
        status, _, body = self.http('GET', '/metrics')
        assert status == 200, status
        out = {}
        for line in body.decode().split('\n'):
            if line and not line.startswith('#'):
                name, _, value = line.rpartition(' ')
                out[name] = float(value)
        return out

    def signal(self, sig):
        self.proc.send_signal(sig)

    def kill(self):
        """SIGKILL: the process dies at once, flushing and closing nothing."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()

    def restart(self):
        """Starts the same command again (same port, same data folder) once
        the process has gone, e.g. after kill(); waits until it listens."""
        assert self.proc.poll() is not None, 'the server is still running'
        self.proc = subprocess.Popen(self.cmd, stdout=self.log, stderr=subprocess.STDOUT, env=self.env)
        self.wait_ready()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)


def run_async(coro, timeout=60):
    return asyncio.run(asyncio.wait_for(coro, timeout))


def main(cases):
    only = sys.argv[1:]
    passed = failed = 0
    for fn in cases:
        if only and fn.__name__ not in only:
            continue
        t0 = time.time()
        try:
            fn()
            passed += 1
            print('ok - %s (%.2fs)' % (fn.__name__, time.time() - t0), flush=True)
        except Exception:
            failed += 1
            print('not ok - %s' % fn.__name__, flush=True)
            traceback.print_exc()
    print('%d passed, %d failed' % (passed, failed))
    sys.exit(0 if failed == 0 and passed > 0 else 1)


class RawWS:
    """A deliberately minimal WebSocket client over a plain socket, for
    sending what well-behaved libraries refuse to send (unmasked frames,
    reserved bits, bad close codes) and for reading exactly what came back."""

    def __init__(self, port, path='/test/echo', headers=None, timeout=5.0):
        import base64
        self.sock = socket.create_connection(('127.0.0.1', port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        req = ('GET %s HTTP/1.1\r\nHost: 127.0.0.1:%d\r\nUpgrade: websocket\r\n'
               'Connection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n'
               % (path, port, key))
        for k, v in (headers or {}).items():
            req += '%s: %s\r\n' % (k, v)
        self.sock.sendall((req + '\r\n').encode())
        self.buf = b''
        while b'\r\n\r\n' not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError('closed during handshake: %r' % self.buf)
            self.buf += chunk
        head, _, self.buf = self.buf.partition(b'\r\n\r\n')
        self.status = int(head.split(b' ')[1])
        self.head = head.decode('latin-1')

    @staticmethod
    def frame(opcode, payload=b'', fin=True, rsv=0, mask=True, length_override=None):
        import struct
        b0 = (0x80 if fin else 0) | (rsv << 4) | opcode
        n = len(payload) if length_override is None else length_override
        if n < 126:
            hdr = struct.pack('!BB', b0, (0x80 if mask else 0) | n)
        elif n < 65536:
            hdr = struct.pack('!BBH', b0, (0x80 if mask else 0) | 126, n)
        else:
            hdr = struct.pack('!BBQ', b0, (0x80 if mask else 0) | 127, n)
        if not mask:
            return hdr + payload
        key = os.urandom(4)
        return hdr + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))

    def send(self, data):
        self.sock.sendall(data)

    def send_frame(self, opcode, payload=b'', **kw):
        self.send(self.frame(opcode, payload, **kw))

    def _need(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError('connection closed')
            self.buf += chunk

    def recv_frame(self):
        """Returns (fin, opcode, payload)."""
        import struct
        self._need(2)
        b0, b1 = self.buf[0], self.buf[1]
        n = b1 & 0x7f
        off = 2
        if n == 126:
            self._need(4)
            n = struct.unpack('!H', self.buf[2:4])[0]
            off = 4
        elif n == 127:
            self._need(10)
            n = struct.unpack('!Q', self.buf[2:10])[0]
            off = 10
        assert not (b1 & 0x80), 'server frames must not be masked'
        self._need(off + n)
        payload = self.buf[off:off + n]
        self.buf = self.buf[off + n:]
        return bool(b0 & 0x80), b0 & 0x0f, payload

    def expect_close(self):
        """Reads frames until a Close; returns its code (None if empty)."""
        import struct
        while True:
            fin, op, payload = self.recv_frame()
            if op == 8:
                return struct.unpack('!H', payload[:2])[0] if len(payload) >= 2 else None

    def closed_by_server(self, timeout=3.0):
        """True when the server closes the TCP connection within timeout."""
        self.sock.settimeout(timeout)
        try:
            while True:
                if not self.sock.recv(65536):
                    return True
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False

    def close(self):
        self.sock.close()


# ---------------------------------------------------------------------------
# Seed 000 (AI tutor) clients: REST helpers, schema checks, a WebSocket client

SOURCE_DIR = os.environ.get('PARLEY_SOURCE_DIR',
                            os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..'))
_schema_registry = None


def schema_errors(fid, msg, name=None):
    """Errors of msg against schemas/<fid>.json, through tools/schemalint.py's
    validator (the runtime's rules): as a member of the file's message family,
    or as its def `name`. Returns a list of "path: reason" strings."""
    global _schema_registry
    if _schema_registry is None:
        sys.path.insert(0, os.path.join(SOURCE_DIR, 'tools'))
        import schemalint
        reg = schemalint.Registry(SOURCE_DIR)
        folder = os.path.join(SOURCE_DIR, 'schemas')
        for f in sorted(os.listdir(folder)):
            if f.endswith('.json'):
                reg.docs[f[:-5]] = schemalint.load_file(os.path.join(folder, f))[1]
        _schema_registry = reg
    reg = _schema_registry
    errs = reg.validate_family(fid, msg)[1] if name is None else reg.validate_def(fid, name, msg)
    return ['%s: %s' % (p, r) if p else r for p, r in errs]


def tutor_create(server, user_id=123, title='', status='active'):
    """POST /ai-tutor/conversations; checks the 201 reply; returns the new id."""
    body = {'user_id': user_id, 'title': title, 'status': status}
    st, _, data = server.http('POST', '/ai-tutor/conversations', body)
    assert st == 201, (st, data)
    reply = json.loads(data)
    errs = schema_errors('tutor_rest', reply, 'create_conversation_response')
    assert not errs, (reply, errs)
    return reply['conversation_id']


def tutor_get(server, conv_id):
    """GET /ai-tutor/conversations/{id}: the JSON body (asserts 200)."""
    st, _, data = server.http('GET', '/ai-tutor/conversations/%s' % conv_id)
    assert st == 200, (st, data)
    return json.loads(data)


def tutor_messages(server, conv_id, page=500):
    """Every stored message of a conversation, paging through
    GET /ai-tutor/conversations/{id}/messages."""
    out = []
    while True:
        st, _, data = server.http('GET', '/ai-tutor/conversations/%s/messages?limit=%d&offset=%d'
                                  % (conv_id, page, len(out)), timeout=30)
        assert st == 200, (st, data)
        batch = json.loads(data)['messages']
        out += batch
        if len(batch) < page:
            return out


class TutorSocket:
    """A seed 000 client (python3-websockets) on /ai-tutor/ws/{id}. Every
    frame it receives must be a text frame holding a message valid against
    schemas/tutor_server.json; each is kept in `log` as (text, parsed)."""

    def __init__(self, ws):
        self.ws = ws
        self.log = []

    @classmethod
    async def open(cls, server, conv_id, last_seq=None, **kw):
        import websockets
        path = '/ai-tutor/ws/%s' % conv_id
        if last_seq is not None:
            path += '?last_seq=%d' % last_seq
        kw.setdefault('close_timeout', 1)   # a failed case must not hang on its sockets
        return cls(await websockets.connect(server.url(path), **kw))

    async def recv(self, timeout=5.0):
        raw = await asyncio.wait_for(self.ws.recv(), timeout)
        assert isinstance(raw, str), 'binary frame from the server: %r' % raw[:80]
        msg = json.loads(raw)
        errs = schema_errors('tutor_server', msg)
        assert not errs, 'invalid server message %s: %s' % (raw[:300], errs)
        self.log.append((raw, msg))
        return msg

    async def expect(self, mt, timeout=5.0):
        """The next message, which must be of type mt."""
        msg = await self.recv(timeout)
        assert msg['mt'] == mt, 'expected %s, got %s' % (mt, json.dumps(msg)[:300])
        return msg

    async def recv_until(self, mt, timeout=10.0, count=1):
        """Messages up to and including the count-th of type mt."""
        out, seen, deadline = [], 0, time.monotonic() + timeout
        while seen < count:
            try:
                msg = await self.recv(max(deadline - time.monotonic(), 0.001))
            except asyncio.TimeoutError:
                raise AssertionError('%d of %d %s within %.1fs; got %s'
                                     % (seen, count, mt, timeout, [m['mt'] for m in out]))
            out.append(msg)
            if msg['mt'] == mt:
                seen += 1
        return out

    async def quiet(self, seconds):
        """Asserts nothing arrives for `seconds`."""
        try:
            raw = await asyncio.wait_for(self.ws.recv(), seconds)
        except asyncio.TimeoutError:
            return
        raise AssertionError('unexpected message: %s' % raw[:300])

    async def send(self, obj):
        await self.ws.send(obj if isinstance(obj, (str, bytes)) else json.dumps(obj))

    async def send_user(self, text, user_id='123', token=None, **extra):
        m = {'mt': 'user_message', 'message': text, 'userId': user_id}
        if token is not None:
            m['token'] = token
        m.update(extra)
        await self.send(m)

    async def close(self):
        await self.ws.close()


# ---------------------------------------------------------------------------
# Seed 002 (ImprovToday) client: a WebSocket on /api/ws/conversations/{id}

class ImprovSocket:
    """A seed 002 client (python3-websockets). Every frame it receives must
    be a text frame holding a message valid against schemas/improv_server.json;
    each is kept in `log` as (text, parsed)."""

    def __init__(self, ws):
        self.ws = ws
        self.log = []

    @classmethod
    async def open(cls, server, conv_id, last_seq=None, greet=True, **kw):
        """Connects; with greet, reads and checks connection_status (connected)
        and the state_update snapshot; returns the socket (its `hello` and
        `snapshot` attributes hold them)."""
        import websockets
        path = '/api/ws/conversations/%s' % conv_id
        if last_seq is not None:
            path += '?last_seq=%d' % last_seq
        kw.setdefault('close_timeout', 1)
        s = cls(await websockets.connect(server.url(path), **kw))
        if greet:
            s.hello = await s.expect('connection_status')
            assert s.hello['payload']['status'] == 'connected', s.hello
            if last_seq is None:
                s.snapshot = await s.expect('state_update')
                assert 'previous_state' not in s.snapshot['payload'] and 'seq' not in s.snapshot, s.snapshot
        return s

    async def recv(self, timeout=5.0):
        raw = await asyncio.wait_for(self.ws.recv(), timeout)
        assert isinstance(raw, str), 'binary frame from the server: %r' % raw[:80]
        msg = json.loads(raw)
        errs = schema_errors('improv_server', msg)
        assert not errs, 'invalid server message %s: %s' % (raw[:300], errs)
        self.log.append((raw, msg))
        return msg

    async def expect(self, mtype, timeout=5.0):
        """The next message, which must be of type mtype."""
        msg = await self.recv(timeout)
        assert msg['type'] == mtype, 'expected %s, got %s' % (mtype, json.dumps(msg)[:300])
        return msg

    async def recv_until(self, pred, timeout=10.0):
        """Messages up to and including the first for which pred(msg) holds
        (pred may be a message type)."""
        if isinstance(pred, str):
            t = pred
            pred = lambda m: m['type'] == t  # noqa: E731
        out, deadline = [], time.monotonic() + timeout
        while True:
            try:
                msg = await self.recv(max(deadline - time.monotonic(), 0.001))
            except asyncio.TimeoutError:
                raise AssertionError('condition not met within %.1fs; got %s'
                                     % (timeout, [improv_label(m) for m in out]))
            out.append(msg)
            if pred(msg):
                return out

    async def quiet(self, seconds):
        """Asserts nothing arrives for `seconds`."""
        try:
            raw = await asyncio.wait_for(self.ws.recv(), seconds)
        except asyncio.TimeoutError:
            return
        raise AssertionError('unexpected message: %s' % raw[:300])

    async def send(self, obj):
        await self.ws.send(obj if isinstance(obj, (str, bytes)) else json.dumps(obj))

    async def close(self):
        await self.ws.close()


def improv_label(m):
    """A short label of a seed 002 server message: its type, and the state
    for state_update ("state_update:listening")."""
    if m['type'] == 'state_update':
        return 'state_update:%s' % m['payload']['current_state']
    if m['type'] == 'speech_event':
        return 'speech_event:%s' % m['payload']['event_type']
    if m['type'] == 'error':
        return 'error:%s' % m['payload']['error']
    return m['type']


def improv_create(server, path='/api/v2/conversations', body=None, status=201):
    """Creates a seed 002 conversation (v2 or test endpoint); checks the reply
    against create_conversation_response; returns (id, reply)."""
    st, _, data = server.http('POST', path, body if body is not None else {'personality': 'friendly_neutral'})
    assert st == status, (st, data)
    reply = json.loads(data)
    errs = schema_errors('improv_rest', reply, 'create_conversation_response')
    assert not errs, (reply, errs)
    return reply['conversation']['conversation_id'], reply
