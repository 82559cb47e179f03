#!/usr/bin/python3
"""A fake LLM provider for the tests: the real wire formats, scripted answers.

  /usr/bin/python3 tests/support/fake_llm.py [--port N] [--api-key KEY]

Prints "PORT <n>" on stdout once it listens on 127.0.0.1 (port 0 picks a
free one), then serves until killed. Standard library only (asyncio
streams), HTTP/1.1 with keep-alive, chunked streaming responses.

Provider endpoints
  POST .../chat/completions                      OpenAI-compatible, `stream: true`
  POST .../models/{model}:streamGenerateContent?alt=sse    Gemini
  POST /search                                   Tavily's search API

With --api-key, OpenAI requests must carry "Authorization: Bearer KEY" and
Gemini requests "x-goog-api-key: KEY" (else 401 / 400 with the provider's
error JSON). With --search-key, /search requests must carry
"Authorization: Bearer KEY" or "api_key" in the body (else 401 with
Tavily's {"detail": {"error": ...}}).

Title requests (the system prompt starts "You write short, specific
titles") are answered at once with a title made from the question's first
words: '**Title:** "Notes On <First Three Words>."' (the client tidies it);
"fake:title-fail" anywhere in the request gives a 500, "fake:title-stall"
the response head, then silence until the client goes away. Their log
records have kind "title"; the client asks for a title while the answer
streams, so "fake:slow ..." (an answer of about 2 s) shows the title
arriving first and "fake:slow ... fake:title-stall" two open connections.

Tool calls (OpenAI): when the request offers tools and its last message is
the user's, these scenarios answer with streamed `delta.tool_calls`
fragments (id and name first, the arguments' JSON cut into pieces across
events, the events themselves written in awkward pieces), then
finish_reason "tool_calls":
  tool         "Let me look that up." then one web_search call whose query
               is the rest of the message
  tool2        two calls at once, fragments of index 0 and 1 interleaved
  tool-bad     one call whose arguments are not JSON
  tool-other   one call of a tool that was not offered ("calculator")
  tool-loop    a call every time tools are offered (tests the round bound)
A request whose last message is a `tool` result is answered with text
quoting the first result's title ("Based on the search: <title>. ...").

Search scenarios (/search), picked by a word of the query:
  search:500    500 with Tavily's error JSON
  search:stall  the response head, then silence until the client goes away
  search:empty  no results
  search:bad    a body that is not JSON
  (else)        two results whose extracts hold one sentence made of the
                query's words between unrelated filler sentences
Search log records have kind "search"; others "chat".

Scripting: the last user message picks the scenario when it starts with
"fake:<name>" (anything else: "normal"). Attempts are counted per exact
message text, so "429 then success" works across the client's retries.
  normal       a short answer in several deltas (ASCII, accents, an emoji)
  split        the same stream written in awkward pieces with a flush and a
               pause between them: inside "data:", between CR and LF, inside
               a multi-byte UTF-8 character, inside the JSON
  comments     ": ..." comment lines before and between events
  multiline    an event whose JSON is spread over several data: lines
  ratelimit    429 with Retry-After: 1 the first time, then normal
  ratelimit-long  429 with Retry-After: 3600 every time
  error500     500 the first time, then normal
  error500-always  500 every time
  error400     400 with an error JSON, every time
  drop         two deltas, then the connection is cut mid-stream
  drop-first   the head and one comment, then the connection is cut
  stall        one delta, then silence until the client goes away
  stall-first  the response head, then silence until the client goes away
  slow         the normal deltas, 0.25 s apart
  error-event  one delta, then an in-stream error event (OpenAI only)
  length       finish_reason "length" (Gemini: MAX_TOKENS)
  filtered     no text, finish_reason content_filter (Gemini: SAFETY block)
  nodone       deltas, then a clean end with no [DONE] and no finish reason
  long         120 deltas, 20 ms apart
  cite         an answer citing sources [1] and [2] (the "[2]" marker cut
               across two deltas) and a source [99] that was never given;
               also the answer to any request whose system prompt holds
               numbered sources (as a model given sources would cite them)

Control endpoints (for assertions)
  GET  /control/log    every request so far, as a JSON array of
                       {id, kind, provider, path, headers, body, scenario,
                        attempt, status, sent, done, client_closed, at,
                        done_at, closed_at}
                       where `sent` is the text of the deltas written,
                       `client_closed` true once the client hung up before
                       the response was complete, and `at`, `done_at`,
                       `closed_at` the times (time.time()) the request came,
                       its response was complete, the client hung up
  POST /control/reset  forgets the log and the attempt counters
"""

