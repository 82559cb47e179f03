#!/usr/bin/env python3
"""Lints Parley's message schemas (schemas/*.json) and the seed examples.

  python3 tools/schemalint.py [--root DIR]   lint; prints one summary line, or
                                             "file: json.path: reason" lines
                                             and exits 1
  python3 tools/schemalint.py --format       rewrite schemas/*.json in the
                                             canonical layout the lint expects
  python3 tools/schemalint.py --selftest     prove the lint can fail: run
                                             built-in broken inputs through it

What is checked (the schema subset is documented in docs/schemas.md and
implemented by tools/schemagen.py; the dialects are in docs/protocols.md):
  - every file is UTF-8 JSON without duplicate keys, in canonical layout
    (stable keyword order, 2-space indent; `--format` produces it);
  - only keywords of the subset, each on a type it applies to, with sane
    values (bounds ordered and inside int64, enums non-empty and unique...);
  - every $ref resolves, no $ref cycles, no unused definitions;
  - families: each oneOf member is an object whose discriminator property is
    a const string listed in `required`; discriminator values are unique;
  - names become C identifiers: file ids, def names, property names, enum
    values; generated names pl_msg_<fileid>_<def> do not collide;
  - every def and property has a description; every message has examples;
    extension properties (x-parley-extension) are never required; objects a
    server emits forbid unknown keys (additionalProperties: false);
  - every `examples`/`default` value validates, and every family example is
    dispatched to its own def;
  - every file listed in tests/data/seed_examples/MANIFEST validates against
    the schema def it names (and every example file is listed);
  - every message of the ```exchange``` and ```rest``` blocks of
    docs/protocols.md validates (and every ">!" frame there is rejected).
Validation follows the runtime's rules: code-point string lengths, inclusive
int64/double ranges, RFC 3339 date-times, nullable vs absent, string-or-integer
identifiers, free-form objects, FSM-state enums read from fsm/conversation.fsm
through tools/fsm_source.py, nesting depth 64, duplicate keys rejected.
Standard library only.
"""

import calendar
import json
import math
import os
import re
import sys
import tempfile

TOOLS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(TOOLS)
sys.path.insert(0, TOOLS)
import fsm_source  # noqa: E402

SCHEMA_URI = 'https://json-schema.org/draft/2020-12/schema'
SCHEMA_DIR = 'schemas'
FSM_PATH = 'fsm/conversation.fsm'
SEED_DIR = 'tests/data/seed_examples'
DOCS_PATH = 'docs/protocols.md'
MANIFEST = 'MANIFEST'
MAX_DEPTH = 64
INT64_MIN = -(1 << 63)
INT64_MAX = (1 << 63) - 1
LINE_WIDTH = 100
MAX_FIELDS = 64      # the runtime tracks seen properties in a 64-bit mask
REF_SIBLINGS = ('description', 'title', 'x-parley-extension')

TYPES = ('object', 'string', 'integer', 'number', 'boolean', 'array')
FORMATS = ('date-time', 'uuid')
FSM_CASES = ('lower', 'upper')

# Canonical key order: top level of a file, then any schema object.
TOP_KEYS = ['$schema', '$id', 'title', 'description', 'oneOf', 'discriminator', '$defs']
SCHEMA_KEYS = ['$ref', 'title', 'description', 'x-parley-extension', 'type', 'const', 'enum',
               'x-parley-fsm-states', 'format', 'minLength', 'maxLength', 'minimum', 'maximum',
               'minItems', 'maxItems', 'items', 'properties', 'required',
               'additionalProperties', 'default', 'examples']
# Keywords each base type accepts (on top of the ones every schema may carry).
ANY_KEYS = {'title', 'description', 'x-parley-extension', 'type', 'default', 'examples'}
TYPE_KEYS = {
    'object': {'properties', 'required', 'additionalProperties'},
    'string': {'const', 'enum', 'x-parley-fsm-states', 'format', 'minLength', 'maxLength'},
    'integer': {'minimum', 'maximum'},
    'number': {'minimum', 'maximum'},
    'boolean': {'const'},
    'array': {'items', 'minItems', 'maxItems'},
}

C_KEYWORDS = set('''
auto break case char const continue default do double else enum extern float for goto if
inline int long register restrict return short signed sizeof static struct switch typedef
union unsigned void volatile while _Alignas _Alignof _Atomic _Bool _Complex _Generic
_Imaginary _Noreturn _Static_assert _Thread_local bool true false NULL errno assert offsetof
stdin stdout stderr EOF
'''.split())

FILE_ID_RE = re.compile(r'^[a-z][a-z0-9]*(_[a-z0-9]+)*$')
DEF_RE = FILE_ID_RE
C_IDENT_RE = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')
ENUM_VALUE_RE = re.compile(r'^[A-Za-z0-9_]+$')
REF_RE = re.compile(r'^(?:([a-z][a-z0-9_]*)\.json)?#/\$defs/([^/]+)$')
DATE_TIME_RE = re.compile(r'^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?'
                          r'(Z|[+-](\d{2}):(\d{2}))$')
UUID_RE = re.compile(r'^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$')


class JsonError(Exception):
    pass


# ---------------------------------------------------------------------------
# Strict JSON loading

