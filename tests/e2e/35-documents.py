"""The documents REST API end to end: parleyd on 127.0.0.1 with its
knowledge base. Uploads a three-page PDF the test writes itself (raw body
and multipart/form-data as browsers send it), text and Markdown; lists and
deletes; checks that one user never sees nor deletes another's documents;
and every refusal: 400 (no owner, no name, empty, bad multipart), 413 (over
--max-document-bytes, and over the transport's --max-body-bytes), 415
(image, declared type that lies), 422 (truncated, encrypted, textless PDF,
invalid UTF-8) — each leaving nothing stored. The refusals and imports are
also checked in /metrics."""

import asyncio
import json
import urllib.parse
import uuid

import websockets

from harness import Server, main, run_async, schema_errors

HEX32 = set('0123456789abcdef')


# ---------------------------------------------------------------- PDF writer

def pdf_literal(s):
    return '(' + s.replace('\\', '\\\\').replace('(', '\\(').replace(')', '\\)') + ')'


def make_pdf(pages, encrypted=False, font_size=12):
    """A minimal valid PDF: catalog, page tree, Helvetica, one content stream
    per page drawing each line of its text, xref table, trailer. pages: the
    text of each page ('' for a page without text). encrypted: an /Encrypt
    dictionary no empty password opens."""
    out = bytearray(b'%PDF-1.4\n%\xe2\xe3\xcf\xd3\n')
    offsets = {}

    def obj(num, body):
        offsets[num] = len(out)
        out.extend(b'%d 0 obj\n' % num)
        out.extend(body)
        out.extend(b'\nendobj\n')

    n = len(pages)
    obj(1, b'<< /Type /Catalog /Pages 2 0 R >>')
    kids = ' '.join('%d 0 R' % (4 + 2 * k) for k in range(n))
    obj(2, ('<< /Type /Pages /Kids [%s] /Count %d >>' % (kids, n)).encode())
    obj(3, b'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>')
    for k, text in enumerate(pages):
        obj(4 + 2 * k, ('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources '
                        '<< /Font << /F1 3 0 R >> >> /Contents %d 0 R >>' % (5 + 2 * k)).encode())
        cs = ''
        if text:
            cs = 'BT\n/F1 %d Tf\n%d TL\n50 740 Td\n' % (font_size, font_size + 2)
            for line in text.split('\n'):
                cs += pdf_literal(line) + ' Tj T*\n'
            cs += 'ET\n'
        data = cs.encode('latin-1')
        obj(5 + 2 * k, b'<< /Length %d >>\nstream\n' % len(data) + data + b'\nendstream')
    last = 3 + 2 * n
    enc = None
    if encrypted:
        enc = last + 1
        last = enc
        obj(enc, ('<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <%s> /U <%s> >>'
                  % ('5a' * 32, '13' * 32)).encode())
    xref = len(out)
    out.extend(b'xref\n0 %d\n0000000000 65535 f \n' % (last + 1))
    for i in range(1, last + 1):
        out.extend(b'%010d 00000 n \n' % offsets[i])
    trailer = '<< /Size %d /Root 1 0 R' % (last + 1)
    if enc:
        trailer += ' /Encrypt %d 0 R /ID [<%s> <%s>]' % (enc, '01' * 16, '01' * 16)
    out.extend(('trailer\n%s >>\nstartxref\n%d\n%%%%EOF\n' % (trailer, xref)).encode())
    return bytes(out)


BIOLOGY = [
    'Photosynthesis takes place in the chloroplasts of plant cells.\n'
    'Chlorophyll absorbs light energy from the sun.',
    'The Calvin cycle fixes carbon dioxide into sugars.\n'
    'It runs in the stroma and uses ATP and NADPH.',
    'Cellular respiration in the mitochondria releases energy from glucose.\n'
    'Its products are carbon dioxide, water and ATP.',
]


# ------------------------------------------------------------------ helpers

def upload(s, body, user='alice', filename='biology.pdf', ctype='application/pdf', headers=None,
           query=None):
    q = dict(query if query is not None else {})
    if user is not None and query is None:
        q['user_id'] = user
    if filename is not None and query is None:
        q['filename'] = filename
    h = dict(headers or {})
    if ctype is not None:
        h['Content-Type'] = ctype
    path = '/api/documents' + ('?' + urllib.parse.urlencode(q) if q else '')
    st, hd, data = s.http('POST', path, body=body, headers=h, timeout=30)
    return st, (json.loads(data) if data else None)