import argparse
import asyncio
import json
import sys
import time

LOG = []
ATTEMPTS = {}
API_KEY = None
SEARCH_KEY = None
TITLE_MARK = 'You write short, specific titles'

ANSWER = ['Hello', ' there', '! You said: ', None, '. Ol\u00e1, \u00e7a va? ',
          'Energy \u2192 ', 'sugar \U0001F331', ' \u2014 done.']


CITE = ['Xylophagous beetles eat wood [1]', '. Fungi in their tunnels help', ' them [',
        '2]. ', 'Nothing else is known [99].']


def deltas_for(user_text, n=None):
    if user_text.startswith('fake:cite'):
        return list(CITE)
    parts = [p if p is not None else user_text[:60] for p in ANSWER]
    if n is not None:
        parts = ['w%d ' % i for i in range(n)]
    return parts


def last_user(provider, body):
    try:
        if provider == 'openai':
            users = [m for m in body.get('messages', []) if m.get('role') == 'user']
            content = users[-1]['content'] if users else ''
            return content if isinstance(content, str) else json.dumps(content)
        users = [c for c in body.get('contents', []) if c.get('role', 'user') == 'user']
        if not users:
            return ''
        return ''.join(p.get('text', '') for p in users[-1].get('parts', []))
    except Exception:
        return ''


def scenario_of(text):
    if text.startswith('fake:'):
        return text[5:].split()[0] if len(text) > 5 else 'normal'
    return 'normal'


class Conn:
    def __init__(self, reader, writer):
        self.r = reader
        self.w = writer
        self.closed = False

    async def write(self, data, flush=True):
        self.w.write(data)
        if flush:
            await self.w.drain()

    async def chunk(self, data, pause=0.0):
        """One HTTP chunk, flushed; optionally a pause after it."""
        if self.closed:
            raise ConnectionResetError('the client hung up')
        if isinstance(data, str):
            data = data.encode()
        if not data:
            return
        await self.write(b'%x\r\n' % len(data) + data + b'\r\n')
        if pause:
            await asyncio.sleep(pause)

    async def end_chunks(self):
        await self.write(b'0\r\n\r\n')

    async def head(self, status, headers, length=None):
        reason = {200: 'OK', 400: 'Bad Request', 401: 'Unauthorized', 404: 'Not Found',
                  429: 'Too Many Requests', 500: 'Internal Server Error'}.get(status, 'Status')
        lines = ['HTTP/1.1 %d %s' % (status, reason)]
        lines += ['%s: %s' % kv for kv in headers]
        if length is None:
            lines.append('Transfer-Encoding: chunked')
        else:
            lines.append('Content-Length: %d' % length)
        await self.write(('\r\n'.join(lines) + '\r\n\r\n').encode())

    async def simple(self, status, obj, extra=()):
        data = json.dumps(obj).encode()
        await self.head(status, [('Content-Type', 'application/json')] + list(extra), len(data))
        await self.write(data)

    async def wait_client_gone(self, rec):
        """Silence until the client closes (it must: a timeout or a cancel);
        watch_close() notices it."""
        while not rec['client_closed']:
            await asyncio.sleep(0.01)


def openai_event(obj):
    return 'data: %s\n\n' % json.dumps(obj, ensure_ascii=False)


def openai_chunk(model, delta, finish=None):
    return {'id': 'chatcmpl-fake', 'object': 'chat.completion.chunk', 'created': int(time.time()),
            'model': model, 'choices': [{'index': 0, 'delta': delta, 'finish_reason': finish}]}


def gemini_event(obj):
    return 'data: %s\r\n\r\n' % json.dumps(obj, ensure_ascii=False)


def gemini_chunk(texts, finish=None):
    cand = {'content': {'parts': [{'text': t} for t in texts], 'role': 'model'}, 'index': 0}
    if finish:
        cand['finishReason'] = finish
    return {'candidates': [cand], 'usageMetadata': {'promptTokenCount': 5},
            'modelVersion': 'gemini-fake'}


