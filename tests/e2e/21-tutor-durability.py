"""Durability of acknowledged user messages across kill -9, through the seed
000 dialect: parleyd acknowledges a user message (user_message_received)
only once it is committed to the store, so whatever was acknowledged must
be there after the process is killed without warning and restarted on the
same data folder.

Each round: CLIENTS sockets, each on its own conversation, keep IN_FLIGHT
user messages outstanding (a new one for every acknowledgement), recording
every acknowledged token; at a random moment (0.2-1.5 s) the server gets
SIGKILL; it is restarted on the same data folder and every acknowledged
token is looked up through REST. Then the restarted server must still
serve those conversations (connect, send, get a complete answer). The
random seed is printed (set PARLEY_E2E_SEED to replay a run)."""

import asyncio
import json
import os
import random
import time

import websockets

from harness import Server, main, run_async, tutor_create, tutor_messages

ROUNDS = 10
CLIENTS = 8
IN_FLIGHT = 4
KILL_AFTER = (0.2, 1.5)


async def load(s, cid, rnd, k, sent, acked, stop, stats):
    """One client: keeps IN_FLIGHT messages outstanding until the server dies."""
    n = 0
    outstanding = set()

    async def send_one(ws):
        nonlocal n
        token = 'r%d-c%d-%d' % (rnd, k, n)
        text = 'durable message %d of client %d in round %d' % (n, k, rnd)
        n += 1
        sent[token] = text
        outstanding.add(token)
        await ws.send(json.dumps({'mt': 'user_message', 'message': text, 'userId': 'dur-%d' % k,
                                  'token': token}))
    try:
        async with websockets.connect(s.url('/ai-tutor/ws/%s' % cid), close_timeout=0.2) as ws:
            hello = json.loads(await ws.recv())
            assert hello['mt'] == 'connected', hello
            for _ in range(IN_FLIGHT):
                await send_one(ws)
            while not stop.is_set():
                m = json.loads(await ws.recv())
                if m['mt'] == 'user_message_received':
                    assert m['token'] in outstanding, m
                    assert m['message'] == sent[m['token']], m
                    outstanding.discard(m['token'])
                    acked.add(m['token'])
                    await send_one(ws)
                elif m['mt'] == 'error':
                    # Refused (e.g. busy): not acknowledged, so not owed; keep the pressure on.
                    assert m.get('code') in ('busy', 'rate_limited'), m
                    stats['refused'] += 1
                    await asyncio.sleep(0.01)
                    await send_one(ws)
    except (websockets.ConnectionClosed, ConnectionError, OSError, asyncio.IncompleteReadError):
        pass   # the kill


async def round_under_load(s, convs, rnd, kill_after, sent, acked, stats):
    stop = asyncio.Event()
    clients = [asyncio.create_task(load(s, cid, rnd, k, sent, acked[cid], stop, stats))
               for k, cid in enumerate(convs)]
    await asyncio.sleep(kill_after)
    s.kill()
    stop.set()
    done, pending = await asyncio.wait(clients, timeout=10)
    assert not pending, 'clients still running after the kill'
    for t in done:
        t.result()


async def served(s, cid, token):
    """Connect, send, get the whole answer."""
    async with websockets.connect(s.url('/ai-tutor/ws/%s' % cid)) as ws:
        assert json.loads(await ws.recv())['mt'] == 'connected'
        await ws.send(json.dumps({'mt': 'user_message', 'message': 'are you back? ' + token,
                                  'userId': 'check', 'token': token}))
        got, chunks = [], []
        while True:
            m = json.loads(await asyncio.wait_for(ws.recv(), 10))
            got.append(m['mt'])
            if m['mt'] == 'stream_chunk':
                chunks.append(m['chunk'])
            if m['mt'] == 'stream_end':
                assert 'stopped' not in m and m['fullText'] == ''.join(chunks) and chunks, m
                break
            assert m['mt'] != 'error', m
        assert got[0] == 'user_message_received', got


def kill9_under_load():
    seed = int(os.environ.get('PARLEY_E2E_SEED', str(int(time.time() * 1000) % 1000000)))
    rng = random.Random(seed)
    print('seed %d' % seed, flush=True)
    s = Server('parleyd', ['--brain', 'canned', '--messages-per-second', '0', '--max-queued', '64',
                           '--canned-chunks', '4', '--resume-window', '5'])
    try:
        convs = [tutor_create(s, user_id='dur-%d' % k) for k in range(CLIENTS)]
        sent = {}
        acked = {cid: set() for cid in convs}
        total_acked = total_found = total_lost = 0
        for rnd in range(ROUNDS):
            before = {cid: set(a) for cid, a in acked.items()}
            kill_after = rng.uniform(*KILL_AFTER)
            t0 = time.time()
            stats = {'refused': 0}
            run_async(round_under_load(s, convs, rnd, kill_after, sent, acked, stats))
            s.restart()
            restart = time.time() - t0 - kill_after
            r_acked = r_found = r_extra = 0
            lost = []
            for cid in convs:
                stored = {m['token']: m for m in tutor_messages(s, cid) if m['role'] == 'user'}
                new = acked[cid] - before[cid]
                r_acked += len(new)
                for tok in acked[cid]:
                    if tok not in stored:
                        lost.append(tok)
                    else:
                        assert stored[tok]['content'] == sent[tok], (tok, stored[tok])
                r_found += len([tok for tok in new if tok in stored])
                r_extra += len([tok for tok in stored if tok.startswith('r%d-' % rnd) and tok not in new])
            total_acked += r_acked
            total_found += r_found
            total_lost += len(lost)
            print('round %d: killed after %.2fs, back in %.2fs: acknowledged %d, found %d, lost %d '
                  '(stored but not acknowledged before the kill: %d; refused busy: %d)'
                  % (rnd, kill_after, restart, r_acked, r_found, len(lost), r_extra, stats['refused']),
                  flush=True)
            assert not lost, 'acknowledged but lost after kill -9: %s' % sorted(lost)[:20]
            run_async(served(s, convs[rnd % CLIENTS], 'check-%d' % rnd))
        print('total: acknowledged %d, found %d, lost %d' % (total_acked, total_found, total_lost))
        assert total_lost == 0
        assert total_acked >= ROUNDS * CLIENTS, 'too little load to mean anything: %d' % total_acked
        for k, cid in enumerate(convs):
            run_async(served(s, cid, 'final-%d' % k))
    except BaseException:
        print('--- server log (tail) ---\n%s' % s.output()[-4000:])
        raise
    finally:
        s.stop()


main([kill9_under_load])