def listing(s, user):
    st, _, data = s.http('GET', '/api/documents?user_id=' + urllib.parse.quote(user))
    assert st == 200, (st, data)
    j = json.loads(data)
    assert list(j) == ['documents'], j
    return j['documents']


def multipart(fields, boundary=None):
    """fields: (name, filename or None, content type or None, bytes)."""
    b = boundary or '----WebKitFormBoundary' + uuid.uuid4().hex[:16]
    out = bytearray()
    for name, filename, ctype, data in fields:
        out.extend(b'--' + b.encode() + b'\r\n')
        disp = 'form-data; name="%s"' % name
        if filename is not None:
            disp += '; filename="%s"' % filename
        out.extend(('Content-Disposition: %s\r\n' % disp).encode())
        if ctype:
            out.extend(('Content-Type: %s\r\n' % ctype).encode())
        out.extend(b'\r\n' + data + b'\r\n')
    out.extend(b'--' + b.encode() + b'--\r\n')
    return bytes(out), 'multipart/form-data; boundary=' + b


def with_server(*args):
    def wrap(fn):
        def run():
            s = Server('parleyd', ['--shutdown-timeout', '1'] + list(args))
            try:
                fn(s)
            except BaseException:
                print('--- server log (tail) ---\n%s' % s.output()[-4000:])
                raise
            finally:
                s.stop()
        run.__name__ = fn.__name__
        return run
    return wrap


def check_doc(d):
    assert set(d) == {'id', 'filename', 'mime', 'pages', 'chunks', 'bytes', 'created_at'}, d
    assert len(d['id']) == 32 and set(d['id']) <= HEX32, d
    assert d['created_at'].endswith('Z') and 'T' in d['created_at'], d
    assert d['chunks'] >= 1, d


# -------------------------------------------------------------------- cases

@with_server()
def upload_list_delete_pdf(s):
    pdf = make_pdf(BIOLOGY)
    st, d = upload(s, pdf)
    assert st == 201, (st, d)
    check_doc(d)
    assert d['filename'] == 'biology.pdf' and d['mime'] == 'application/pdf', d
    assert d['pages'] == 3 and d['bytes'] == len(pdf), d
    docs = listing(s, 'alice')
    assert docs == [d], docs
    st, _, body = s.http('DELETE', '/api/documents/%s?user_id=alice' % d['id'])
    assert st == 204 and body == b'', (st, body)
    assert listing(s, 'alice') == []
    st, _, body = s.http('DELETE', '/api/documents/%s?user_id=alice' % d['id'])
    assert st == 404 and json.loads(body)['status'] == 404, (st, body)


@with_server()
def newest_first_and_headers(s):
    st, a = upload(s, b'# Notes\n\nMitosis has four phases.\n', filename='notes.md', ctype='text/markdown')
    assert st == 201 and a['mime'] == 'text/markdown' and a['pages'] in (0, 1), (st, a)
    # owner and name from headers (the name percent-encoded), type charset accepted
    st, b = upload(s, 'Le caf\u00e9 est chaud.\n'.encode(), user=None, filename=None,
                   ctype='text/plain; charset=utf-8', query={},
                   headers={'X-User-Id': 'alice', 'X-Filename': 'caf%C3%A9%20notes.txt'})
    assert st == 201, (st, b)
    assert b['filename'] == 'caf\u00e9 notes.txt' and b['mime'] == 'text/plain', b
    docs = listing(s, 'alice')
    assert [x['id'] for x in docs] == [b['id'], a['id']], docs
    st, _, data = s.http('GET', '/api/documents', headers={'X-User-Id': 'alice'})
    assert st == 200 and len(json.loads(data)['documents']) == 2