def awkward_pieces(data):
    """Cuts a byte stream inside 'data:', between CR and LF, inside UTF-8
    characters and inside the JSON."""
    cuts = set()
    i = data.find(b'data:')
    while i >= 0:
        cuts.add(i + 2)
        i = data.find(b'data:', i + 1)
    i = data.find(b'\r\n')
    while i >= 0:
        cuts.add(i + 1)
        i = data.find(b'\r\n', i + 1)
    for j, b in enumerate(data):
        if b >= 0xC0:  # a UTF-8 lead byte: cut right after it
            cuts.add(j + 1)
    i = data.find(b'"content"')
    if i >= 0:
        cuts.add(i + 4)
    out, prev = [], 0
    for c in sorted(cuts):
        if prev < c < len(data):
            out.append(data[prev:c])
            prev = c
    out.append(data[prev:])
    return out


def title_for(text):
    """The fake title of a title request: its question's first three words."""
    q = text.split('\n', 1)[0]
    if q.startswith('Student: '):
        q = q[len('Student: '):]
    words = [w for w in q.replace('?', ' ').split() if not w.startswith('fake:')][:3]
    return 'Notes On ' + ' '.join(w[:1].upper() + w[1:] for w in words)


def system_of(body):
    msgs = body.get('messages') or []
    if msgs and msgs[0].get('role') == 'system':
        return msgs[0].get('content') or ''
    si = body.get('systemInstruction') or {}
    return ''.join(p.get('text', '') for p in si.get('parts', []))


async def serve_title(conn, rec, body, provider):
    text = last_user(provider, body)
    rec['kind'] = 'title'
    if 'fake:title-fail' in text:
        rec['status'] = 500
        await conn.simple(500, {'error': {'message': 'title failure', 'type': 'server_error'}})
        return True
    rec['status'] = 200
    head = [('Content-Type', 'text/event-stream')]
    await conn.head(200, head)
    if 'fake:title-stall' in text:
        await conn.wait_client_gone(rec)
        return False
    title = '**Title:** "%s."' % title_for(text)
    pieces = [title[:9], title[9:20], title[20:]]
    for p in pieces:
        if provider == 'openai':
            await conn.chunk(openai_event(openai_chunk(body.get('model', 'fake'), {'content': p})))
        else:
            await conn.chunk(gemini_event(gemini_chunk([p])))
    if provider == 'openai':
        await conn.chunk(openai_event(openai_chunk(body.get('model', 'fake'), {}, 'stop')) +
                         'data: [DONE]\n\n')
    else:
        await conn.chunk(gemini_event(gemini_chunk([' '], 'STOP')))
    rec['sent'] = title
    await conn.end_chunks()
    rec['done'] = True
    rec['done_at'] = time.time()
    return True


def tool_query(user):
    words = user.split()
    return ' '.join(w for w in words if not w.startswith('fake:'))