def _pairs(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise JsonError('duplicate key "%s"' % k)
        out[k] = v
    return out


def _bad_constant(name):
    raise JsonError('%s is not JSON' % name)


def loads_strict(text):
    """Parses JSON text; duplicate keys, NaN/Infinity and lone surrogates are errors."""
    try:
        value = json.loads(text, object_pairs_hook=_pairs, parse_constant=_bad_constant)
    except ValueError as e:
        raise JsonError(str(e))
    _check_text(value)
    return value


def _check_text(v):
    if isinstance(v, str):
        try:
            v.encode('utf-8')
        except UnicodeEncodeError:
            raise JsonError('string %r is not valid Unicode (lone surrogate escape)' % v[:40])
    elif isinstance(v, list):
        for x in v:
            _check_text(x)
    elif isinstance(v, dict):
        for k, x in v.items():
            _check_text(k)
            _check_text(x)


def load_file(path):
    with open(path, 'rb') as f:
        raw = f.read()
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        raise JsonError('not UTF-8: %s' % e)
    return text, loads_strict(text)


# ---------------------------------------------------------------------------
# Canonical layout

def _order(d, keys):
    rank = {k: i for i, k in enumerate(keys)}
    return dict(sorted(d.items(), key=lambda kv: rank.get(kv[0], len(keys))))


def canonical(doc):
    """Returns doc with keywords in canonical order (maps and data keep theirs)."""
    def schema(s):
        if not isinstance(s, dict):
            return s
        s = _order(s, SCHEMA_KEYS)
        if isinstance(s.get('properties'), dict):
            s['properties'] = {k: schema(v) for k, v in s['properties'].items()}
        if 'items' in s:
            s['items'] = schema(s['items'])
        return s
    if not isinstance(doc, dict):
        return doc
    doc = _order(doc, TOP_KEYS)
    if isinstance(doc.get('$defs'), dict):
        doc['$defs'] = {k: schema(v) for k, v in doc['$defs'].items()}
    return doc


def _one(v):
    return json.dumps(v, ensure_ascii=False, separators=(', ', ': '))


def _dump(v, kind, col, ind):
    """kind: schema, map (values are schemas), inst (data), insts (list of data), refs."""
    pad = '  ' * (ind + 1)
    one = _one(v)
    if not isinstance(v, (dict, list)) or len(v) == 0:
        return one
    if kind in ('inst', 'insts'):
        inline = True
    elif isinstance(v, list):
        inline = all(not isinstance(x, (dict, list)) for x in v)
    else:
        inline = kind == 'schema' and list(v) == ['$ref']
    if inline and col + len(one) <= LINE_WIDTH:
        return one
    if isinstance(v, list):
        sub = {'insts': 'inst', 'refs': 'schema'}.get(kind, 'inst')
        body = [pad + _dump(x, sub, len(pad), ind + 1) for x in v]
        return '[\n' + ',\n'.join(body) + '\n' + '  ' * ind + ']'
    body = []
    for k, x in v.items():
        if kind == 'inst':
            sub = 'inst'
        elif kind == 'map':
            sub = 'schema'
        elif k in ('properties', '$defs'):
            sub = 'map'
        elif k == 'items':
            sub = 'schema'
        elif k == 'examples':
            sub = 'insts'
        elif k == 'oneOf':
            sub = 'refs'
        else:
            sub = 'inst'
        head = pad + _one(k) + ': '
        body.append(head + _dump(x, sub, len(head), ind + 1))
    return '{\n' + ',\n'.join(body) + '\n' + '  ' * ind + '}'


def format_doc(doc):
    """The canonical text of a schema document."""
    return _dump(canonical(doc), 'schema', 0, 0) + '\n'


# ---------------------------------------------------------------------------
# Validation of instances (the runtime's semantics)

def json_kind(v):
    if v is None:
        return 'null'
    if isinstance(v, bool):
        return 'boolean'
    if isinstance(v, int):
        return 'integer'
    if isinstance(v, float):
        return 'number'
    if isinstance(v, str):
        return 'string'
    if isinstance(v, list):
        return 'array'
    return 'object'


def plural(n):
    return '' if n == 1 else 's'


def ipath(base, key):
    if isinstance(key, int):
        return '%s[%d]' % (base, key)
    return key if not base else base + '.' + key


def is_date_time(s):
    m = DATE_TIME_RE.match(s)
    if not m:
        return False
    y, mo, d, h, mi, sec = (int(m.group(i)) for i in range(1, 7))
    if not 1 <= mo <= 12 or not 1 <= d <= calendar.monthrange(y, mo)[1]:
        return False
    if h > 23 or mi > 59 or sec > 60:
        return False
    if m.group(9) is not None and (int(m.group(9)) > 23 or int(m.group(10)) > 59):
        return False
    return True


def type_list(t):
    """(base types, nullable) of a valid `type` value."""
    if isinstance(t, str):
        return [t], False
    if t[-1] == 'null':
        return [t[0]], True
    return list(t), False


class Registry:
    """The loaded schema files and the FSM state names, shared by validation."""

    def __init__(self, root):
        self.root = root
        self.docs = {}
        self._fsm = None
        self.fsm_error = None

    def fsm_states(self, case):
        if self._fsm is None and self.fsm_error is None:
            try:
                self._fsm = [s.name for s in fsm_source.read(os.path.join(self.root, FSM_PATH)).states]
            except (OSError, fsm_source.FsmError) as e:
                self.fsm_error = str(e)
        if self._fsm is None:
            return None
        return [n.lower() for n in self._fsm] if case == 'lower' else list(self._fsm)

    def resolve(self, fid, ref):
        """(file id, def name, schema) of a $ref seen in file fid, or None."""
        m = REF_RE.match(ref) if isinstance(ref, str) else None
        if not m:
            return None
        tf = m.group(1) or fid
        doc = self.docs.get(tf)
        if not isinstance(doc, dict) or not isinstance(doc.get('$defs'), dict):
            return None
        s = doc['$defs'].get(m.group(2))
        return None if s is None else (tf, m.group(2), s)

    def member_of(self, fid, value):
        """The def name of family fid whose discriminator const is value."""
        doc = self.docs[fid]
        prop = doc['discriminator']['propertyName']
        for item in doc['oneOf']:
            r = self.resolve(fid, item.get('$ref'))
            if r and r[2].get('properties', {}).get(prop, {}).get('const') == value:
                return r[1]
        return None

    def family_values(self, fid):
        doc = self.docs[fid]
        prop = doc['discriminator']['propertyName']
        out = []
        for item in doc['oneOf']:
            r = self.resolve(fid, item.get('$ref'))
            if r:
                out.append(r[2].get('properties', {}).get(prop, {}).get('const'))
        return out

    def validate(self, fid, schema, v, path='', depth=1):
        """Errors (path, reason) of instance v against schema seen in file fid."""
        if depth > MAX_DEPTH:
            return [(path, 'nesting deeper than %d levels' % MAX_DEPTH)]
        if '$ref' in schema:
            r = self.resolve(fid, schema['$ref'])
            if r is None:
                return [(path, 'unresolvable $ref %s' % schema['$ref'])]
            return self.validate(r[0], r[2], v, path, depth)
        bases, nullable = type_list(schema['type'])
        kind = json_kind(v)
        if kind == 'null':
            if nullable:
                return []
            return [(path, 'expected %s, got null' % ' or '.join(bases))]
        if kind == 'integer' and 'number' in bases:
            kind = 'number'
        if kind == 'number' and 'integer' in bases and 'number' not in bases and v.is_integer():
            kind = 'integer'
        if kind not in bases:
            if kind == 'number' and 'integer' in bases:
                return [(path, 'expected integer, got a number with a fraction')]
            return [(path, 'expected %s, got %s' % (' or '.join(bases), kind))]
        if kind == 'object':
            return self._object(fid, schema, v, path, depth)
        if kind == 'array':
            return self._array(fid, schema, v, path, depth)
        if kind == 'string':
            return self._string(schema, v, path)
        if kind in ('integer', 'number'):
            return self._number(schema, v, kind, path)
        if 'const' in schema and v != schema['const']:
            return [(path, 'expected %s' % _one(schema['const']))]
        return []

    def _object(self, fid, schema, v, path, depth):
        props = schema.get('properties')
        if props is None:
            return self._depth(v, path, depth)
        errs = []
        for name in schema.get('required', []):
            if name not in v:
                errs.append((ipath(path, name), 'required'))
        for name, x in v.items():
            if name in props:
                errs += self.validate(fid, props[name], x, ipath(path, name), depth + 1)
            elif schema.get('additionalProperties') is False:
                errs.append((ipath(path, name), 'unknown field'))
            else:
                errs += self._depth(x, ipath(path, name), depth + 1)
        return errs

    def _array(self, fid, schema, v, path, depth):
        errs = []
        if 'minItems' in schema and len(v) < schema['minItems']:
            errs.append((path, 'must have at least %d item%s, got %d'
                         % (schema['minItems'], plural(schema['minItems']), len(v))))
        if 'maxItems' in schema and len(v) > schema['maxItems']:
            errs.append((path, 'must have at most %d item%s, got %d'
                         % (schema['maxItems'], plural(schema['maxItems']), len(v))))
        for i, x in enumerate(v):
            errs += self.validate(fid, schema['items'], x, ipath(path, i), depth + 1)
        return errs

    def _string(self, schema, v, path):
        if 'x-parley-fsm-states' in schema:
            states = self.fsm_states(schema['x-parley-fsm-states'])
            if states is None:
                return [(path, 'cannot read the FSM states: %s' % self.fsm_error)]
            if v not in states:
                return [(path, 'expected one of %s' % ', '.join(states))]
            return []
        if 'const' in schema and v != schema['const']:
            return [(path, 'expected %s' % _one(schema['const']))]
        if 'enum' in schema and v not in schema['enum']:
            return [(path, 'expected one of %s' % ', '.join(schema['enum']))]
        n = len(v)  # code points: json.loads joins surrogate pairs
        if 'minLength' in schema and n < schema['minLength']:
            return [(path, 'must be at least %d character%s long, got %d'
                     % (schema['minLength'], plural(schema['minLength']), n))]
        if 'maxLength' in schema and n > schema['maxLength']:
            return [(path, 'must be at most %d character%s long, got %d'
                     % (schema['maxLength'], plural(schema['maxLength']), n))]
        fmt = schema.get('format')
        if fmt == 'date-time' and not is_date_time(v):
            return [(path, 'expected a date-time like 2024-01-15T10:30:00Z, got %s' % _one(v))]
        if fmt == 'uuid' and not UUID_RE.match(v):
            return [(path, 'expected a UUID, got %s' % _one(v))]
        return []

    def _number(self, schema, v, kind, path):
        if isinstance(v, float) and not math.isfinite(v):
            return [(path, 'number out of range')]
        if kind == 'integer' and not INT64_MIN <= v <= INT64_MAX:
            return [(path, 'integer out of range')]
        if 'minimum' in schema and v < schema['minimum']:
            return [(path, 'must be >= %s, got %s' % (_one(schema['minimum']), _one(v)))]
        if 'maximum' in schema and v > schema['maximum']:
            return [(path, 'must be <= %s, got %s' % (_one(schema['maximum']), _one(v)))]
        return []

    def _depth(self, v, path, depth):
        """Free-form or skipped JSON: only the nesting depth is checked."""
        if depth > MAX_DEPTH:
            return [(path, 'nesting deeper than %d levels' % MAX_DEPTH)]
        kids = v.values() if isinstance(v, dict) else v if isinstance(v, list) else ()
        for x in kids:
            e = self._depth(x, path, depth + 1)
            if e:
                return e
        return []

    def validate_family(self, fid, v):
        """(def name or None, errors) of a message of family fid."""
        doc = self.docs[fid]
        prop = doc['discriminator']['propertyName']
        if not isinstance(v, dict):
            return None, [('', 'expected object, got %s' % json_kind(v))]
        if prop not in v:
            return None, [(prop, 'required')]
        values = [x for x in self.family_values(fid) if isinstance(x, str)]
        name = self.member_of(fid, v[prop]) if isinstance(v[prop], str) else None
        if name is None:
            return None, [(prop, 'expected one of %s' % ', '.join(values))]
        return name, self.validate(fid, doc['$defs'][name], v)

    def validate_def(self, fid, name, v):
        if name == '-family':
            return self.validate_family(fid, v)[1]
        return self.validate(fid, self.docs[fid]['$defs'][name], v)


# ---------------------------------------------------------------------------
# Schema lint

def spath(base, key):
    if isinstance(key, int):
        return '%s[%d]' % (base, key)
    return key if not base else base + '.' + key


def fmt_errs(errs):
    return '; '.join('%s: %s' % (p, r) if p else r for p, r in errs)


class Linter:
    def __init__(self, root):
        self.root = root
        self.reg = Registry(root)
        self.errors = []
        self.texts = {}
        self.counts = {'files': 0, 'defs': 0, 'examples': 0, 'seed': 0, 'docs': 0}

    def err(self, file, path, reason):
        self.errors.append('%s: %s: %s' % (file, path or '(root)', reason))

    def fname(self, fid):
        return '%s/%s.json' % (SCHEMA_DIR, fid)

    # -- loading ----------------------------------------------------------
    def load(self):
        sdir = os.path.join(self.root, SCHEMA_DIR)
        try:
            names = sorted(os.listdir(sdir))
        except OSError as e:
            self.err(SCHEMA_DIR, '', 'cannot list: %s' % e)
            return
        for n in names:
            if not n.endswith('.json'):
                self.err('%s/%s' % (SCHEMA_DIR, n), '', 'not a .json file (schemas/ holds only schemas)')
                continue
            fid = n[:-5]
            if not FILE_ID_RE.match(fid) or fid in C_KEYWORDS:
                self.err(self.fname(fid), '', 'file id "%s" is not lowercase snake_case' % fid)
                continue
            try:
                text, doc = load_file(os.path.join(sdir, n))
            except (OSError, JsonError) as e:
                self.err(self.fname(fid), '', str(e))
                continue
            self.texts[fid] = text
            self.reg.docs[fid] = doc
        if not self.reg.docs and not self.errors:
            self.err(SCHEMA_DIR, '', 'no schema files')

    # -- structure ----------------------------------------------------------
    def check_top(self, fid, doc):
        f = self.fname(fid)
        if not isinstance(doc, dict):
            self.err(f, '', 'a schema file is a JSON object')
            return False
        ok = True
        for k in doc:
            if k not in TOP_KEYS:
                self.err(f, k, 'unknown top-level keyword "%s"' % k)
                ok = False
        if doc.get('$schema') != SCHEMA_URI:
            self.err(f, '$schema', 'must be "%s"' % SCHEMA_URI)
        if doc.get('$id') != fid:
            self.err(f, '$id', 'must be the file id "%s"' % fid)
        for k in ('title', 'description'):
            if not isinstance(doc.get(k), str) or not doc.get(k).strip():
                self.err(f, k, 'missing or empty')
        defs = doc.get('$defs')
        if not isinstance(defs, dict) or not defs:
            self.err(f, '$defs', 'missing or empty: every message and sub-object is a named def')
            return False
        if ('oneOf' in doc) != ('discriminator' in doc):
            self.err(f, 'oneOf' if 'oneOf' in doc else 'discriminator',
                     'a family has both oneOf and discriminator')
            return False
        if 'oneOf' in doc:
            d = doc['discriminator']
            if (not isinstance(d, dict) or list(d) != ['propertyName']
                    or not isinstance(d['propertyName'], str)
                    or not C_IDENT_RE.match(d['propertyName'])):
                self.err(f, 'discriminator', 'must be {"propertyName": "<field>"}')
                return False
            if not isinstance(doc['oneOf'], list) or not doc['oneOf']:
                self.err(f, 'oneOf', 'must be a non-empty array of $refs')
                return False
        return ok

    def check_schema(self, fid, s, path, ctx):
        """ctx: 'def', 'prop' or 'items'. Returns True when s is usable for validation."""
        f = self.fname(fid)
        if not isinstance(s, dict):
            self.err(f, path, 'a schema is a JSON object')
            return False
        ok = True
        for k in s:
            if k not in SCHEMA_KEYS:
                self.err(f, path, 'unknown keyword "%s"' % k)
                ok = False
        if ctx in ('def', 'prop'):
            if not isinstance(s.get('description'), str) or not s['description'].strip():
                self.err(f, path, 'needs a description')
        for k in ('title', 'description'):
            if k in s and not isinstance(s[k], str):
                self.err(f, spath(path, k), 'must be a string')
        if 'x-parley-extension' in s and s['x-parley-extension'] is not True:
            self.err(f, spath(path, 'x-parley-extension'), 'must be true (or absent)')
        if 'examples' in s and (not isinstance(s['examples'], list) or not s['examples']):
            self.err(f, spath(path, 'examples'), 'must be a non-empty array')
            ok = False
        if '$ref' in s:
            extra = [k for k in s if k != '$ref' and k not in REF_SIBLINGS]
            if extra:
                self.err(f, path, '$ref may carry only %s, not %s'
                         % (', '.join(REF_SIBLINGS), ', '.join(extra)))
                ok = False
            if self.reg.resolve(fid, s['$ref']) is None:
                self.err(f, spath(path, '$ref'), '%s does not resolve (use "#/$defs/name" or '
                         '"<fileid>.json#/$defs/name")' % _one(s['$ref']))
                ok = False
            return ok
        t = s.get('type')
        if not self.check_type(f, spath(path, 'type'), t):
            return False
        bases, nullable = type_list(t)
        allowed = set(ANY_KEYS)
        for b in bases:
            allowed |= TYPE_KEYS[b]
        for k in s:
            if k in SCHEMA_KEYS and k not in allowed and k != '$ref':
                self.err(f, spath(path, k), '"%s" does not apply to type %s' % (k, _one(t)))
                ok = False
        if not ok:
            return False
        if 'string' in bases:
            ok &= self.check_string(f, s, path, bases, nullable)
        if 'integer' in bases or 'number' in bases:
            ok &= self.check_range(f, s, path, 'integer' in bases)
        if 'boolean' in bases and 'const' in s and not isinstance(s['const'], bool):
            self.err(f, spath(path, 'const'), 'a boolean const is true or false')
            ok = False
        if 'array' in bases:
            ok &= self.check_array(fid, s, path)
        if 'object' in bases:
            ok &= self.check_object(fid, s, path, ctx)
        return ok

    def check_type(self, f, path, t):
        if isinstance(t, str) and t in TYPES:
            return True
        if isinstance(t, list) and len(t) == 2:
            if t[0] in TYPES and t[1] == 'null':
                return True
            if t == ['string', 'integer']:
                return True
        self.err(f, path, 'must be one of %s, [T, "null"] or ["string", "integer"] (got %s)'
                 % (', '.join(TYPES), _one(t)))
        return False

    def check_string(self, f, s, path, bases, nullable):
        ok = True
        if 'const' in s and 'enum' in s:
            self.err(f, path, 'const and enum together')
            ok = False
        if 'const' in s:
            if not isinstance(s['const'], str):
                self.err(f, spath(path, 'const'), 'a string const is a string')
                ok = False
        if 'enum' in s:
            e = s['enum']
            if not isinstance(e, list) or not e or not all(isinstance(x, str) for x in e):
                self.err(f, spath(path, 'enum'), 'must be a non-empty array of strings')
                ok = False
            else:
                seen = {}
                for i, x in enumerate(e):
                    if not ENUM_VALUE_RE.match(x):
                        self.err(f, spath(spath(path, 'enum'), i),
                                 '%s cannot become a C identifier (letters, digits, _)' % _one(x))
                    elif x.upper() in seen:
                        self.err(f, spath(spath(path, 'enum'), i),
                                 '%s collides with %s in C' % (_one(x), _one(seen[x.upper()])))
                    seen.setdefault(x.upper(), x)
        if 'x-parley-fsm-states' in s:
            if s['x-parley-fsm-states'] not in FSM_CASES:
                self.err(f, spath(path, 'x-parley-fsm-states'), 'must be "lower" or "upper"')
                ok = False
            if bases != ['string'] or nullable:
                self.err(f, path, 'x-parley-fsm-states goes on a plain string schema')
                ok = False
            clash = [k for k in ('const', 'enum', 'format', 'minLength', 'maxLength') if k in s]
            if clash:
                self.err(f, path, 'x-parley-fsm-states takes its values from %s; drop %s'
                         % (FSM_PATH, ', '.join(clash)))
                ok = False
        if 'format' in s and s['format'] not in FORMATS:
            self.err(f, spath(path, 'format'), 'must be one of %s' % ', '.join(FORMATS))
            ok = False
        for k in ('minLength', 'maxLength'):
            if k in s and (not isinstance(s[k], int) or isinstance(s[k], bool) or s[k] < 0):
                self.err(f, spath(path, k), 'must be a non-negative integer')
                ok = False
        if ok and s.get('minLength', 0) > s.get('maxLength', INT64_MAX):
            self.err(f, path, 'minLength > maxLength')
            ok = False
        return ok

    def check_range(self, f, s, path, integer):
        ok = True
        for k in ('minimum', 'maximum'):
            if k not in s:
                continue
            v = s[k]
            if integer:
                if not isinstance(v, int) or isinstance(v, bool) or not INT64_MIN <= v <= INT64_MAX:
                    self.err(f, spath(path, k), 'must be an integer that fits in int64')
                    ok = False
            elif isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                self.err(f, spath(path, k), 'must be a finite number')
                ok = False
        if ok and 'minimum' in s and 'maximum' in s and s['minimum'] > s['maximum']:
            self.err(f, path, 'minimum > maximum')
            ok = False
        return ok

    def check_array(self, fid, s, path):
        f = self.fname(fid)
        ok = True
        for k in ('minItems', 'maxItems'):
            if k in s and (not isinstance(s[k], int) or isinstance(s[k], bool) or s[k] < 0):
                self.err(f, spath(path, k), 'must be a non-negative integer')
                ok = False
        if ok and s.get('minItems', 0) > s.get('maxItems', INT64_MAX):
            self.err(f, path, 'minItems > maxItems')
            ok = False
        if 'items' not in s:
            self.err(f, path, 'an array needs "items"')
            return False
        if isinstance(s['items'], dict) and 'properties' in s['items']:
            self.err(f, spath(path, 'items'), 'name this sub-object in $defs and $ref it')
            ok = False
        return self.check_schema(fid, s['items'], spath(path, 'items'), 'items') and ok

    def check_object(self, fid, s, path, ctx):
        f = self.fname(fid)
        ok = True
        props = s.get('properties')
        if props is None:
            for k in ('required', 'additionalProperties'):
                if k in s:
                    self.err(f, spath(path, k), 'a free-form object (no properties) takes no "%s"' % k)
                    ok = False
            return ok
        if ctx != 'def':
            self.err(f, path, 'name this sub-object in $defs and $ref it')
            ok = False
        if not isinstance(props, dict) or not props:
            self.err(f, spath(path, 'properties'), 'must be a non-empty object')
            return False
        if len(props) > MAX_FIELDS:
            self.err(f, spath(path, 'properties'), 'more than %d properties' % MAX_FIELDS)
            ok = False
        for name, ps in props.items():
            pp = spath(spath(path, 'properties'), name)
            if not C_IDENT_RE.match(name) or name in C_KEYWORDS or name.startswith('__'):
                self.err(f, pp, 'property name "%s" cannot become a C identifier' % name)
                ok = False
            ok &= self.check_schema(fid, ps, pp, 'prop')
        req = s.get('required', [])
        if (not isinstance(req, list) or not all(isinstance(x, str) for x in req)
                or len(set(req)) != len(req)):
            self.err(f, spath(path, 'required'), 'must be an array of distinct names')
            return False
        for i, name in enumerate(req):
            if name not in props:
                self.err(f, spath(spath(path, 'required'), i), '"%s" is not a property' % name)
                ok = False
            elif isinstance(props[name], dict) and props[name].get('x-parley-extension') is True:
                self.err(f, spath(spath(path, 'required'), i),
                         '"%s" is an extension: extensions stay optional so seed clients keep '
                         'working' % name)
        if 'additionalProperties' in s and not isinstance(s['additionalProperties'], bool):
            self.err(f, spath(path, 'additionalProperties'), 'must be true or false')
            ok = False
        # The generator adds has_<p> for optional and <p>_is_null for nullable properties.
        for name, ps in props.items():
            if not isinstance(ps, dict):
                continue
            extra = [] if name in req else ['has_' + name]
            if isinstance(ps.get('type'), list) and ps['type'][-1:] == ['null']:
                extra.append(name + '_is_null')
            for m in extra:
                if m in props:
                    self.err(f, spath(spath(path, 'properties'), m),
                             'collides with the C member %s generated for "%s"' % (m, name))
                    ok = False
        return ok

    def check_values(self, fid, s, path):
        """Validates default and examples of s and of its nested schemas."""
        if not isinstance(s, dict):
            return
        f = self.fname(fid)
        if isinstance(s.get('properties'), dict):
            for name, ps in s['properties'].items():
                self.check_values(fid, ps, spath(spath(path, 'properties'), name))
        if 'items' in s:
            self.check_values(fid, s['items'], spath(path, 'items'))
        bare = {k: v for k, v in s.items() if k not in ('default', 'examples')}
        if 'default' in s:
            errs = self.reg.validate(fid, bare, s['default'])
            if errs:
                self.err(f, spath(path, 'default'), fmt_errs(errs))
        if 'examples' in s:
            ex = s['examples']
            if not isinstance(ex, list) or not ex:
                self.err(f, spath(path, 'examples'), 'must be a non-empty array')
                return
            for i, v in enumerate(ex):
                self.counts['examples'] += 1
                errs = self.reg.validate(fid, bare, v)
                if errs:
                    self.err(f, spath(spath(path, 'examples'), i), fmt_errs(errs))

    # -- cross-definition rules ------------------------------------------
    def refs_of(self, fid, s, out):
        """Appends (file id, def) of every $ref under schema s."""
        if not isinstance(s, dict):
            return out
        if '$ref' in s:
            r = self.reg.resolve(fid, s['$ref'])
            if r:
                out.append((r[0], r[1]))
        props = s.get('properties')
        if isinstance(props, dict):
            for ps in props.values():
                self.refs_of(fid, ps, out)
        if 'items' in s:
            self.refs_of(fid, s['items'], out)
        return out

    def graph(self):
        g = {}
        for fid, doc in self.reg.docs.items():
            for name, s in doc['$defs'].items():
                g[(fid, name)] = self.refs_of(fid, s, [])
        return g

    def reach(self, g, roots):
        seen, todo = set(roots), list(roots)
        while todo:
            for n in g.get(todo.pop(), []):
                if n not in seen:
                    seen.add(n)
                    todo.append(n)
        return seen

    def check_graph(self):
        g = self.graph()
        # Cycles: the generator emits plain nested structs.
        state = {}

        def visit(n, stack):
            state[n] = 1
            for m in g.get(n, []):
                if state.get(m) == 1:
                    cyc = stack[stack.index(m):] + [m] if m in stack else [n, m]
                    self.err(self.fname(n[0]), '$defs.' + n[1], '$ref cycle: %s'
                             % ' -> '.join('%s#%s' % x for x in cyc))
                elif m not in state:
                    visit(m, stack + [m])
            state[n] = 2
        for n in g:
            if n not in state:
                visit(n, [n])
        # Unused defs.
        used_elsewhere = self.reach(g, [n for n in g if n[0] != 'common'])
        for fid, doc in self.reg.docs.items():
            f = self.fname(fid)
            if 'oneOf' in doc:
                roots = []
                for item in doc['oneOf']:
                    r = self.reg.resolve(fid, item.get('$ref')) if isinstance(item, dict) else None
                    if r:
                        roots.append((r[0], r[1]))
                live = self.reach(g, roots)
                for name in doc['$defs']:
                    if (fid, name) not in live:
                        self.err(f, '$defs.' + name, 'unused: not reachable from the family oneOf')
            elif fid == 'common':
                for name in doc['$defs']:
                    if (fid, name) not in used_elsewhere:
                        self.err(f, '$defs.' + name, 'unused: no other file uses it')
        # What a server emits forbids unknown keys.
        emitted = []
        for fid, doc in self.reg.docs.items():
            if fid.endswith('_server') and 'oneOf' in doc:
                emitted += [(fid, n) for n in doc['$defs']]
            elif 'oneOf' not in doc:
                emitted += [(fid, n) for n in doc['$defs'] if n.endswith('_response')]
        for fid, name in sorted(self.reach(g, emitted)):
            s = self.reg.docs[fid]['$defs'][name]
            if isinstance(s, dict) and 'properties' in s and s.get('additionalProperties') is not False:
                self.err(self.fname(fid), '$defs.' + name,
                         'emitted by the server: needs "additionalProperties": false')
        # Bodies and messages (defs nothing else in the file uses) need examples.
        for fid, doc in self.reg.docs.items():
            if fid == 'common':
                continue
            inner = {tn for (sf, _), outs in g.items() if sf == fid for (tf, tn) in outs if tf == fid}
            for name, s in doc['$defs'].items():
                if name not in inner and isinstance(s, dict) and not s.get('examples'):
                    self.err(self.fname(fid), '$defs.' + name, 'a message needs "examples"')

    def check_family(self, fid, doc):
        f = self.fname(fid)
        prop = doc['discriminator']['propertyName']
        seen = {}
        members = set()
        for i, item in enumerate(doc['oneOf']):
            p = 'oneOf[%d]' % i
            if not isinstance(item, dict) or list(item) != ['$ref'] or not str(item['$ref']).startswith('#/'):
                self.err(f, p, 'each member is {"$ref": "#/$defs/<name>"} of this file')
                continue
            r = self.reg.resolve(fid, item['$ref'])
            if r is None:
                self.err(f, p, '%s does not resolve' % _one(item['$ref']))
                continue
            name, s = r[1], r[2]
            dp = '$defs.' + name
            if name in members:
                self.err(f, p, 'def %s listed twice' % name)
                continue
            members.add(name)
            if not isinstance(s, dict) or s.get('type') != 'object' or not isinstance(s.get('properties'), dict):
                self.err(f, dp, 'a family member is an object with properties')
                continue
            d = s['properties'].get(prop)
            if not isinstance(d, dict) or d.get('type') != 'string' or not isinstance(d.get('const'), str):
                self.err(f, spath(dp, 'properties.' + prop),
                         'the discriminator "%s" must be {"type": "string", "const": "<value>"}' % prop)
                continue
            if prop not in s.get('required', []):
                self.err(f, dp + '.required', 'must list the discriminator "%s"' % prop)
            v = d['const']
            if not ENUM_VALUE_RE.match(v):
                self.err(f, spath(dp, 'properties.' + prop + '.const'),
                         '%s cannot become a C identifier (letters, digits, _)' % _one(v))
            if v in seen:
                self.err(f, spath(dp, 'properties.' + prop + '.const'),
                         'duplicate discriminator value %s (also $defs.%s)' % (_one(v), seen[v]))
            seen[v] = name

    def check_family_examples(self, fid, doc):
        f = self.fname(fid)
        for item in doc['oneOf']:
            r = self.reg.resolve(fid, item.get('$ref'))
            if not r:
                continue
            ex = r[2].get('examples')
            for i, v in enumerate(ex if isinstance(ex, list) else []):
                got, errs = self.reg.validate_family(fid, v)
                if not errs and got != r[1]:
                    self.err(f, '$defs.%s.examples[%d]' % (r[1], i),
                             'the family dispatches it to %s' % got)

    def check_names(self):
        seen = {}
        for fid, doc in self.reg.docs.items():
            for name in doc['$defs']:
                f = self.fname(fid)
                if not DEF_RE.match(name) or name in C_KEYWORDS:
                    self.err(f, '$defs.' + name, 'def name "%s" must be lowercase snake_case '
                             '(it becomes a C identifier)' % name)
                    continue
                c = 'pl_msg_%s_%s' % (fid, name)
                if c in seen:
                    self.err(f, '$defs.' + name, 'generated name %s collides with %s' % (c, seen[c]))
                seen[c] = '%s#%s' % (fid, name)

    # -- seed examples -----------------------------------------------------
    def check_seeds(self):
        d = os.path.join(self.root, SEED_DIR)
        mpath = os.path.join(d, MANIFEST)
        rel = '%s/%s' % (SEED_DIR, MANIFEST)
        if not os.path.exists(mpath):
            self.err(rel, '', 'missing')
            return
        listed = {}
        with open(mpath, encoding='utf-8') as fh:
            for no, line in enumerate(fh, 1):
                line = line.split('#', 1)[0].strip()
                if not line:
                    continue
                parts = line.split()
                where = 'line %d' % no
                if len(parts) != 3:
                    self.err(rel, where, 'expected "<file> <schema file id> <def name or -family>"')
                    continue
                fn, fid, name = parts
                if '/' in fn or not fn.endswith('.json'):
                    self.err(rel, where, '%s: name a .json file of this folder' % fn)
                    continue
                if fn in listed:
                    self.err(rel, where, '%s listed twice' % fn)
                    continue
                listed[fn] = (fid, name, where)
        for fn in sorted(os.listdir(d)):
            if fn.endswith('.json') and fn not in listed:
                self.err('%s/%s' % (SEED_DIR, fn), '', 'not listed in %s' % MANIFEST)
        for fn, (fid, name, where) in listed.items():
            frel = '%s/%s' % (SEED_DIR, fn)
            doc = self.reg.docs.get(fid)
            if doc is None:
                self.err(rel, where, 'no schema file %s' % self.fname(fid))
                continue
            if name == '-family' and 'oneOf' not in doc:
                self.err(rel, where, '%s is not a family' % fid)
                continue
            if name != '-family' and name not in doc['$defs']:
                self.err(rel, where, '%s has no def %s' % (fid, name))
                continue
            try:
                _, v = load_file(os.path.join(d, fn))
            except (OSError, JsonError) as e:
                self.err(frel, '', str(e))
                continue
            self.counts['seed'] += 1
            if name != '-family' and 'oneOf' in doc and name in [
                    self.reg.resolve(fid, i['$ref'])[1] for i in doc['oneOf']]:
                got, errs = self.reg.validate_family(fid, v)
                if not errs and got != name:
                    self.err(frel, '', 'the %s family dispatches it to %s, not %s' % (fid, got, name))
            else:
                errs = self.reg.validate_def(fid, name, v)
            for p, r in errs:
                self.err(frel, p, r)

    # -- example exchanges in the docs ----------------------------------
    def check_docs(self):
        """Validates the ```exchange CLIENT SERVER``` and ```rest FILEID``` blocks.

        exchange lines: "> {json}" client to server, "< {json}" server to
        client, ">! ..." / "<! ..." a frame that must be rejected (not JSON, or
        breaking its schema), "~ ..." a note. rest lines: "<anything> DEF {json}".
        """
        path = os.path.join(self.root, DOCS_PATH)
        if not os.path.exists(path):
            return
        with open(path, encoding='utf-8') as fh:
            lines = fh.read().split('\n')
        block = None
        for no, line in enumerate(lines, 1):
            where = 'line %d' % no
            if line.startswith('```'):
                if block is not None:
                    block = None
                    continue
                block = line[3:].split() or ['-']
                if block[0] == 'exchange' and (len(block) != 3 or not all(
                        'oneOf' in self.reg.docs.get(f, {}) for f in block[1:])):
                    self.err(DOCS_PATH, where, 'expected ```exchange <client family> <server family>')
                    block = ['-']
                elif block[0] == 'rest' and (len(block) != 2 or block[1] not in self.reg.docs):
                    self.err(DOCS_PATH, where, 'expected ```rest <schema file id>')
                    block = ['-']
                continue
            if block is None or block[0] not in ('exchange', 'rest') or not line.strip() \
                    or line.startswith('~'):
                continue
            if block[0] == 'rest':
                i = line.find('{')
                name = line[:i].split()[-1] if i > 0 and line[:i].split() else None
                if name not in self.reg.docs[block[1]]['$defs']:
                    self.err(DOCS_PATH, where, 'expected "<method and path or status> <def of %s> '
                             '{json}"' % block[1])
                    continue
                self.doc_message(where, block[1], name, line[i:], True)
                continue
            if line[:2] in ('>!', '<!'):
                fid = block[1] if line[0] == '>' else block[2]
                self.doc_message(where, fid, '-family', line[2:].strip(), False)
            elif line[0] in '<>':
                fid = block[1] if line[0] == '>' else block[2]
                self.doc_message(where, fid, '-family', line[1:].strip(), True)
            else:
                self.err(DOCS_PATH, where, 'exchange lines start with >, <, >!, <! or ~')

    def doc_message(self, where, fid, name, text, valid):
        self.counts['docs'] += 1
        try:
            v = loads_strict(text)
            errs = self.reg.validate_def(fid, name, v)
        except JsonError as e:
            errs = [('', str(e))]
        if valid:
            for p, r in errs:
                self.err(DOCS_PATH, where, '%s%s' % (p + ': ' if p else '', r))
        elif not errs:
            self.err(DOCS_PATH, where, 'marked as rejected (!) but it is a valid %s message' % fid)

    # -- driver ----------------------------------------------------------
    def run(self, seeds=True):
        self.load()
        good = {}
        for fid, doc in sorted(self.reg.docs.items()):
            if self.check_top(fid, doc):
                good[fid] = doc
        self.reg.docs = good
        if not self.errors:
            self.check_all(good, seeds)
        # Layout last: it never hides a real problem.
        for fid, doc in sorted(good.items()):
            if self.texts.get(fid) != format_doc(doc):
                self.err(self.fname(fid), '', 'not in canonical layout (run tools/schemalint.py --format)')
        return self.errors

    def check_all(self, good, seeds):
        usable = True
        for fid, doc in sorted(good.items()):
            for name, s in doc['$defs'].items():
                self.counts['defs'] += 1
                usable &= self.check_schema(fid, s, '$defs.' + name, 'def')
        self.check_names()
        if not usable:
            return   # the rules below need structurally sound schemas
        for fid, doc in sorted(good.items()):
            if 'oneOf' in doc:
                self.check_family(fid, doc)
        if self.errors:
            return
        self.check_graph()
        if self.errors:
            return
        for fid, doc in sorted(good.items()):
            for name, s in doc['$defs'].items():
                self.check_values(fid, s, '$defs.' + name)
            if 'oneOf' in doc:
                self.check_family_examples(fid, doc)
        self.counts['files'] = len(good)
        if seeds:
            self.check_seeds()
            self.check_docs()


def lint(root, seeds=True):
    linter = Linter(root)
    return linter.run(seeds), linter.counts


def reformat(root):
    sdir = os.path.join(root, SCHEMA_DIR)
    changed = 0
    for n in sorted(os.listdir(sdir)):
        if not n.endswith('.json'):
            continue
        path = os.path.join(sdir, n)
        try:
            text, doc = load_file(path)
        except JsonError as e:
            print('%s/%s: %s' % (SCHEMA_DIR, n, e))
            return 1
        new = format_doc(doc)
        if new != text:
            with open(path, 'w', encoding='utf-8') as f:
                f.write(new)
            changed += 1
    print('schemalint: %d file(s) reformatted' % changed)
    return 0


# ---------------------------------------------------------------------------
# Self test: broken inputs must be caught

SELFTEST_FSM = '''machine t
prefix pl_t
initial IDLE
state IDLE "idle"
state BUSY "busy"
event go "go"
event back "back"
IDLE go -> BUSY
BUSY back -> IDLE
'''


def _base_schemas():
    common = {
        '$schema': SCHEMA_URI, '$id': 'common', 'title': 'Common', 'description': 'Shared.',
        '$defs': {
            'timestamp': {'description': 'A time.', 'type': 'string', 'format': 'date-time'},
        },
    }
    server = {
        '$schema': SCHEMA_URI, '$id': 't_server', 'title': 'T server', 'description': 'Events.',
        'oneOf': [{'$ref': '#/$defs/hello'}, {'$ref': '#/$defs/state'}],
        'discriminator': {'propertyName': 'mt'},
        '$defs': {
            'hello': {
                'description': 'Greeting.', 'type': 'object',
                'properties': {
                    'mt': {'description': 'Kind.', 'type': 'string', 'const': 'hello'},
                    'text': {'description': 'Text.', 'type': 'string', 'maxLength': 4},
                    'at': {'$ref': 'common.json#/$defs/timestamp', 'description': 'When.'},
                    'seq': {'description': 'Sequence.', 'x-parley-extension': True,
                            'type': 'integer', 'minimum': 1},
                },
                'required': ['mt', 'text', 'at'], 'additionalProperties': False,
                'examples': [{'mt': 'hello', 'text': 'hi', 'at': '2024-01-15T10:30:00Z'}],
            },
            'state': {
                'description': 'State.', 'type': 'object',
                'properties': {
                    'mt': {'description': 'Kind.', 'type': 'string', 'const': 'state'},
                    'state': {'description': 'Now.', 'type': 'string', 'x-parley-fsm-states': 'lower'},
                    'who': {'description': 'Id.', 'type': ['string', 'integer'], 'maxLength': 8},
                    'note': {'description': 'Note.', 'type': ['string', 'null']},
                    'data': {'description': 'Free.', 'type': 'object'},
                },
                'required': ['mt', 'state'], 'additionalProperties': False,
                'examples': [{'mt': 'state', 'state': 'busy', 'who': 7, 'note': None, 'data': {'a': [1]}}],
            },
        },
    }
    return {'common': common, 't_server': server}


def _write_tree(root, schemas, texts=None, seeds=None, docs=None):
    os.makedirs(os.path.join(root, SCHEMA_DIR))
    os.makedirs(os.path.join(root, 'fsm'))
    os.makedirs(os.path.join(root, SEED_DIR))
    with open(os.path.join(root, FSM_PATH), 'w') as f:
        f.write(SELFTEST_FSM)
    for fid, doc in schemas.items():
        with open(os.path.join(root, SCHEMA_DIR, fid + '.json'), 'w') as f:
            f.write(format_doc(doc))
    for fid, text in (texts or {}).items():
        with open(os.path.join(root, SCHEMA_DIR, fid + '.json'), 'w') as f:
            f.write(text)
    seeds = seeds if seeds is not None else {
        'a.json': ('{"mt": "hello", "text": "yo", "at": "2024-01-15T10:30:00.5+05:30"}', 't_server hello')}
    with open(os.path.join(root, SEED_DIR, MANIFEST), 'w') as m:
        m.write('# file schema def\n')
        for fn, (text, target) in seeds.items():
            with open(os.path.join(root, SEED_DIR, fn), 'w') as f:
                f.write(text)
            if target:
                m.write('%s %s\n' % (fn, target))
    if docs is not None:
        os.makedirs(os.path.join(root, 'docs'))
        with open(os.path.join(root, DOCS_PATH), 'w') as f:
            f.write(docs)


def selftest():
    cases = []

    def case(name, expect, mutate=None, texts=None, seeds=None, docs=None):
        cases.append((name, expect, mutate, texts, seeds, docs))

    def hello(d):
        return d['t_server']['$defs']['hello']

    def state(d):
        return d['t_server']['$defs']['state']

    case('good tree passes', None)
    case('unknown keyword', 'unknown keyword "maxlength"',
         lambda d: hello(d)['properties']['text'].update(maxlength=3))
    case('keyword on the wrong type', '"maxLength" does not apply to type "integer"',
         lambda d: hello(d)['properties']['seq'].update(maxLength=3))
    case('bad local $ref', '"#/$defs/nope" does not resolve',
         lambda d: hello(d)['properties'].update(x={'$ref': '#/$defs/nope'}))
    case('bad cross-file $ref', '"other.json#/$defs/timestamp" does not resolve',
         lambda d: hello(d)['properties']['at'].update({'$ref': 'other.json#/$defs/timestamp'}))
    case('failing example', '$defs.hello.examples[1]: text: must be at most 4 characters long, got 5',
         lambda d: hello(d)['examples'].append({'mt': 'hello', 'text': 'hello', 'at': '2024-01-15T10:30:00Z'}))
    case('failing default', 'seq.default: expected integer, got string',
         lambda d: hello(d)['properties']['seq'].update(default='1'))
    case('bad date-time example', 'at: expected a date-time like 2024-01-15T10:30:00Z',
         lambda d: hello(d)['examples'].append({'mt': 'hello', 'text': 'a', 'at': '2025-02-30T10:00:00Z'}))
    case('missing required field', 'examples[1]: at: required',
         lambda d: hello(d)['examples'].append({'mt': 'hello', 'text': 'a'}))
    case('unknown field on a strict object', 'extra: unknown field',
         lambda d: hello(d)['examples'].append({'mt': 'hello', 'text': 'a', 'at': '2024-01-15T10:30:00Z', 'extra': 1}))
    case('FSM states come from the FSM file', 'state: expected one of idle, busy',
         lambda d: state(d)['examples'].append({'mt': 'state', 'state': 'listening'}))
    case('string-or-integer keeps its string bounds', 'who: must be at most 8 characters long, got 9',
         lambda d: state(d)['examples'].append({'mt': 'state', 'state': 'idle', 'who': '123456789'}))
    case('null only where nullable', 'who: expected string or integer, got null',
         lambda d: state(d)['examples'].append({'mt': 'state', 'state': 'idle', 'who': None}))
    case('FSM enum is never hand-written', 'x-parley-fsm-states takes its values from',
         lambda d: state(d)['properties']['state'].update(enum=['idle', 'busy']))
    case('discriminator must be required', 'must list the discriminator "mt"',
         lambda d: hello(d)['required'].remove('mt'))
    case('discriminator values are unique', 'duplicate discriminator value "hello"',
         lambda d: state(d)['properties']['mt'].update(const='hello'))
    case('discriminator is a const string', 'the discriminator "mt" must be',
         lambda d: state(d)['properties'].update(mt={'description': 'k', 'type': 'string'}))
    case('def names are C identifiers', 'def name "Bad-Name"',
         lambda d: d['t_server']['$defs'].update({'Bad-Name': {'description': 'x', 'type': 'string'}}))
    case('property names are C identifiers', 'property name "default" cannot become a C identifier',
         lambda d: hello(d)['properties'].update(default={'description': 'x', 'type': 'string'}))
    case('enum values are C identifiers', '"a-b" cannot become a C identifier',
         lambda d: hello(d)['properties'].update(k={'description': 'x', 'type': 'string', 'enum': ['a-b']}))
    case('extensions stay optional', '"seq" is an extension',
         lambda d: hello(d)['required'].append('seq'))
    case('server objects are strict', 'needs "additionalProperties": false',
         lambda d: hello(d).pop('additionalProperties'))
    case('every property has a description', '$defs.hello.properties.text: needs a description',
         lambda d: hello(d)['properties']['text'].pop('description'))
    case('messages have examples', '$defs.hello: a message needs "examples"',
         lambda d: hello(d).pop('examples'))
    case('unused defs are reported', '$defs.orphan: unused',
         lambda d: d['t_server']['$defs'].update(orphan={'description': 'x', 'type': 'string'}))
    case('inline sub-objects must be named', 'name this sub-object in $defs',
         lambda d: hello(d)['properties'].update(o={'description': 'x', 'type': 'object', 'properties': {
             'a': {'description': 'a', 'type': 'string'}}}))
    case('ref cycles are rejected', '$ref cycle',
         lambda d: d['t_server']['$defs'].update(
             loop={'description': 'x', 'type': 'object', 'properties': {
                 'me': {'$ref': '#/$defs/loop', 'description': 'x'}}, 'additionalProperties': False})
         or hello(d)['properties'].update(loop={'$ref': '#/$defs/loop', 'description': 'x'}))
    case('bounds fit int64', 'must be an integer that fits in int64',
         lambda d: hello(d)['properties']['seq'].update(maximum=1 << 63))
    case('$ref carries only documentation', '$ref may carry only description, title, x-parley-extension, not maxLength',
         lambda d: hello(d)['properties']['at'].update(maxLength=3))
    case('generated C members do not collide', 'collides with the C member has_seq',
         lambda d: hello(d)['properties'].update(has_seq={'description': 'x', 'type': 'boolean'}))
    case('type lists are limited', 'must be one of object',
         lambda d: hello(d)['properties']['text'].update(type=['string', 'boolean']))
    case('duplicate keys are rejected', 'duplicate key "mt"',
         texts={'t_server': '{"mt": 1, "mt": 2}\n'})
    case('layout is canonical', 'not in canonical layout',
         lambda d: None, texts={'common': json.dumps(_base_schemas()['common'])})
    case('seed example that fails its def', 'tests/data/seed_examples/b.json: text: expected string, got integer',
         seeds={'b.json': ('{"mt": "hello", "text": 5, "at": "2024-01-15T10:30:00Z"}', 't_server hello')})
    case('seed example dispatched elsewhere', 'dispatches it to state',
         seeds={'b.json': ('{"mt": "state", "state": "idle"}', 't_server hello')})
    case('seed example against a family', 'mt: expected one of hello, state',
         seeds={'b.json': ('{"mt": "bye"}', 't_server -family')})
    case('seed example not in MANIFEST', 'b.json: (root): not listed',
         seeds={'b.json': ('{}', None)})
    case('seed example that is not JSON', 'c.json: (root): ',
         seeds={'c.json': ('{"mt": "hello",}', 't_server hello')})

    good_doc = ('# x\n```exchange t_server t_server\n~ note\n'
                '> {"mt": "state", "state": "idle"}\n'
                '< {"mt": "hello", "text": "hi", "at": "2024-01-15T10:30:00Z"}\n'
                '>! not json\n>! {"mt": "state", "state": "gone"}\n```\n'
                '```rest t_server\n200 hello {"mt": "hello", "text": "hi", "at": "2024-01-15T10:30:00Z"}\n```\n')
    case('doc exchanges pass', None, docs=good_doc)
    case('doc exchange with a bad message', 'docs/protocols.md: line 4: state: expected one of idle, busy',
         docs=good_doc.replace('"state": "idle"}', '"state": "nope"}'))
    case('doc exchange: a frame marked rejected must fail', 'line 7: marked as rejected',
         docs=good_doc.replace('"state": "gone"', '"state": "busy"'))
    case('doc exchange names families', 'expected ```exchange <client family>',
         docs=good_doc.replace('exchange t_server t_server', 'exchange t_server common'))
    case('doc rest line names a def', 'expected "<method and path or status> <def of t_server>',
         docs=good_doc.replace('200 hello', '200 nope'))

    failed = 0
    for name, expect, mutate, texts, seeds, docs in cases:
        schemas = _base_schemas()
        if mutate:
            mutate(schemas)
        with tempfile.TemporaryDirectory(prefix='schemalint-selftest-') as root:
            _write_tree(root, schemas, texts, seeds, docs)
            errors, _ = lint(root)
        if expect is None:
            ok = not errors
        else:
            ok = any(expect in e for e in errors)
        if not ok:
            failed += 1
            print('selftest FAILED: %s: expected %s, got:' % (
                name, 'no errors' if expect is None else repr(expect)))
            for e in errors or ['(no errors)']:
                print('    ' + e)

    # Direct checks of the validation primitives.
    reg = Registry(REPO)
    reg.docs = {}
    prims = [
        (is_date_time('2024-02-29T23:59:60.123456-08:00'), 'leap day, leap second, offset'),
        (not is_date_time('2023-02-29T00:00:00Z'), 'no Feb 29 in 2023'),
        (not is_date_time('2024-01-15T10:30:00'), 'zone required'),
        (not is_date_time('2024-01-15 10:30:00Z'), 'T required'),
        (not is_date_time('2025-01-03T...'), 'the seed placeholder is not a date-time'),
        (not reg.validate('x', {'type': 'string', 'maxLength': 2}, '\U0001F600\U0001F600\U0001F600') == [],
         'length counts code points (3 > 2)'),
        (reg.validate('x', {'type': 'string', 'maxLength': 2}, '\U0001F600\U0001F600') == [],
         'astral characters count once'),
        (reg.validate('x', {'type': 'integer'}, 2.0) == [], 'integral number is an integer'),
        (reg.validate('x', {'type': 'integer'}, 2.5) != [], 'fraction is not an integer'),
        (reg.validate('x', {'type': 'integer'}, 1 << 63) != [], 'integer past int64'),
        (reg.validate('x', {'type': 'number', 'maximum': 1}, True) != [], 'boolean is not a number'),
        (reg.validate('x', {'type': 'object'}, json.loads('[' * 70 + ']' * 70)) != [], 'array is not object'),
        (reg.validate('x', {'type': 'object'}, json.loads('{"a":' * 70 + '1' + '}' * 70)) != [],
         'nesting depth limit'),
        (reg.validate('x', {'type': 'string', 'format': 'uuid'}, '6507f1f7-7e1a-2b3c-4d5e-6f7a00000000') == [],
         'uuid accepted'),
    ]
    for ok, what in prims:
        if not ok:
            failed += 1
            print('selftest FAILED: primitive: %s' % what)
    for text, what in (('{"a": 1, "a": 2}', 'duplicate key'), ('[NaN]', 'NaN'),
                       ('["\\ud800"]', 'lone surrogate')):
        try:
            loads_strict(text)
            failed += 1
            print('selftest FAILED: loads_strict accepted %s' % what)
        except JsonError:
            pass
    total = len(cases) + len(prims) + 3
    if failed:
        print('schemalint selftest: %d of %d checks failed' % (failed, total))
        return 1
    print('schemalint selftest: %d checks passed' % total)
    return 0


def main(argv):
    root = REPO
    args = argv[1:]
    if '--root' in args:
        i = args.index('--root')
        if i + 1 >= len(args):
            print('usage: schemalint.py [--root DIR] [--format | --selftest]')
            return 2
        root = os.path.abspath(args[i + 1])
        del args[i:i + 2]
    if args == ['--selftest']:
        return selftest()
    if args == ['--format']:
        return reformat(root)
    if args:
        print('usage: schemalint.py [--root DIR] [--format | --selftest]')
        return 2
    errors, counts = lint(root)
    for e in errors:
        print(e)
    if errors:
        print('schemalint: %d problem(s)' % len(errors))
        return 1
    print('schemalint: %(files)d schema files, %(defs)d defs, %(examples)d examples, '
          '%(seed)d seed examples, %(docs)d doc messages: OK' % counts)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