@with_server()
def ownership(s):
    st, d = upload(s, make_pdf(BIOLOGY), user='alice')
    assert st == 201, d
    st, e = upload(s, b'Bob keeps his own notes.\n', user='bob', filename='bob.txt', ctype='text/plain')
    assert st == 201, e
    assert [x['id'] for x in listing(s, 'bob')] == [e['id']]
    assert [x['id'] for x in listing(s, 'alice')] == [d['id']]
    assert listing(s, 'mallory') == []
    # another user cannot delete it, and learns nothing from trying
    st, _, body = s.http('DELETE', '/api/documents/%s?user_id=bob' % d['id'])
    assert st == 404, (st, body)
    st2, _, body2 = s.http('DELETE', '/api/documents/%s?user_id=bob' % ('0' * 32))
    assert st2 == 404 and json.loads(body) == json.loads(body2), (body, body2)
    assert [x['id'] for x in listing(s, 'alice')] == [d['id']]
    # the owner is required everywhere
    st, _, _ = s.http('GET', '/api/documents')
    assert st == 400
    st, _, _ = s.http('DELETE', '/api/documents/%s' % d['id'])
    assert st == 400
    assert [x['id'] for x in listing(s, 'alice')] == [d['id']]


@with_server()
def multipart_upload(s):
    pdf = make_pdf(BIOLOGY)
    body, ctype = multipart([('user_id', None, None, b'carol'),
                             ('file', 'C:\\fakepath\\chapter 3.pdf', 'application/pdf', pdf)])
    st, _, data = s.http('POST', '/api/documents', body=body, headers={'Content-Type': ctype}, timeout=30)
    assert st == 201, (st, data)
    d = json.loads(data)
    check_doc(d)
    assert d['filename'] == 'chapter 3.pdf' and d['pages'] == 3 and d['bytes'] == len(pdf), d
    assert [x['id'] for x in listing(s, 'carol')] == [d['id']]
    # a browser's generic type for a .md file: decided from content and name
    body, ctype = multipart([('file', 'todo.md', 'application/octet-stream', b'- [ ] revise osmosis\n')])
    st, _, data = s.http('POST', '/api/documents?user_id=carol', body=body, headers={'Content-Type': ctype})
    assert st == 201 and json.loads(data)['mime'] == 'text/markdown', (st, data)
    # malformed multipart bodies are 400 and store nothing
    bad = [
        (body[:len(body) // 2], ctype),                              # truncated
        (body, 'multipart/form-data'),                               # no boundary
        (multipart([('other', 'x.txt', 'text/plain', b'x')])[0], None),  # no file part
        (multipart([('file', 'a.txt', 'text/plain', b'a'), ('file', 'b.txt', 'text/plain', b'b')])[0], None),
        (body.replace(b'\r\n', b'\n'), ctype),                       # bare LF
    ]
    for raw, ct in bad:
        if ct is None:
            ct = 'multipart/form-data; boundary=' + raw[2:raw.index(b'\r\n')].decode()
        st, _, data = s.http('POST', '/api/documents?user_id=carol', body=raw, headers={'Content-Type': ct})
        assert st == 400, (st, data, raw[:80])
    # no owner anywhere
    body, ctype = multipart([('file', 'x.txt', 'text/plain', b'hello')])
    st, _, _ = s.http('POST', '/api/documents', body=body, headers={'Content-Type': ctype})
    assert st == 400
    assert len(listing(s, 'carol')) == 2


@with_server('--max-document-bytes', '4k', '--max-body-bytes', '64k')
def refusals_store_nothing(s):
    cases = [
        # (body, filename, type, status, words in the message)
        (b'', 'empty.txt', 'text/plain', 400, 'empty'),
        (b'x' * 5000, 'big.txt', 'text/plain', 413, 'at most'),
        (b'\x89PNG\r\n\x1a\n' + b'\0' * 40, 'photo.png', 'image/png', 415, 'image/png'),
        (b'\x89PNG\r\n\x1a\n' + b'\0' * 40, 'photo.txt', 'text/plain', 415, 'PNG'),
        (b'PK\x03\x04' + b'\0' * 40, 'essay.docx', 'application/octet-stream', 415, 'ZIP'),
        (b'not a pdf at all', 'fake.pdf', 'application/pdf', 415, 'not a PDF'),
        (make_pdf(BIOLOGY)[:600], 'cut.pdf', 'application/pdf', 422, 'truncated'),
        (make_pdf(BIOLOGY, encrypted=True), 'locked.pdf', 'application/pdf', 422, 'encrypted'),
        (make_pdf(['', '']), 'scan.pdf', 'application/pdf', 422, 'no extractable text'),
        (b'caf\xe9 au lait', 'latin1.txt', 'text/plain', 422, 'UTF-8'),
        (b'   \n\n  ', 'blank.txt', 'text/plain', 422, 'no text'),
    ]
    for body, name, ctype, status, words in cases:
        st, j = upload(s, body, filename=name, ctype=ctype)
        assert st == status, (name, st, j)
        assert j['status'] == status and words in j['error'], (name, j)
    # owner and name are required
    st, j = upload(s, b'hello', user=None)
    assert st == 400 and 'user_id' in j['error'], j
    st, j = upload(s, b'hello', filename=None, ctype='text/plain')
    assert st == 400 and 'filename' in j['error'], j
    st, j = upload(s, b'hello', filename='dir/', ctype='text/plain')
    assert st == 400, j
    # over the transport's body limit: 413 before anything is read
    st, _, _ = s.http('POST', '/api/documents?user_id=alice&filename=x.txt', body=b'y' * 70000,
                      headers={'Content-Type': 'text/plain'})
    assert st == 413
    assert listing(s, 'alice') == []
    m = s.metrics()
    assert m['parley_documents_rejected_total{reason="encrypted"}'] == 1, m
    assert m['parley_documents_rejected_total{reason="too_large"}'] == 1, m
    assert m['parley_documents_imported_total'] == 0, m
    # and the server still imports what is fine
    st, d = upload(s, make_pdf(BIOLOGY))
    assert st == 201, d
    assert s.metrics()['parley_documents_imported_total'] == 1


@with_server()
def concurrent_uploads(s):
    """Several imports at once: each answered, each stored once, the loop
    still answering other requests meanwhile."""
    import threading
    big = make_pdf([('Page %d about osmosis and diffusion. ' % i) * 20 for i in range(1, 121)])
    results = []

    def go(i):
        results.append(upload(s, big, user='dave', filename='big-%d.pdf' % i))

    threads = [threading.Thread(target=go, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    st, _, _ = s.http('GET', '/health')
    assert st == 200
    for t in threads:
        t.join()
    assert sorted(r[0] for r in results) == [201] * 4, results
    assert all(r[1]['pages'] == 120 for r in results), results
    assert sorted(d['filename'] for d in listing(s, 'dave')) == ['big-%d.pdf' % i for i in range(4)]


# Three pages, one topic each, nine sentences of about 97 bytes per page
# (eight stay under 800 bytes, nine pass it): the knowledge base closes a
# chunk once it reaches 800 bytes, so each page is exactly one chunk and a
# citation's page range is the page itself.
ZOOLOGY = [
    '\n'.join(['Tardigrades are microscopic animals that survive extreme cold, heat and radiation in deep space.',
               'When water is scarce, tardigrades curl into a dry tun and slow their metabolism almost to zero.',
               'A tardigrade in the tun state can wait for decades and then revive within hours of being wetted.',
               'Scientists study how tardigrades protect their proteins with special sugars during desiccation.',
               'Tardigrades live in moss, lichen and leaf litter, and are sometimes called water bears or moss piglets.',
               'Each tardigrade has eight stubby legs ending in claws that grip the moss where the animals feed.',
               'Most tardigrades pierce plant cells with a stylet and suck out the contents of the cells they reach.',
               'Some tardigrade species are predators that hunt rotifers, nematodes and even smaller tardigrades.',
               'Tardigrades reproduce by laying eggs, often inside the shed skin left behind after they moult.']),
    '\n'.join(['Xylophagous beetles eat wood, digesting cellulose with the help of microbes living in their guts.',
               'The larvae of xylophagous beetles bore long tunnels through dead trunks, branches and old timber.',
               'Because wood is poor in nitrogen, xylophagous beetles grow slowly and may live years as larvae.',
               'Foresters watch xylophagous beetles closely, since some species also attack living, weakened trees.',
               'Many xylophagous beetles carry fungi that soften the wood and make its sugars easier to digest.',
               'By breaking down fallen logs, xylophagous beetles return carbon and minerals to the forest soil.',
               'Woodpeckers listen for the chewing of xylophagous beetle larvae and dig them out of the bark.',
               'In houses, xylophagous beetles such as the woodworm can weaken beams and furniture over decades.',
               'Adult xylophagous beetles often live only a few weeks, just long enough to mate and lay eggs.']),
    '\n'.join(['Bioluminescent plankton make light through a chemical reaction between luciferin and luciferase.',
               'When waves or boats disturb the water, bioluminescent plankton flash blue and the sea seems to glow.',
               'Dinoflagellates are the best known bioluminescent plankton, and they bloom in warm coastal bays.',
               'The flash of bioluminescent plankton may startle predators or attract larger hunters to the attacker.',
               'Sailors have described glowing wakes for centuries, long before bioluminescent plankton were known.',
               'Bioluminescent plankton follow a daily clock and glow most brightly in the middle of the night.',
               'Researchers measure bioluminescent plankton with bathyphotometers lowered from ships at night.',
               'Pollution and warming change where bioluminescent plankton bloom and how often the sea glows.',
               'Some fish and squid eat bioluminescent plankton and borrow their light to hide from predators.']),
]


class ChatClient:
    """A seed 003 client on /ws/chat; every message is checked against
    schemas/studymate_server.json."""

    def __init__(self, ws, user):
        self.ws, self.user, self.chat_id = ws, user, None

    async def recv(self, timeout=10.0):
        msg = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
        errs = schema_errors('studymate_server', msg)
        assert not errs, (msg, errs)
        return msg

    async def new_chat(self):
        await self.ws.send(json.dumps({'type': 'auth', 'data': {'user_id': self.user}}))
        m = await self.recv()
        assert m['type'] == 'chat_created', m
        self.chat_id = m['data']['chat_id']

    async def ask(self, text):
        """Sends a question; returns the final assistant message event."""
        await self.ws.send(json.dumps({'type': 'message', 'data': {
            'message': {'id': 'u_' + uuid.uuid4().hex[:8], 'role': 'user', 'content': text,
                        'timestamp': '2025-01-04T14:00:00.000Z'},
            'user_id': self.user, 'chat_id': self.chat_id}}))
        final = None
        while True:
            m = await self.recv()
            if m['type'] == 'error':
                raise AssertionError(m)
            if m['type'] == 'message' and m['data']['message']['role'] == 'assistant' and \
                    m['data'].get('status') != 'streaming':
                final = m
            if m['type'] == 'typing' and m['data']['is_typing'] is False and 'user_id' not in m['data']:
                return final


async def ask_studymate(s, user, question):
    async with websockets.connect(s.url('/ws/chat'), close_timeout=1) as ws:
        c = ChatClient(ws, user)
        await c.new_chat()
        return await c.ask(question)


@with_server('--brain', 'lessons')
def studymate_cites_the_right_page(s):
    pdf = make_pdf(ZOOLOGY, font_size=8)
    st, d = upload(s, pdf, user='stu', filename='zoology.pdf')
    assert st == 201 and d['pages'] == 3, (st, d)
    assert d['chunks'] == 3, d  # one chunk per page, as designed
    final = run_async(ask_studymate(s, 'stu', 'What do xylophagous beetles eat?'))
    assert final is not None and final['data']['status'] == 'complete', final
    msg = final['data']['message']
    cits = msg.get('citations')
    assert cits, msg
    top = cits[0]
    assert top['document_id'] == d['id'] and top['filename'] == 'zoology.pdf', cits
    assert top['chunk_id'].startswith(d['id']), top
    assert top['page_start'] == 2 and top['page_end'] == 2, cits
    assert 0 < top['score'] <= 1, top
    assert 'wood' in msg['content'].lower(), msg['content']
    # another page, another question
    final = run_async(ask_studymate(s, 'stu', 'Why do bioluminescent plankton glow?'))
    top = final['data']['message']['citations'][0]
    assert top['document_id'] == d['id'] and top['page_start'] == top['page_end'] == 3, top
    # another user asking the same never gets stu's document
    final = run_async(ask_studymate(s, 'eve', 'What do xylophagous beetles eat?'))
    for c in final['data']['message'].get('citations', []):
        assert c['document_id'] != d['id'], c
    # once deleted, stu's answers no longer cite it
    st, _, _ = s.http('DELETE', '/api/documents/%s?user_id=stu' % d['id'])
    assert st == 204
    final = run_async(ask_studymate(s, 'stu', 'What do xylophagous beetles eat?'))
    for c in final['data']['message'].get('citations', []):
        assert c['document_id'] != d['id'], c


if __name__ == '__main__':
    main([upload_list_delete_pdf, newest_first_and_headers, ownership, multipart_upload,
          refusals_store_nothing, concurrent_uploads, studymate_cites_the_right_page])