def tool_call_events(model, sc, user):
    """The events of a streamed tool call: id and name first, then the
    arguments' JSON text in pieces (index 0 and 1 interleaved for tool2)."""
    q = tool_query(user)
    calls = [('call_fake_0', 'web_search', json.dumps({'query': q}))]
    if sc == 'tool2':
        calls.append(('call_fake_1', 'web_search', json.dumps({'query': q + ' history'})))
    elif sc == 'tool-bad':
        calls = [('call_fake_0', 'web_search', '{"query": "unterminated')]
    elif sc == 'tool-other':
        calls = [('call_fake_0', 'calculator', json.dumps({'expression': '6*7'}))]
    events = [openai_event(openai_chunk(model, {'role': 'assistant', 'content': None}))]
    if sc == 'tool':
        events.append(openai_event(openai_chunk(model, {'content': 'Let me look that up.'})))
    for i, (cid, name, _) in enumerate(calls):
        events.append(openai_event(openai_chunk(model, {'tool_calls': [
            {'index': i, 'id': cid, 'type': 'function',
             'function': {'name': name, 'arguments': ''}}]})))
    pieces = []
    for i, (_, _, args) in enumerate(calls):
        cut = [0, 3, len(args) // 2, len(args) - 2, len(args)]
        pieces.append([(i, args[a:b]) for a, b in zip(cut, cut[1:]) if b > a])
    # interleave the calls' pieces
    while any(pieces):
        for lst in pieces:
            if lst:
                i, frag = lst.pop(0)
                events.append(openai_event(openai_chunk(model, {'tool_calls': [
                    {'index': i, 'function': {'arguments': frag}}]})))
    events.append(openai_event(openai_chunk(model, {}, 'tool_calls')))
    events.append('data: [DONE]\n\n')
    return events, calls


async def serve_openai(conn, rec, body):
    model = body.get('model', 'fake')
    user = last_user('openai', body)
    sc = rec['scenario']
    attempt = rec['attempt']
    sse_head = [('Content-Type', 'text/event-stream'), ('Cache-Control', 'no-cache')]
    msgs = body.get('messages') or []
    last_role = msgs[-1].get('role') if msgs else None
    offered = [t.get('function', {}).get('name') for t in body.get('tools') or []]
    rec['tools'] = offered
    if last_role == 'tool':
        # the second completion: answer from the tool results
        results = [m.get('content') or '' for m in msgs if m.get('role') == 'tool']
        rec['tool_results'] = results
        rec['tool_call_ids'] = [m.get('tool_call_id') for m in msgs if m.get('role') == 'tool']
        if sc == 'tool-loop' and offered:
            pass  # ask again, below
        else:
            first = ''
            for line in results[0].split('\n'):
                if line.startswith('[1] '):
                    first = line[4:]
                    break
            parts = ['Based on the search: ', first or 'nothing found', '. ', 'Done.']
            rec['status'] = 200
            await conn.head(200, sse_head)
            for p in parts:
                await conn.chunk(openai_event(openai_chunk(model, {'content': p})), 0.005)
            await conn.chunk(openai_event(openai_chunk(model, {}, 'stop')) + 'data: [DONE]\n\n')
            rec['sent'] = ''.join(parts)
            await conn.end_chunks()
            rec['done'] = True
            return True
    if sc in ('tool', 'tool2', 'tool-bad', 'tool-other', 'tool-loop') and offered:
        rec['status'] = 200
        await conn.head(200, sse_head)
        events, calls = tool_call_events(model, 'tool' if sc == 'tool-loop' else sc, user)
        rec['calls'] = [{'id': c[0], 'name': c[1], 'arguments': c[2]} for c in calls]
        data = ''.join(events).encode()
        for piece in awkward_pieces(data):
            await conn.chunk(piece, 0.003)
        rec['sent'] = 'Let me look that up.' if sc in ('tool', 'tool-loop') else ''
        await conn.end_chunks()
        rec['done'] = True
        return True
    if sc == 'ratelimit' and attempt == 1 or sc == 'ratelimit-long':
        rec['status'] = 429
        retry = '1' if sc == 'ratelimit' else '3600'
        await conn.simple(429, {'error': {'message': 'Rate limit reached for requests',
                                          'type': 'requests', 'code': 'rate_limit_exceeded'}},
                          [('Retry-After', retry)])
        return True
    if sc == 'error500' and attempt == 1 or sc == 'error500-always':
        rec['status'] = 500
        await conn.simple(500, {'error': {'message': 'The server had an error while processing '
                                          'your request. Sorry about that!', 'type': 'server_error'}})
        return True
    if sc == 'error400':
        rec['status'] = 400
        await conn.simple(400, {'error': {'message': "Invalid value for 'model': unknown model.",
                                          'type': 'invalid_request_error', 'code': None}})
        return True
    rec['status'] = 200
    await conn.head(200, sse_head)
    parts = deltas_for(user, 120 if sc == 'long' else None)
    if 'Numbered sources (' in system_of(body):
        parts = list(CITE)
    events = [openai_event(openai_chunk(model, {'role': 'assistant', 'content': ''}))]
    for p in parts:
        events.append(openai_event(openai_chunk(model, {'content': p})))
    finish = {'length': 'length', 'filtered': 'content_filter'}.get(sc, 'stop')
    if sc == 'filtered':
        events = events[:1]
        parts = []
    events.append(openai_event(openai_chunk(model, {}, finish)))
    events.append('data: [DONE]\n\n')

    if sc == 'split':
        data = ''.join(e.replace('\n', '\r\n') for e in events).encode()
        for piece in awkward_pieces(data):
            await conn.chunk(piece, 0.02)
        rec['sent'] = ''.join(parts)
    elif sc == 'comments':
        await conn.chunk(': OPENROUTER PROCESSING\n\n', 0.01)
        for e in events:
            await conn.chunk(': keep-alive\n' + e + ':\n\n', 0.005)
        rec['sent'] = ''.join(parts)
    elif sc == 'multiline':
        for p in parts:
            obj = json.dumps(openai_chunk(model, {'content': p}), ensure_ascii=False)
            mid = obj.index('"choices"')
            await conn.chunk('data: %s\ndata: %s\n\n' % (obj[:mid], obj[mid:]), 0.005)
        await conn.chunk(events[-2] + events[-1])
        rec['sent'] = ''.join(parts)
    elif sc in ('drop', 'error-event', 'stall', 'drop-first', 'stall-first'):
        keep = {'drop': 3, 'error-event': 2, 'stall': 2, 'drop-first': 0, 'stall-first': 0}[sc]
        if sc == 'drop-first':
            await conn.chunk(': hello\n\n')
        for e in events[:keep]:
            await conn.chunk(e, 0.01)
        rec['sent'] = ''.join(parts[:max(keep - 1, 0)])
        if sc == 'error-event':
            await conn.chunk(openai_event({'error': {'message': 'The model is overloaded',
                                                     'type': 'server_error'}}))
            await conn.end_chunks()
            rec['done'] = True
            return True
        if sc.startswith('drop'):
            await asyncio.sleep(0.05)
            conn.w.transport.abort()
            rec['dropped'] = True
            return False
        await conn.wait_client_gone(rec)
        return False
    elif sc == 'nodone':
        for e in events[:-2]:
            await conn.chunk(e, 0.005)
        rec['sent'] = ''.join(parts)
    else:
        pause = 0.25 if sc == 'slow' else (0.02 if sc == 'long' else 0.005)
        sent = []
        for i, e in enumerate(events):
            await conn.chunk(e)
            if 0 < i <= len(parts):
                sent.append(parts[i - 1])
                rec['sent'] = ''.join(sent)
                await asyncio.sleep(pause)
        rec['sent'] = ''.join(parts)
    await conn.end_chunks()
    rec['done'] = True
    return True


async def serve_gemini(conn, rec, body):
    user = last_user('gemini', body)
    sc = rec['scenario']
    attempt = rec['attempt']
    if sc == 'ratelimit' and attempt == 1 or sc == 'ratelimit-long':
        rec['status'] = 429
        retry = '1' if sc == 'ratelimit' else '3600'
        await conn.simple(429, {'error': {'code': 429, 'message': 'Resource has been exhausted '
                                          '(e.g. check quota).', 'status': 'RESOURCE_EXHAUSTED'}},
                          [('Retry-After', retry)])
        return True
    if sc == 'error500' and attempt == 1 or sc == 'error500-always':
        rec['status'] = 500
        await conn.simple(500, {'error': {'code': 500, 'message': 'An internal error has occurred.',
                                          'status': 'INTERNAL'}})
        return True
    if sc == 'error400':
        rec['status'] = 400
        await conn.simple(400, [{'error': {'code': 400, 'message': 'Invalid JSON payload received.',
                                           'status': 'INVALID_ARGUMENT'}}])
        return True
    rec['status'] = 200
    await conn.head(200, [('Content-Type', 'text/event-stream')])
    parts = deltas_for(user, 120 if sc == 'long' else None)
    if 'Numbered sources (' in system_of(body):
        parts = list(CITE)
    finish = {'length': 'MAX_TOKENS'}.get(sc, 'STOP')
    # Two parts in one chunk now and then, as Gemini does.
    events = [gemini_event(gemini_chunk([parts[0], parts[1]]))]
    for p in parts[2:-1]:
        events.append(gemini_event(gemini_chunk([p])))
    events.append(gemini_event(gemini_chunk([parts[-1]], finish)))
    if sc == 'filtered':
        events = [gemini_event({'promptFeedback': {'blockReason': 'SAFETY'},
                                'usageMetadata': {'promptTokenCount': 5}})]
        parts = []
    if sc == 'split':
        data = ''.join(events).encode()
        for piece in awkward_pieces(data):
            await conn.chunk(piece, 0.02)
        rec['sent'] = ''.join(parts)
    elif sc in ('drop', 'stall'):
        await conn.chunk(events[0], 0.01)
        await conn.chunk(events[1], 0.01)
        rec['sent'] = ''.join(parts[:3])
        if sc == 'drop':
            await asyncio.sleep(0.05)
            conn.w.transport.abort()
            rec['dropped'] = True
            return False
        await conn.wait_client_gone(rec)
        return False
    elif sc == 'nodone':
        for e in events[:-1]:
            await conn.chunk(e, 0.005)
        rec['sent'] = ''.join(parts[:-1])
    else:
        pause = 0.25 if sc == 'slow' else 0.005
        for e in events:
            await conn.chunk(e, pause)
        rec['sent'] = ''.join(parts)
    await conn.end_chunks()
    rec['done'] = True
    return True


FILLER = ['Weather today is mild and dry across the whole region.',
          'Cookies taste best when they are still warm from the oven.']


async def serve_search(conn, rec, body, headers):
    rec['kind'] = 'search'
    q = body.get('query') if isinstance(body, dict) else None
    rec['query'] = q
    if SEARCH_KEY is not None:
        auth = headers.get('authorization', '')
        if auth != 'Bearer ' + SEARCH_KEY and body.get('api_key') != SEARCH_KEY:
            rec['status'] = 401
            await conn.simple(401, {'detail': {'error': 'Unauthorized: missing or invalid API key.'}})
            return True
    if not isinstance(q, str) or not q.strip():
        rec['status'] = 400
        await conn.simple(400, {'detail': {'error': 'Query is missing.'}})
        return True
    if 'search:500' in q:
        rec['status'] = 500
        await conn.simple(500, {'detail': {'error': 'Internal Server Error'}})
        return True
    if 'search:bad' in q:
        rec['status'] = 200
        data = b'{"results": [ this is not json'
        await conn.head(200, [('Content-Type', 'application/json')], len(data))
        await conn.write(data)
        return True
    if 'search:stall' in q:
        rec['status'] = 200
        await conn.head(200, [('Content-Type', 'application/json')])
        await conn.wait_client_gone(rec)
        return False
    core = ' '.join(w for w in q.replace('?', ' ').split()
                    if not w.startswith('fake:') and not w.startswith('search:'))
    slug = '-'.join(core.lower().split())[:60] or 'page'
    results = [] if 'search:empty' in q else [
        {'title': 'Example Encyclopedia: ' + core[:40], 'url': 'https://example.org/wiki/' + slug,
         'content': '%s The facts about %s are set out in full by the Example Encyclopedia. %s'
                    % (FILLER[0], core, FILLER[1]),
         'score': 0.91, 'raw_content': None},
        {'title': 'News Site \u2014 Explainer', 'url': 'https://news.example.com/explainer/' + slug,
         'content': 'Reporters covered %s at length in a long article. %s' % (core, FILLER[0]),
         'score': 0.72, 'raw_content': None},
    ]
    n = body.get('max_results', 5)
    if isinstance(n, int):
        results = results[:max(n, 0)]
    out = {'query': q, 'follow_up_questions': None, 'images': [], 'results': results,
           'response_time': '0.42',
           'answer': ('A short answer about %s.' % core) if body.get('include_answer') else None}
    rec['status'] = 200
    rec['results'] = len(results)
    await conn.simple(200, out)
    rec['done'] = True
    return True


async def watch_close(conn, rec):
    try:
        data = await conn.r.read(1)
    except (ConnectionError, OSError):
        data = b''
    if not data:
        conn.closed = True
        rec['client_closed'] = True
        rec.setdefault('closed_at', time.time())
    else:
        print('fake_llm: unexpected bytes while answering', file=sys.stderr, flush=True)


async def read_request(reader):
    head = await reader.readuntil(b'\r\n\r\n')
    lines = head.decode('latin-1').split('\r\n')
    method, target, _ = lines[0].split(' ', 2)
    headers = {}
    for line in lines[1:]:
        if ':' in line:
            k, v = line.split(':', 1)
            headers[k.strip().lower()] = v.strip()
    body = b''
    n = int(headers.get('content-length', '0') or 0)
    if n:
        body = await reader.readexactly(n)
    return method, target, headers, body


async def handle(reader, writer):
    conn = Conn(reader, writer)
    try:
        while True:
            try:
                method, target, headers, raw = await read_request(reader)
            except (asyncio.IncompleteReadError, ConnectionError, ValueError):
                break
            path, _, query = target.partition('?')
            if path == '/control/log':
                await conn.simple(200, LOG)
                continue
            if path == '/control/reset':
                LOG.clear()
                ATTEMPTS.clear()
                await conn.simple(200, {'ok': True})
                continue
            if method != 'POST':
                await conn.simple(404, {'error': {'message': 'not found'}})
                continue
            if path.rstrip('/').endswith('/search') and '/chat/' not in path:
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                rec = {'id': len(LOG), 'kind': 'search', 'provider': 'tavily', 'path': path,
                       'query': None, 'headers': headers, 'body': body, 'status': 0,
                       'done': False, 'client_closed': False, 'at': time.time()}
                LOG.append(rec)
                if not isinstance(body, dict):
                    rec['status'] = 400
                    await conn.simple(400, {'detail': {'error': 'Invalid JSON body.'}})
                    continue
                watch = asyncio.ensure_future(watch_close(conn, rec))
                try:
                    keep = await serve_search(conn, rec, body, headers)
                except (ConnectionError, OSError):
                    rec['client_closed'] = True
                    keep = False
                if not watch.done():
                    watch.cancel()
                    try:
                        await watch
                    except asyncio.CancelledError:
                        pass
                if not keep or rec['client_closed']:
                    break
                continue
            if path.endswith('/chat/completions'):
                provider = 'openai'
            elif ':streamGenerateContent' in path:
                provider = 'gemini'
            else:
                await conn.simple(404, {'error': {'message': 'no such endpoint: ' + path}})
                continue
            try:
                body = json.loads(raw)
            except ValueError:
                await conn.simple(400, {'error': {'message': 'body is not JSON'}})
                continue
            user = last_user(provider, body)
            ATTEMPTS[user] = ATTEMPTS.get(user, 0) + 1
            rec = {'id': len(LOG), 'kind': 'chat', 'provider': provider, 'path': path, 'query': query,
                   'headers': headers, 'body': body, 'scenario': scenario_of(user),
                   'attempt': ATTEMPTS[user], 'status': 0, 'sent': '', 'done': False,
                   'client_closed': False, 'at': time.time()}
            LOG.append(rec)
            if API_KEY is not None:
                if provider == 'openai' and headers.get('authorization') != 'Bearer ' + API_KEY:
                    rec['status'] = 401
                    await conn.simple(401, {'error': {'message': 'Incorrect API key provided.',
                                                      'type': 'invalid_request_error',
                                                      'code': 'invalid_api_key'}})
                    continue
                if provider == 'gemini' and headers.get('x-goog-api-key') != API_KEY:
                    rec['status'] = 400
                    await conn.simple(400, {'error': {'code': 400, 'message': 'API key not valid. '
                                                      'Please pass a valid API key.',
                                                      'status': 'INVALID_ARGUMENT'}})
                    continue
            if provider == 'gemini' and query != 'alt=sse':
                await conn.simple(400, {'error': {'message': 'expected ?alt=sse'}})
                continue
            serve = serve_openai if provider == 'openai' else serve_gemini
            # The client sends nothing while a response streams: a read that
            # ends means it hung up, which the log must show at once.
            watch = asyncio.ensure_future(watch_close(conn, rec))
            try:
                if system_of(body).startswith(TITLE_MARK):
                    keep = await serve_title(conn, rec, body, provider)
                else:
                    keep = await serve(conn, rec, body)
            except (ConnectionError, OSError):
                rec['client_closed'] = True
                rec.setdefault('closed_at', time.time())
                keep = False
            if rec['done']:
                rec.setdefault('done_at', time.time())
            if not watch.done():
                watch.cancel()
                try:
                    await watch
                except asyncio.CancelledError:
                    pass
            if not keep or rec['client_closed']:
                break
    except Exception as e:  # keep serving other connections
        print('fake_llm: %r' % e, file=sys.stderr, flush=True)
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def main():
    global API_KEY, SEARCH_KEY
    ap = argparse.ArgumentParser()
    ap.add_argument('--port', type=int, default=0)
    ap.add_argument('--api-key', default=None)
    ap.add_argument('--search-key', default=None)
    a = ap.parse_args()
    API_KEY = a.api_key
    SEARCH_KEY = a.search_key
    server = await asyncio.start_server(handle, '127.0.0.1', a.port)
    print('PORT %d' % server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


if __name__ == '__main__':
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
