#!/usr/bin/env python3
"""schemagen.py - turns Parley's message schemas into C, docs and TypeScript.

Reads every schemas/<fileid>.json (JSON Schema, the Parley subset described
in docs/messages.md and tools/schemalint.py), checks it, and produces:

  gen/schemas/pl_msg_<fileid>.h / .c   C structs, enums, descriptor tables and
                                       thin typed functions over the runtime
                                       in include/parley/msg.h (src/msg/)
  gen/schemas/pl_msg_all.h / .c        includes every header; a registry of
                                       all descriptors and families
  docs/messages.md                     the reference of every message
  gen/ts/parley_messages.d.ts          TypeScript types for client authors

generate(src_root) returns {relative output path: content}; the output is
byte-for-byte deterministic. Run directly to write the files:

  python3 tools/schemagen.py --out DIR        (DIR defaults to the repo root)

Errors name the file, the JSON pointer and the reason, e.g.
  schemas/tutor_server.json: #/$defs/connected/properties/mt: unknown keyword "cosnt"
Rejected: keywords outside the subset, unresolvable $refs, family members
without the discriminator const, examples that do not validate.
State enums marked "x-parley-fsm-states" come from fsm/conversation.fsm via
tools/fsm_source.py, never from a second hand-written list.
"""

import argparse
import json
import math
import os
import re
import sys
import textwrap

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fsm_source  # noqa: E402

GENERATOR = 'tools/schemagen.py'
RUNTIME_VERSION = 1  # must equal PL_MSG_RUNTIME_VERSION in include/parley/msg.h
MAX_FIELDS = 64      # the runtime tracks seen properties in a 64-bit mask
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
SCHEMA_URI = 'https://json-schema.org/draft/2020-12/schema'

TOP_KEYS = ('$schema', '$id', 'title', 'description', '$defs', 'oneOf', 'discriminator')
DOC_KEYS = ('description', 'title', 'examples', 'default', 'x-parley-extension')
SCHEMA_KEYS = ('type', 'properties', 'required', 'additionalProperties', 'minLength', 'maxLength',
               'enum', 'const', 'format', 'minimum', 'maximum', 'items', 'maxItems', 'minItems',
               '$ref', 'x-parley-fsm-states') + DOC_KEYS
REF_SIBLINGS = ('description', 'title', 'x-parley-extension')
BASE_TYPES = ('object', 'string', 'integer', 'number', 'boolean', 'array')
FORMATS = ('date-time', 'uuid')
IDENT = re.compile(r'^[a-z][a-z0-9_]*$')
C_IDENT = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')
C_RESERVED = set('''auto break case char const continue default do double else enum extern float
for goto if inline int long register restrict return short signed sizeof static struct switch
typedef union unsigned void volatile while _Alignas _Alignof _Atomic _Bool _Complex _Generic
_Imaginary _Noreturn _Static_assert _Thread_local bool true false NULL errno assert offsetof
stdin stdout stderr EOF'''.split())
DATE_TIME = re.compile(r'^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})'
                       r'(\.[0-9]+)?(Z|[+-]([0-9]{2}):([0-9]{2}))$')
UUID = re.compile(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')


class SchemaError(Exception):
    """Raised with one 'file: #/pointer: reason' line per problem."""


# ---------------------------------------------------------------- helpers

def ptr_join(ptr, *parts):
    for p in parts:
        ptr += '/' + str(p).replace('~', '~0').replace('/', '~1')
    return ptr


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_num(v):
    return (isinstance(v, (int, float)) and not isinstance(v, bool)
            and not (isinstance(v, float) and not math.isfinite(v)))


def snake(name):
    s = re.sub(r'(?<=[a-z0-9])([A-Z])', r'_\1', name)
    s = re.sub(r'[^A-Za-z0-9]+', '_', s).strip('_').lower()
    return s or 'x'


def pascal(name):
    return ''.join(p[:1].upper() + p[1:] for p in re.split(r'[^A-Za-z0-9]+', name) if p)


def c_member(name):
    if C_IDENT.match(name) and name not in C_RESERVED and not name.startswith('__') \
            and not re.match(r'^_[A-Z]', name):
        return name
    s = re.sub(r'[^A-Za-z0-9_]', '_', name)
    if not s or s[0].isdigit():
        s = 'p_' + s
    if s.startswith('_'):
        s = 'p' + s
    if s in C_RESERVED:
        s += '_'
    return s


def c_str(s):
    """A C string literal for s (UTF-8), safe from trigraphs and hex greed."""
    out = []
    for b in s.encode('utf-8'):
        c = chr(b)
        if c in '"\\':
            out.append('\\' + c)
        elif c == '?':
            out.append('\\?')
        elif 0x20 <= b < 0x7f:
            out.append(c)
        else:
            out.append('\\%03o' % b)
    return '"' + ''.join(out) + '"'


def c_comment_text(s):
    return s.replace('*/', '* /').replace('/*', '/ *').replace('??', '? ?')


def comment_lines(text, indent='', width=92):
    """A /** ... */ doc comment (one line when short)."""
    text = ' '.join(c_comment_text(text).split())
    if len(indent) + len(text) + 7 <= width:
        return ['%s/** %s */' % (indent, text)]
    lines = ['%s/**' % indent]
    for ln in textwrap.wrap(text, width - len(indent) - 3):
        lines.append('%s * %s' % (indent, ln))
    lines.append('%s */' % indent)
    return lines


def utf8_key(s):
    b = s.encode('utf-8')
    return (len(b), b)


def num_text(v):
    return str(v) if is_int(v) else repr(float(v))


def c_int64(v):
    if v == INT64_MIN:
        return '(-INT64_C(9223372036854775807) - 1)'
    return 'INT64_C(%d)' % v


def fmt_json(v):
    return json.dumps(v, ensure_ascii=False, separators=(',', ':'))


# ------------------------------------------------------------------ model

class Type:
    """A resolved schema: one value's kind, constraints and documentation."""

    def __init__(self, kind, schema, where):
        self.kind = kind          # object string enum const bool_const integer number boolean array id json
        self.schema = schema
        self.where = where        # (file, pointer)
        self.nullable = False
        self.min_len = 0
        self.max_len = None
        self.fmt = None
        self.values = None        # enum values / [const]
        self.const = None
        self.minimum = None
        self.maximum = None
        self.items = None         # Type
        self.obj = None           # Obj
        self.enum = None          # Enum
        self.defname = None       # (fileid, defname) when this is a $defs entry
        self.slot = None          # array with nullable items: C name of the item slot struct
        self.complete = False


class Obj:
    def __init__(self, fileid, cname, desc_name, schema, where, order):
        self.fileid = fileid
        self.cname = cname        # pl_msg_<f>_<d>[_<path>]
        self.desc_name = desc_name
        self.schema = schema
        self.where = where
        self.order = order
        self.fields = []
        self.closed = False
        self.defname = None       # set for $defs entries


class Field:
    def __init__(self, name, member, t, required, schema, where):
        self.name = name
        self.member = member
        self.t = t
        self.required = required
        self.schema = schema      # the property schema (ref-site docs)
        self.where = where


class Slot:
    """An item of an array with nullable items: struct { bool is_null; T value; }."""

    def __init__(self, fileid, cname, array, where, order):
        self.fileid = fileid
        self.cname = cname
        self.array = array
        self.where = where
        self.order = order


class Enum:
    def __init__(self, fileid, cname, values, where, order):
        self.fileid = fileid
        self.cname = cname
        self.values = values
        self.where = where
        self.order = order
        self.macros = []


class File:
    def __init__(self, fileid, rel, doc):
        self.fileid = fileid
        self.rel = rel
        self.doc = doc
        self.defs = doc.get('$defs', {}) if isinstance(doc, dict) else {}
        self.def_types = {}       # defname -> Type
        self.objs = []
        self.enums = []
        self.slots = []
        self.family = None        # (key, [(value, defname)])
        self.deps = set()         # other file ids referenced


# ---------------------------------------------------------------- loading

def load_json(path, rel):
    def pairs(kv):
        d = {}
        for k, v in kv:
            if k in d:
                raise SchemaError('%s: duplicate key "%s"' % (rel, k))
            d[k] = v
        return d

    def const(c):
        raise SchemaError('%s: %s is not JSON' % (rel, c))
    try:
        with open(path, encoding='utf-8') as f:
            return json.loads(f.read(), object_pairs_hook=pairs, parse_constant=const)
    except (ValueError, UnicodeDecodeError) as e:
        raise SchemaError('%s: not valid JSON: %s' % (rel, e))


class Generator:
    def __init__(self, src_root, schema_dir='schemas', fsm_path='fsm/conversation.fsm'):
        self.root = src_root
        self.schema_dir = schema_dir.rstrip('/')
        self.fsm_path = fsm_path
        self._fsm = None
        self.errors = []
        self.files = {}
        self.order = 0

    def err(self, where, reason):
        self.errors.append('%s: %s: %s' % (where[0], where[1] or '#', reason))

    def flush(self):
        if self.errors:
            raise SchemaError('\n'.join(self.errors))

    def fsm_states(self, where):
        if self._fsm is None:
            path = os.path.join(self.root, self.fsm_path)
            try:
                self._fsm = [s.name for s in fsm_source.read(path).states]
            except (OSError, fsm_source.FsmError) as e:
                self.err(where, 'x-parley-fsm-states: cannot read %s: %s' % (self.fsm_path, e))
                self._fsm = []
        return self._fsm

    # ---- pass 1: the keyword subset

    def load(self):
        d = os.path.join(self.root, self.schema_dir)
        names = sorted(n for n in os.listdir(d) if n.endswith('.json')) if os.path.isdir(d) else []
        for n in names:
            fileid = n[:-5]
            rel = '%s/%s' % (self.schema_dir, n)
            if not IDENT.match(fileid):
                self.errors.append('%s: file id "%s" is not lowercase snake_case' % (rel, fileid))
                continue
            doc = load_json(os.path.join(d, n), rel)
            self.files[fileid] = File(fileid, rel, doc)
        for f in self.files.values():
            self.check_top(f)
        self.flush()

    def check_top(self, f):
        doc = f.doc
        w = (f.rel, '#')
        if not isinstance(doc, dict):
            return self.err(w, 'top level must be an object')
        for k in doc:
            if k not in TOP_KEYS:
                self.err(w, 'unknown top-level keyword "%s" (allowed: %s)' % (k, ', '.join(TOP_KEYS)))
        if '$schema' in doc and doc['$schema'] != SCHEMA_URI:
            self.err((f.rel, '#/$schema'), 'must be "%s"' % SCHEMA_URI)
        if '$id' in doc and doc['$id'] != f.fileid:
            self.err((f.rel, '#/$id'), 'must be the file id "%s"' % f.fileid)
        for k in ('title', 'description'):
            if k in doc and not isinstance(doc[k], str):
                self.err((f.rel, '#/' + k), 'must be a string')
        defs = doc.get('$defs')
        if not isinstance(defs, dict) or not defs:
            return self.err(w, '"$defs" must be a non-empty object')
        for name, s in defs.items():
            p = ptr_join('#/$defs', name)
            if not IDENT.match(name):
                self.err((f.rel, p), 'def name "%s" is not lowercase snake_case' % name)
            self.check_schema(f, s, p)
        if ('oneOf' in doc) != ('discriminator' in doc):
            self.err(w, '"oneOf" and "discriminator" go together')
        if 'oneOf' in doc and 'discriminator' in doc:
            self.check_family(f)

    def check_family(self, f):
        doc = f.doc
        disc = doc['discriminator']
        if not isinstance(disc, dict) or list(disc) != ['propertyName'] \
                or not isinstance(disc['propertyName'], str) or not disc['propertyName']:
            return self.err((f.rel, '#/discriminator'), 'must be {"propertyName": "<key>"}')
        key = disc['propertyName']
        one = doc['oneOf']
        if not isinstance(one, list) or not one:
            return self.err((f.rel, '#/oneOf'), 'must be a non-empty array of {"$ref": "#/$defs/<name>"}')
        members, seen_values = [], {}
        for i, m in enumerate(one):
            p = '#/oneOf/%d' % i
            ref = m.get('$ref') if isinstance(m, dict) else None
            if not isinstance(m, dict) or list(m) != ['$ref'] or not isinstance(ref, str) \
                    or not ref.startswith('#/$defs/'):
                self.err((f.rel, p), 'must be {"$ref": "#/$defs/<name>"}')
                continue
            name = ref[len('#/$defs/'):]
            s = f.defs.get(name)
            if s is None:
                self.err((f.rel, p), 'unresolvable $ref "%s"' % ref)
                continue
            dp = ptr_join('#/$defs', name)
            props = s.get('properties') if isinstance(s, dict) else None
            prop = props.get(key) if isinstance(props, dict) else None
            if not isinstance(prop, dict) or not isinstance(prop.get('const'), str):
                self.err((f.rel, dp), 'family member lacks the discriminator: properties.%s must be '
                         '{"const": "<value>"}' % key)
                continue
            if key not in (s.get('required') or []):
                self.err((f.rel, dp), 'family member must list the discriminator "%s" in required' % key)
                continue
            v = prop['const']
            if v in seen_values:
                self.err((f.rel, dp), 'discriminator value "%s" already used by %s' % (v, seen_values[v]))
                continue
            if name in [n for _, n in members]:
                self.err((f.rel, p), 'def %s listed twice' % name)
                continue
            seen_values[v] = name
            members.append((v, name))
        f.family = (key, members)

    def check_schema(self, f, s, p):
        w = (f.rel, p)
        if not isinstance(s, dict):
            return self.err(w, 'a schema must be an object')
        for k in s:
            if k not in SCHEMA_KEYS:
                self.err(w, 'unknown keyword "%s" (not in the Parley schema subset)' % k)
        if 'description' in s and not isinstance(s['description'], str):
            self.err(ptrw(w, 'description'), 'must be a string')
        if 'title' in s and not isinstance(s['title'], str):
            self.err(ptrw(w, 'title'), 'must be a string')
        if 'x-parley-extension' in s and s['x-parley-extension'] is not True:
            self.err(ptrw(w, 'x-parley-extension'), 'must be true')
        if 'examples' in s and not isinstance(s['examples'], list):
            self.err(ptrw(w, 'examples'), 'must be an array')
        if '$ref' in s:
            for k in s:
                if k != '$ref' and k not in REF_SIBLINGS:
                    self.err(w, '"%s" cannot sit beside "$ref" (only %s)' % (k, ', '.join(REF_SIBLINGS)))
            if not isinstance(s['$ref'], str):
                self.err(ptrw(w, '$ref'), 'must be a string')
            return
        base, nullable = self.type_of(f, s, w)
        if base is None:
            return
        allowed = {'string': ('minLength', 'maxLength', 'enum', 'const', 'format', 'x-parley-fsm-states'),
                   'id': ('minLength', 'maxLength', 'format', 'minimum', 'maximum'),
                   'integer': ('minimum', 'maximum'), 'number': ('minimum', 'maximum'),
                   'boolean': ('const',), 'object': ('properties', 'required', 'additionalProperties'),
                   'array': ('items', 'minItems', 'maxItems')}[base]
        for k in s:
            if k in ('type', '$ref') or k in DOC_KEYS or k not in SCHEMA_KEYS:
                continue
            if k not in allowed:
                self.err(ptrw(w, k), '"%s" does not apply to type %s' % (k, base))
        for k in ('minLength', 'maxLength', 'minItems', 'maxItems'):
            if k in s and (not is_int(s[k]) or s[k] < 0):
                self.err(ptrw(w, k), 'must be a non-negative integer')
        for lo, hi in (('minLength', 'maxLength'), ('minItems', 'maxItems'), ('minimum', 'maximum')):
            if lo in s and hi in s and is_num(s[lo]) and is_num(s[hi]) and s[lo] > s[hi]:
                self.err(w, '%s is greater than %s' % (lo, hi))
        for k in ('minimum', 'maximum'):
            if k in s:
                v = s[k]
                if not is_num(v):
                    self.err(ptrw(w, k), 'must be a number')
                elif base in ('integer', 'id') and (not float(v).is_integer() or not INT64_MIN <= v <= INT64_MAX):
                    self.err(ptrw(w, k), 'must be an integer within int64')
        if 'format' in s and s['format'] not in FORMATS:
            self.err(ptrw(w, 'format'), 'unknown format "%s" (supported: %s)' % (s['format'], ', '.join(FORMATS)))
        if 'enum' in s:
            e = s['enum']
            if not isinstance(e, list) or not e or not all(isinstance(v, str) for v in e):
                self.err(ptrw(w, 'enum'), 'must be a non-empty array of strings')
            elif len(set(e)) != len(e):
                self.err(ptrw(w, 'enum'), 'values must be unique')
            elif '' in e:
                self.err(ptrw(w, 'enum'), 'the empty string cannot be an enum value')
        if 'const' in s:
            want = bool if base == 'boolean' else str
            if not isinstance(s['const'], want):
                self.err(ptrw(w, 'const'), 'must be a %s' % ('boolean' if want is bool else 'string'))
            if 'enum' in s:
                self.err(w, 'use either "enum" or "const", not both')
        if 'x-parley-fsm-states' in s:
            if s['x-parley-fsm-states'] not in ('lower', 'upper'):
                self.err(ptrw(w, 'x-parley-fsm-states'), 'must be "lower" or "upper"')
            if 'enum' in s or 'const' in s:
                self.err(w, 'x-parley-fsm-states is the enum: do not also write "enum" or "const"')
        if base == 'object':
            props = s.get('properties')
            if props is not None:
                if not isinstance(props, dict):
                    self.err(ptrw(w, 'properties'), 'must be an object')
                    props = {}
                for name, ps in props.items():
                    if not name:
                        self.err(ptrw(w, 'properties'), 'empty property name')
                    self.check_schema(f, ps, ptr_join(p, 'properties', name))
            req = s.get('required', [])
            if not isinstance(req, list) or not all(isinstance(r, str) for r in req) or len(set(req)) != len(req):
                self.err(ptrw(w, 'required'), 'must be an array of unique property names')
            else:
                for r in req:
                    if not isinstance(props, dict) or r not in props:
                        self.err(ptrw(w, 'required'), 'required property "%s" is not in properties' % r)
            if 'additionalProperties' in s and not isinstance(s['additionalProperties'], bool):
                self.err(ptrw(w, 'additionalProperties'), 'must be true or false')
        if base == 'array':
            if 'items' not in s:
                self.err(w, 'an array needs "items"')
            else:
                self.check_schema(f, s['items'], ptr_join(p, 'items'))

    def type_of(self, f, s, w):
        """(base, nullable) of a non-$ref schema; base 'id' for [string, integer]."""
        t = s.get('type')
        if t is None:
            if isinstance(s.get('const'), bool):
                return 'boolean', False
            if 'const' in s or 'enum' in s:
                return 'string', False
            self.err(w, 'missing "type"')
            return None, False
        ts = t if isinstance(t, list) else [t]
        if not ts or not all(isinstance(x, str) for x in ts) or len(set(ts)) != len(ts):
            self.err(ptrw(w, 'type'), 'must be a type name or an array of distinct type names')
            return None, False
        nullable = 'null' in ts
        rest = sorted(x for x in ts if x != 'null')
        if rest == ['integer', 'string']:
            return 'id', nullable
        if len(rest) == 1 and rest[0] in BASE_TYPES and (len(ts) == 1 or nullable):
            return rest[0], nullable
        self.err(ptrw(w, 'type'), 'unsupported type %s (use one of %s, [T, "null"] or ["string", "integer"])'
                 % (fmt_json(t), ', '.join(BASE_TYPES)))
        return None, False

    # ---- pass 2: resolve into the model

    def resolve(self):
        for f in self.files.values():
            for name in f.defs:
                self.def_type(f.fileid, name, (f.rel, '#'))
        self.flush()
        taken = {}
        for f in self.files.values():
            self.check_struct_cycles(f)
            self.check_names(f, taken)
        self.check_ts_names()
        self.flush()
        self.check_file_cycles()
        self.flush()

    def def_type(self, fileid, name, where):
        f = self.files[fileid]
        if name in f.def_types:
            return f.def_types[name]
        s = f.defs[name]
        p = ptr_join('#/$defs', name)
        t = self.build(f, s, p, 'pl_msg_%s_%s' % (fileid, name), '%s.%s' % (fileid, name),
                       defname=name, counter=[0, list(f.defs).index(name)])
        return t

    def lookup_ref(self, f, ref, w):
        m = re.match(r'^(?:([a-z][a-z0-9_]*)\.json)?#/\$defs/([^/]+)$', ref)
        if not m:
            self.err(w, 'unresolvable $ref "%s" (use "#/$defs/<name>" or "<fileid>.json#/$defs/<name>")' % ref)
            return None
        fid = m.group(1) or f.fileid
        name = m.group(2).replace('~1', '/').replace('~0', '~')
        tf = self.files.get(fid)
        if tf is None or name not in tf.defs:
            self.err(w, 'unresolvable $ref "%s"' % ref)
            return None
        if fid != f.fileid:
            f.deps.add(fid)
        return fid, name

    def build(self, f, s, p, cname, desc_name, defname=None, counter=None):
        w = (f.rel, p)
        if '$ref' in s:
            target = self.lookup_ref(f, s['$ref'], w)
            if target is None:
                return None
            tf = self.files[target[0]]
            t = tf.def_types.get(target[1])
            if t is None:
                return self.def_type(target[0], target[1], w)
            if not t.complete and t.kind != 'object':
                self.err(w, '$ref "%s" contains itself: only objects may recur (through arrays)' % s['$ref'])
                return None
            return t
        base, nullable = self.type_of(f, s, w)
        if base is None:
            return None
        counter[0] += 1
        order = (counter[1], counter[0])
        kind = base
        if base == 'string':
            if 'enum' in s or 'x-parley-fsm-states' in s:
                kind = 'enum'
            elif 'const' in s:
                kind = 'const'
        elif base == 'boolean' and 'const' in s:
            kind = 'bool_const'
        elif base == 'object' and not s.get('properties') and s.get('additionalProperties', True):
            kind = 'json'
        t = Type(kind, s, w)
        t.nullable = nullable
        if defname is not None:
            t.defname = (f.fileid, defname)
            f.def_types[defname] = t
        if kind in ('string', 'id'):
            t.min_len = s.get('minLength', 0)
            t.max_len = s.get('maxLength')
            t.fmt = s.get('format')
        if kind in ('integer', 'number', 'id'):
            t.minimum = s.get('minimum')
            t.maximum = s.get('maximum')
        if kind == 'enum':
            if 'x-parley-fsm-states' in s:
                names = self.fsm_states(w)
                vals = [n.lower() if s['x-parley-fsm-states'] == 'lower' else n for n in names]
            else:
                vals = list(s['enum'])
            t.values = vals
            e = Enum(f.fileid, cname, vals, w, order)
            t.enum = e
            f.enums.append(e)
        if kind == 'const':
            t.values = [s['const']]
            t.const = s['const']
        if kind == 'bool_const':
            t.const = s['const']
        if kind == 'array':
            t.min_len = s.get('minItems', 0)
            t.max_len = s.get('maxItems')
            it = self.build(f, s['items'], ptr_join(p, 'items'), cname + '_item', desc_name + '[]',
                            counter=counter)
            if it is None:
                return None
            if it.kind in ('const', 'bool_const'):
                self.err(ptrw(w, 'items'), 'array items cannot be a const')
            t.items = it
            if it.nullable:
                t.slot = cname + '_slot'
                f.slots.append(Slot(f.fileid, t.slot, t, w, order))
        if kind == 'object':
            o = Obj(f.fileid, cname, desc_name, s, w, order)
            o.defname = defname
            o.closed = s.get('additionalProperties', True) is False
            t.obj = o
            f.objs.append(o)
            req = s.get('required', [])
            props = s.get('properties') or {}
            if len(props) > MAX_FIELDS:
                self.err(w, 'more than %d properties' % MAX_FIELDS)
            for name, ps in props.items():
                pp = ptr_join(p, 'properties', name)
                ft = self.build(f, ps, pp, cname + '_' + snake(name), desc_name + '.' + name,
                                counter=counter)
                if ft is None:
                    continue
                o.fields.append(Field(name, c_member(name), ft, name in req, ps, (f.rel, pp)))
        t.complete = True
        return t

    def check_struct_cycles(self, f):
        state = {}

        def visit(o, stack):
            if state.get(o.cname) == 2:
                return
            if state.get(o.cname) == 1:
                self.err(o.where, 'object contains itself (%s): nest it through an array instead'
                         % ' -> '.join(x.desc_name for x in stack + [o]))
                return
            state[o.cname] = 1
            for dep in inline_deps(o):
                if isinstance(dep, Obj):
                    visit(dep, stack + [o])
            state[o.cname] = 2
        for o in f.objs:
            visit(o, [])

    def check_names(self, f, taken):
        """C identifiers must not collide, within a file or across files."""
        def take(name, what, where):
            what = '%s (%s)' % (what, f.rel)
            if name in taken and taken[name] != what:
                self.err(where, 'generated C name %s of %s collides with %s' % (name, what, taken[name]))
            taken[name] = what
        for o in f.objs:
            take(o.cname + '_t', o.desc_name, o.where)
            members = {}
            for fl in o.fields:
                names = [fl.member]
                if not fl.required:
                    names.append('has_' + fl.member)
                if fl.t.nullable:
                    names.append(fl.member + '_is_null')
                for n in names:
                    if n in members:
                        self.err(fl.where, 'C member %s collides with property "%s"' % (n, members[n]))
                    members[n] = fl.name
        for sl in f.slots:
            take(sl.cname + '_t', 'array item slot', sl.where)
        for e in f.enums:
            take(e.cname + '_t', 'enum ' + e.cname, e.where)
            prefix = e.cname.upper()
            e.macros = []
            for v in e.values:
                m = prefix + '_' + (re.sub(r'[^A-Za-z0-9]', '_', v).upper() or 'EMPTY')
                take(m, 'value "%s" of %s' % (v, e.cname), e.where)
                e.macros.append(m)
            take(prefix + '__UNSET', e.cname, e.where)
        if f.family:
            take('pl_msg_%s_t' % f.fileid, 'family ' + f.fileid, (f.rel, '#/oneOf'))
            take('pl_msg_%s_kind_t' % f.fileid, 'family ' + f.fileid, (f.rel, '#/oneOf'))
            for _, name in f.family[1]:
                take('PL_MSG_%s_KIND_%s' % (f.fileid.upper(), name.upper()), 'kind ' + name, (f.rel, '#/oneOf'))

    def check_ts_names(self):
        """TypeScript type names must not collide either."""
        taken = {}
        for f in self.files.values():
            names = [(ts_name(f.fileid, d), '%s.%s' % (f.fileid, d)) for d in f.defs]
            if f.family:
                names.append((ts_family_name(f.fileid), 'family ' + f.fileid))
            for n, what in names:
                if n in taken:
                    self.err((f.rel, '#'), 'generated TypeScript name %s of %s collides with %s'
                             % (n, what, taken[n]))
                taken[n] = what

    def check_file_cycles(self):
        state = {}

        def visit(fid, stack):
            if state.get(fid) == 2:
                return
            if state.get(fid) == 1:
                self.err((self.files[fid].rel, '#'), 'files refer to each other in a cycle: %s'
                         % ' -> '.join(stack + [fid]))
                return
            state[fid] = 1
            for d in sorted(self.files[fid].deps):
                visit(d, stack + [fid])
            state[fid] = 2
        for fid in self.files:
            visit(fid, [])

    # ---- pass 3: examples

    def check_examples(self):
        for f in self.files.values():
            for name, s in f.defs.items():
                self.walk_examples(f, f.def_types.get(name), s, ptr_join('#/$defs', name))
        self.flush()

    def walk_examples(self, f, t, s, p):
        if t is None or not isinstance(s, dict):
            return
        for i, ex in enumerate(s.get('examples') or []):
            e = validate(t, ex, '')
            if e:
                self.err((f.rel, ptr_join(p, 'examples', i)), 'example does not validate: %s' % e)
        if '$ref' in s:
            return
        if t.kind == 'object':
            for fl in t.obj.fields:
                self.walk_examples(f, fl.t, s['properties'][fl.name], ptr_join(p, 'properties', fl.name))
        if t.kind == 'array':
            self.walk_examples(f, t.items, s['items'], ptr_join(p, 'items'))


def ptrw(w, key):
    return (w[0], ptr_join(w[1], key))


def inline_deps(o):
    """Objects of o's file embedded by value in o (an Obj or a Slot)."""
    if isinstance(o, Slot):
        it = o.array.items
        return [it.obj] if it.kind == 'object' and it.obj.fileid == o.fileid else []
    return [fl.t.obj for fl in o.fields if fl.t.kind == 'object' and fl.t.obj.fileid == o.fileid]


# ------------------------------------------------------------- validation
# The same rules as the C runtime (src/msg/), for checking examples.

def json_kind(v):
    if v is None:
        return 'null'
    if isinstance(v, bool):
        return 'boolean'
    if isinstance(v, (int, float)):
        return 'number'
    if isinstance(v, str):
        return 'string'
    if isinstance(v, list):
        return 'array'
    return 'object'


def expected(t):
    name = {'object': 'object', 'json': 'object', 'string': 'string', 'enum': 'string',
            'const': 'string', 'bool_const': 'boolean', 'boolean': 'boolean', 'integer': 'integer',
            'number': 'number', 'array': 'array', 'id': 'string or integer'}[t.kind]
    return name + (' or null' if t.nullable else '')


def path_key(path, key):
    return key if not path else path + '.' + key


def is_date_time(s):
    m = DATE_TIME.match(s)
    if not m:
        return False
    y, mo, d, h, mi, se = (int(m.group(i)) for i in range(1, 7))
    if not 1 <= mo <= 12 or h > 23 or mi > 59 or se > 60:
        return False
    dim = [31, 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28, 31, 30, 31, 30, 31, 31, 30,
           31, 30, 31][mo - 1]
    if not 1 <= d <= dim:
        return False
    if m.group(9) is not None and (int(m.group(9)) > 23 or int(m.group(10)) > 59):
        return False
    return True


def plural(n):
    return '' if n == 1 else 's'


def check_str(t, v, path):
    if any(0xD800 <= ord(c) <= 0xDFFF for c in v):
        return '%s: invalid UTF-8' % path
    n = len(v)
    if n < t.min_len:
        return '%s: must be at least %d character%s long, got %d' % (path, t.min_len, plural(t.min_len), n)
    if t.max_len is not None and n > t.max_len:
        return '%s: must be at most %d character%s long, got %d' % (path, t.max_len, plural(t.max_len), n)
    if t.fmt == 'date-time' and not is_date_time(v):
        return '%s: expected a date-time like 2024-01-15T10:30:00Z' % path
    if t.fmt == 'uuid' and not UUID.match(v):
        return '%s: expected a UUID' % path
    return None


def check_range(t, v, path):
    if t.minimum is not None and v < t.minimum:
        return '%s: must be >= %s, got %s' % (path, num_text(t.minimum), v)
    if t.maximum is not None and v > t.maximum:
        return '%s: must be <= %s, got %s' % (path, num_text(t.maximum), v)
    return None


def validate(t, v, path):
    """The first error of value v against type t, as 'path: reason', or None."""
    where = path or '(root)'
    if v is None:
        return None if t.nullable else '%s: expected %s, got null' % (where, expected(t))
    k = t.kind
    jk = json_kind(v)
    if k in ('object', 'json'):
        if jk != 'object':
            return '%s: expected %s, got %s' % (where, expected(t), jk)
        if k == 'json':
            return None
        fields = {fl.name: fl for fl in t.obj.fields}
        for key, val in v.items():
            fl = fields.get(key)
            if fl is None:
                if t.obj.closed:
                    return '%s: unknown field' % path_key(path, key)
                continue
            e = validate(fl.t, val, path_key(path, key))
            if e:
                return e
        for fl in t.obj.fields:
            if fl.required and fl.name not in v:
                return '%s: required' % path_key(path, fl.name)
        return None
    if k in ('string', 'enum', 'const'):
        if jk != 'string':
            return '%s: expected %s, got %s' % (where, expected(t), jk)
        if k == 'string':
            return check_str(t, v, where)
        if v not in t.values:
            if k == 'const':
                return '%s: expected "%s"' % (where, t.const)
            return '%s: expected one of %s' % (where, ', '.join(t.values))
        return None
    if k in ('boolean', 'bool_const'):
        if jk != 'boolean':
            return '%s: expected %s, got %s' % (where, expected(t), jk)
        if k == 'bool_const' and v is not t.const:
            return '%s: expected %s' % (where, 'true' if t.const else 'false')
        return None
    if k == 'id' and jk == 'string':
        return check_str(t, v, where)
    if k in ('integer', 'id'):
        if jk != 'number':
            return '%s: expected %s, got %s' % (where, expected(t), jk)
        if isinstance(v, float):
            if not math.isfinite(v) or not v.is_integer():
                return '%s: expected %s, got a number with a fraction' % (where, expected(t))
            v = int(v)
        if not INT64_MIN <= v <= INT64_MAX:
            return '%s: integer out of range' % where
        return check_range(t, v, where)
    if k == 'number':
        if jk != 'number':
            return '%s: expected %s, got %s' % (where, expected(t), jk)
        if isinstance(v, float) and not math.isfinite(v):
            return '%s: number out of range' % where
        if isinstance(v, int) and abs(v) > 1.7e308:
            return '%s: number out of range' % where
        return check_range(t, v, where)
    if k == 'array':
        if jk != 'array':
            return '%s: expected %s, got %s' % (where, expected(t), jk)
        if t.max_len is not None and len(v) > t.max_len:
            return '%s: must have at most %d item%s' % (where, t.max_len, plural(t.max_len))
        for i, item in enumerate(v):
            e = validate(t.items, item, '%s[%d]' % (path, i))
            if e:
                return e
        if len(v) < t.min_len:
            return '%s: must have at least %d item%s, got %d' % (where, t.min_len, plural(t.min_len), len(v))
        return None
    return '%s: unsupported kind %s' % (where, k)


# -------------------------------------------------------------------- C

def c_type(t):
    """The C type of a value of t (None for consts, which have no storage)."""
    k = t.kind
    if k == 'object':
        return t.obj.cname + '_t'
    if k in ('string', 'json'):
        return 'pl_msg_str_t'
    if k == 'id':
        return 'pl_msg_id_t'
    if k == 'enum':
        return t.enum.cname + '_t'
    if k == 'integer':
        return 'int64_t'
    if k == 'number':
        return 'double'
    if k == 'boolean':
        return 'bool'
    if k == 'array':
        item = t.slot + '_t' if t.items.nullable else c_type(t.items)
        return 'struct { size_t n; %s *items; }' % item
    return None


def describe(t):
    """A short text of t's type and constraints (C comments and docs)."""
    k = t.kind
    parts = []
    if t.defname and k not in ('object',):
        parts.append('%s.%s' % t.defname)
    if k in ('string', 'id'):
        if t.min_len and t.max_len is not None:
            parts.append('%d..%d characters' % (t.min_len, t.max_len))
        elif t.max_len is not None:
            parts.append('at most %d characters' % t.max_len)
        elif t.min_len:
            parts.append('at least %d characters' % t.min_len)
        if t.fmt:
            parts.append('format %s' % t.fmt)
    if k in ('integer', 'number', 'id'):
        if t.minimum is not None:
            parts.append('>= %s' % num_text(t.minimum))
        if t.maximum is not None:
            parts.append('<= %s' % num_text(t.maximum))
    if k == 'enum':
        parts.append('one of ' + ', '.join(t.values))
    if k == 'const':
        parts.append('always "%s"' % t.const)
    if k == 'bool_const':
        parts.append('always %s' % ('true' if t.const else 'false'))
    if k == 'array':
        if t.min_len and t.max_len is not None:
            parts.append('%d..%d items' % (t.min_len, t.max_len))
        elif t.max_len is not None:
            parts.append('at most %d items' % t.max_len)
        elif t.min_len:
            parts.append('at least %d items' % t.min_len)
    if k == 'json':
        parts.append('free-form JSON object (compact text)')
    return '; '.join(parts)


def field_doc(fl):
    s = fl.schema
    desc = s.get('description') or (fl.t.schema.get('description') if fl.t.defname else '') or ''
    bits = ['required' if fl.required else 'optional']
    if fl.t.nullable:
        bits.append('nullable')
    d = describe(fl.t)
    if d:
        bits.append(d)
    if s.get('x-parley-extension') or fl.t.schema.get('x-parley-extension'):
        bits.append('Parley extension')
    text = desc.strip()
    if text and not text.endswith('.'):
        text += '.'
    return (text + ' ' if text else '') + '(' + '; '.join(bits) + ')'


class CFile:
    """Emits pl_msg_<fileid>.h and .c."""

    def __init__(self, gen, f, regen):
        self.gen = gen
        self.f = f
        self.regen = regen
        self.body = []
        self.syms = set()

    def banner(self, what):
        return ('/* PARLEY-GEN schema %s.json -- DO NOT EDIT. Source: %s. Generator: %s. '
                'Regenerate: %s */' % (self.f.fileid, self.f.rel, GENERATOR, self.regen))

    def top_objs(self):
        return [self.f.def_types[n].obj for n in self.f.defs
                if n in self.f.def_types and self.f.def_types[n].kind == 'object'
                and self.f.def_types[n].obj.defname == n]

    def ordered_structs(self):
        """Objects and slots, each after what it embeds by value."""
        out, done = [], set()

        def visit(o):
            if o.cname in done:
                return
            done.add(o.cname)
            for dep in inline_deps(o):
                visit(dep)
            out.append(o)
        for o in sorted(self.f.objs + self.f.slots, key=lambda o: o.order):
            visit(o)
        return out

    def header(self):
        f = self.f
        guard = 'PL_MSG_%s_H' % f.fileid.upper()
        doc = f.doc
        L = [self.banner('h'), '/*']
        title = doc.get('title') or f.fileid
        L.append(' * pl_msg_%s.h - %s' % (f.fileid, c_comment_text(title)))
        if doc.get('description'):
            L.append(' *')
            for ln in textwrap.wrap(c_comment_text(' '.join(doc['description'].split())), 76):
                L.append(' * ' + ln)
        own = ('Typed messages over the runtime in parley/msg.h. A parsed message owns one arena: '
               'strings point into the message\'s arena and live until pl_msg_%s_<def>_free()%s. '
               'Messages the program builds (init, set fields, serialize) point at the program\'s '
               'own strings.' % (f.fileid, ' (or pl_msg_%s_free() for a family message)' % f.fileid
                                  if f.family else ''))
        L.append(' *')
        L += [' * ' + ln for ln in textwrap.wrap(own, 76)]
        L += [' */',
              '#ifndef ' + guard, '#define ' + guard, '',
              '#include "parley/msg.h"']
        for d in sorted(f.deps):
            L.append('#include "schemas/pl_msg_%s.h"' % d)
        L += ['', '#if PL_MSG_RUNTIME_VERSION != %d' % RUNTIME_VERSION,
              '#error "schemas/pl_msg_%s.h was generated for msg runtime version %d: run %s"'
              % (f.fileid, RUNTIME_VERSION, self.regen),
              '#endif', '', '#ifdef __cplusplus', 'extern "C" {', '#endif', '']
        for e in sorted(f.enums, key=lambda e: e.order):
            L += comment_lines('Values of %s (0 means unset).' % e.cname.replace('pl_msg_', '', 1))
            L.append('typedef enum %s {' % e.cname)
            L.append('    %s__UNSET = 0,' % e.cname.upper())
            for i, (v, m) in enumerate(zip(e.values, e.macros)):
                L.append('    %s = %d, /* "%s" */' % (m, i + 1, c_comment_text(v)))
            L.append('} %s_t;' % e.cname)
            L.append('#define %s__COUNT %d' % (e.cname.upper(), len(e.values)))
            L += comment_lines('Wire names of %s_t, indexed by value ([0] is {NULL, 0}).' % e.cname)
            L.append('extern const pl_msg_str_t %s_names[%d];' % (e.cname, len(e.values) + 1))
            L.append('')
        structs = self.ordered_structs()
        for o in structs:
            L.append('typedef struct %s %s_t;' % (o.cname, o.cname))
        if structs:
            L.append('')
        for o in structs:
            if isinstance(o, Slot):
                L += comment_lines('An item of an array whose items may be null.')
                L.append('struct %s {' % o.cname)
                L.append('    bool is_null;')
                L.append('    %s value;' % c_type(o.array.items))
                L.append('};')
                L.append('')
                continue
            desc = (o.schema.get('description') or '').strip()
            L += comment_lines('%s (%s)' % (desc, o.desc_name) if desc else o.desc_name)
            L.append('struct %s {' % o.cname)
            if not o.fields:
                L.append('    char empty_; /* no properties */')
            for fl in o.fields:
                L += comment_lines(('%s: ' % fl.name if fl.member != fl.name else '') + field_doc(fl), '    ')
                if not fl.required:
                    L.append('    bool has_%s;' % fl.member)
                if fl.t.nullable:
                    L.append('    bool %s_is_null;' % fl.member)
                ct = c_type(fl.t)
                if ct is None:
                    L.append('    /* %s: no member, always %s */' % (c_comment_text(fl.name), fmt_json(fl.t.const)))
                else:
                    L.append('    %s %s;' % (ct, fl.member))
            L.append('};')
            L.append('')
        for o in self.top_objs():
            n = o.cname
            L += comment_lines('Descriptor of %s, for the generic pl_msg_* API.' % o.desc_name)
            L.append('extern const pl_msg_desc_t %s_desc;' % n)
            L += comment_lines('Zeroes *msg: optional fields absent, required fields unset.')
            L.append('void %s_init(%s_t *msg);' % (n, n))
            L += comment_lines('Parses and validates a %s message. Returns it (owning its arena; free with '
                               '%s_free()), or NULL with *err filled when err is not NULL: PL_ERR_PARSE, '
                               'PL_ERR_UTF8, PL_ERR_SCHEMA, PL_ERR_TOO_LARGE, PL_ERR_NOMEM, '
                               'PL_ERR_INVALID_ARGUMENT.' % (o.desc_name, n))
            L.append('%s_t *%s_parse(const char *json, size_t len, pl_msg_error_t *err);' % (n, n))
            L += comment_lines('Frees a message from %s_parse() with all its strings (NULL is fine).' % n)
            L.append('void %s_free(%s_t *msg);' % (n, n))
            L += comment_lines('Appends msg as compact JSON to buf. Returns 0, PL_ERR_SCHEMA or PL_ERR_UTF8 '
                               '(msg breaks the schema; *err says where), PL_ERR_TOO_LARGE, PL_ERR_NOMEM; '
                               'buf is unchanged on error. err may be NULL.')
            L.append('int %s_serialize(const %s_t *msg, pl_buf_t *buf, pl_msg_error_t *err);' % (n, n))
            L.append('')
        if f.family:
            L += self.family_header()
        L += ['#ifdef __cplusplus', '}', '#endif', '#endif', '']
        return '\n'.join(L)

    def family_header(self):
        f = self.f
        key, members = f.family
        up = f.fileid.upper()
        L = comment_lines('Which message of %s a pl_msg_%s_t holds (discriminator "%s").' % (f.fileid, f.fileid, key))
        L.append('typedef enum pl_msg_%s_kind {' % f.fileid)
        L.append('    PL_MSG_%s_KIND_UNKNOWN = 0,' % up)
        for i, (v, name) in enumerate(members):
            L.append('    PL_MSG_%s_KIND_%s = %d, /* "%s" */' % (up, name.upper(), i + 1, c_comment_text(v)))
        L.append('} pl_msg_%s_kind_t;' % f.fileid)
        L.append('')
        L += comment_lines('Any message of %s: kind says which union member is set.' % f.fileid)
        L.append('typedef struct pl_msg_%s {' % f.fileid)
        L.append('    pl_msg_%s_kind_t kind;' % f.fileid)
        L.append('    union {')
        L.append('        void *any;')
        for v, name in members:
            L.append('        pl_msg_%s_%s_t *%s;' % (f.fileid, name, c_member(name)))
        L.append('    } u;')
        L.append('} pl_msg_%s_t;' % f.fileid)
        L.append('')
        n = 'pl_msg_%s' % f.fileid
        L += comment_lines('The family descriptor of %s, for the generic pl_msg_family_* API.' % f.fileid)
        L.append('extern const pl_msg_family_t %s_family;' % n)
        L += comment_lines('Parses any %s message: a prescan finds "%s", then the member parses. Returns 0 '
                           'with *out set (free with %s_free()), or PL_ERR_PARSE, PL_ERR_UTF8, PL_ERR_SCHEMA '
                           '(including an unknown or missing "%s"), PL_ERR_TOO_LARGE, PL_ERR_NOMEM, '
                           'PL_ERR_INVALID_ARGUMENT with out->kind UNKNOWN.' % (f.fileid, key, n, key))
        L.append('int %s_parse(const char *json, size_t len, %s_t *out, pl_msg_error_t *err);' % (n, n))
        L += comment_lines('Frees the message in *msg and resets it to UNKNOWN (NULL is fine).')
        L.append('void %s_free(%s_t *msg);' % (n, n))
        L += comment_lines('Serializes the message in *msg. Returns the codes of the member\'s _serialize(), '
                           'or PL_ERR_INVALID_ARGUMENT for an UNKNOWN kind.')
        L.append('int %s_serialize(const %s_t *msg, pl_buf_t *buf, pl_msg_error_t *err);' % (n, n))
        L += comment_lines('The discriminator value of kind (a static NUL-terminated string), or NULL.')
        L.append('const char *%s_kind_name(%s_kind_t kind);' % (n, n))
        L += comment_lines('The kind whose discriminator value is s[0..len), or PL_MSG_%s_KIND_UNKNOWN.' % up)
        L.append('%s_kind_t %s_kind_from_name(const char *s, size_t len);' % (n, n))
        L.append('')
        return L

    # ---- .c

    def sym(self, base):
        s = base
        i = 2
        while s in self.syms:
            s = '%s_%d' % (base, i)
            i += 1
        self.syms.add(s)
        return s

    def emit_type(self, t, base, acc):
        """Emits the pl_msg_type_t of t; returns its symbol. acc: a C
        expression of a value of t (for sizeof of array items)."""
        sym = self.sym(base + '_type')
        k = t.kind
        init = ['.kind = PL_MSG_KIND_%s' % {'object': 'OBJECT', 'string': 'STRING', 'enum': 'ENUM',
                                             'const': 'CONST', 'bool_const': 'BOOL_CONST',
                                             'integer': 'INTEGER', 'number': 'NUMBER',
                                             'boolean': 'BOOLEAN', 'array': 'ARRAY', 'id': 'ID',
                                             'json': 'JSON'}[k]]
        if k in ('string', 'id', 'array'):
            init.append('.min_len = %d' % t.min_len)
            init.append('.max_len = %s' % ('SIZE_MAX' if t.max_len is None else str(t.max_len)))
        else:
            init.append('.max_len = SIZE_MAX')
        if t.fmt:
            init.append('.format = PL_MSG_FORMAT_%s' % t.fmt.upper().replace('-', '_'))
        if k in ('integer', 'id', 'number'):
            flags = []
            if t.minimum is not None:
                flags.append('PL_MSG_TF_MIN')
                if k == 'number':
                    init.append('.dmin = %s' % repr(float(t.minimum)))
                else:
                    init.append('.imin = %s' % c_int64(int(t.minimum)))
                init.append('.min_text = %s' % c_str(num_text(t.minimum)))
            if t.maximum is not None:
                flags.append('PL_MSG_TF_MAX')
                if k == 'number':
                    init.append('.dmax = %s' % repr(float(t.maximum)))
                else:
                    init.append('.imax = %s' % c_int64(int(t.maximum)))
                init.append('.max_text = %s' % c_str(num_text(t.maximum)))
            if flags:
                init.append('.flags = ' + ' | '.join(flags))
        if k == 'enum':
            init.append('.names = &%s_names[1]' % t.enum.cname)
            init.append('.n_names = %d' % len(t.values))
        if k == 'const':
            csym = self.sym(base + '_const')
            self.body.append('static const pl_msg_str_t %s[1] = {PL_MSG_STR_INIT(%s)};' % (csym, c_str(t.const)))
            init.append('.names = %s' % csym)
            init.append('.n_names = 1')
        if k == 'bool_const':
            init.append('.bool_value = %s' % ('true' if t.const else 'false'))
        if k == 'object':
            init.append('.object = &%s_desc' % t.obj.cname)
        if k == 'array':
            it = t.items
            item_acc = acc + '.items[0]' + ('.value' if it.nullable else '')
            isym = self.emit_type(it, base + '_item', item_acc)
            fsym = self.sym(base + '_item')
            if it.nullable:
                off = 'offsetof(%s_t, value)' % t.slot
                noff = 'offsetof(%s_t, is_null)' % t.slot
            else:
                off, noff = '0', 'PL_MSG_NO_OFFSET'
            self.body.append('static const pl_msg_field_t %s = {{NULL, 0}, &%s, %s, PL_MSG_NO_OFFSET, %s, true};'
                             % (fsym, isym, off, noff))
            init.append('.items = &%s' % fsym)
            init.append('.item_size = sizeof(%s.items[0])' % acc)
        self.body.append('static const pl_msg_type_t %s = {%s};' % (sym, ', '.join(init)))
        return sym

    def emit_obj(self, o):
        self.body.append('/* %s */' % o.desc_name)
        st = o.cname + '_t'
        rows = []
        for fl in o.fields:
            acc = '((%s *)0)->%s' % (st, fl.member)
            tsym = self.emit_type(fl.t, '%s__%s' % (o.cname, fl.member), acc)
            has_storage = fl.t.kind not in ('const', 'bool_const')
            rows.append('    {PL_MSG_STR_INIT(%s), &%s, %s, %s, %s, %s},' % (
                c_str(fl.name), tsym,
                'offsetof(%s, %s)' % (st, fl.member) if has_storage else '0',
                'PL_MSG_NO_OFFSET' if fl.required else 'offsetof(%s, has_%s)' % (st, fl.member),
                'offsetof(%s, %s_is_null)' % (st, fl.member) if fl.t.nullable else 'PL_MSG_NO_OFFSET',
                'true' if fl.required else 'false'))
        if rows:
            fsym = self.sym(o.cname + '__fields')
            ksym = self.sym(o.cname + '__by_key')
            self.body.append('static const pl_msg_field_t %s[%d] = {' % (fsym, len(rows)))
            self.body += rows
            self.body.append('};')
            order = sorted(range(len(o.fields)), key=lambda i: utf8_key(o.fields[i].name))
            self.body.append('static const uint16_t %s[%d] = {%s};' % (ksym, len(order), ', '.join(map(str, order))))
        else:
            fsym = ksym = 'NULL'
        static = '' if o.defname else 'static '
        self.body.append('%sconst pl_msg_desc_t %s_desc = {' % (static, o.cname))
        self.body.append('    .name = %s,' % c_str(o.desc_name))
        self.body.append('    .size = sizeof(%s),' % st)
        self.body.append('    .fields = %s,' % fsym)
        self.body.append('    .n_fields = %d,' % len(rows))
        self.body.append('    .by_key = %s,' % ksym)
        self.body.append('    .closed = %s,' % ('true' if o.closed else 'false'))
        self.body.append('};')
        self.body.append('')

    def source(self):
        f = self.f
        L = [self.banner('c'), '/*', ' * pl_msg_%s.c - descriptor tables and typed wrappers for %s.' % (f.fileid, f.rel),
             ' */', '#include <stddef.h>', '#include <stdint.h>', '',
             '#include "schemas/pl_msg_%s.h"' % f.fileid, '']
        for e in sorted(f.enums, key=lambda e: e.order):
            L.append('_Static_assert(sizeof(%s_t) == sizeof(int), "the runtime stores enums as int");' % e.cname)
            vals = ', '.join('PL_MSG_STR_INIT(%s)' % c_str(v) for v in e.values)
            L.append('const pl_msg_str_t %s_names[%d] = {{NULL, 0}, %s};' % (e.cname, len(e.values) + 1, vals))
        if f.enums:
            L.append('')
        nested = [o for o in sorted(f.objs, key=lambda o: o.order) if not o.defname]
        for o in nested:
            L.append('static const pl_msg_desc_t %s_desc;' % o.cname)
        if nested:
            L.append('')
        for o in sorted(f.objs, key=lambda o: o.order):
            self.emit_obj(o)
        L += self.body
        for o in self.top_objs():
            n = o.cname
            L += ['void %s_init(%s_t *msg) { pl_msg_init(&%s_desc, msg); }' % (n, n, n), '',
                  '%s_t *%s_parse(const char *json, size_t len, pl_msg_error_t *err)' % (n, n),
                  '{', '    return pl_msg_parse(&%s_desc, json, len, err);' % n, '}', '',
                  'void %s_free(%s_t *msg) { pl_msg_free(msg); }' % (n, n), '',
                  'int %s_serialize(const %s_t *msg, pl_buf_t *buf, pl_msg_error_t *err)' % (n, n),
                  '{', '    return pl_msg_serialize_ex(&%s_desc, msg, buf, err);' % n, '}', '']
        if f.family:
            L += self.family_source()
        return '\n'.join(L).rstrip('\n') + '\n'

    def family_source(self):
        f = self.f
        key, members = f.family
        n = 'pl_msg_%s' % f.fileid
        up = f.fileid.upper()
        L = ['static const pl_msg_family_member_t %s__members[%d] = {' % (n, len(members))]
        for v, name in members:
            L.append('    {PL_MSG_STR_INIT(%s), &%s_%s_desc, PL_MSG_%s_KIND_%s},' % (c_str(v), n, name, up, name.upper()))
        L += ['};', '',
              'const pl_msg_family_t %s_family = {%s, PL_MSG_STR_INIT(%s), %s__members, %d};'
              % (n, c_str(f.fileid), c_str(key), n, len(members)), '',
              'int %s_parse(const char *json, size_t len, %s_t *out, pl_msg_error_t *err)' % (n, n),
              '{',
              '    int kind = 0;',
              '    int rv = pl_msg_family_parse(&%s_family, json, len, &kind, &out->u.any, err);' % n,
              '    out->kind = (%s_kind_t)kind;' % n,
              '    return rv;',
              '}', '',
              'void %s_free(%s_t *msg)' % (n, n),
              '{',
              '    if (msg == NULL)',
              '        return;',
              '    pl_msg_free(msg->u.any);',
              '    msg->u.any = NULL;',
              '    msg->kind = PL_MSG_%s_KIND_UNKNOWN;' % up,
              '}', '',
              'int %s_serialize(const %s_t *msg, pl_buf_t *buf, pl_msg_error_t *err)' % (n, n),
              '{',
              '    return pl_msg_family_serialize(&%s_family, (int)msg->kind, msg->u.any, buf, err);' % n,
              '}', '',
              'const char *%s_kind_name(%s_kind_t kind)' % (n, n),
              '{',
              '    const pl_msg_family_member_t *m = pl_msg_family_member(&%s_family, (int)kind);' % n,
              '    return m != NULL ? m->value.ptr : NULL;',
              '}', '',
              '%s_kind_t %s_kind_from_name(const char *s, size_t len)' % (n, n),
              '{',
              '    const pl_msg_family_member_t *m = pl_msg_family_lookup(&%s_family, s, len);' % n,
              '    return m != NULL ? (%s_kind_t)m->kind : PL_MSG_%s_KIND_UNKNOWN;' % (n, up),
              '}']
        return L


def all_files(gen, all_name, regen, schema_dir):
    files = list(gen.files.values())
    banner = ('/* PARLEY-GEN schema index -- DO NOT EDIT. Source: every %s/<fileid>.json. '
              'Generator: %s. Regenerate: %s */' % (schema_dir, GENERATOR, regen))
    guard = all_name.upper() + '_H'
    h = [banner, '/*', ' * %s.h - every generated message header, and a registry of all' % all_name,
         ' * descriptors and families (for tests, fuzzing and introspection).', ' */',
         '#ifndef ' + guard, '#define ' + guard, '', '#include "parley/msg.h"']
    for f in files:
        h.append('#include "schemas/pl_msg_%s.h"' % f.fileid)
    h += ['', '#ifdef __cplusplus', 'extern "C" {', '#endif', '',
          '/** Every top-level object descriptor, NULL-terminated. */',
          'extern const pl_msg_desc_t *const %s_descs[];' % all_name,
          '/** Every family, NULL-terminated. */',
          'extern const pl_msg_family_t *const %s_families[];' % all_name, '',
          '#ifdef __cplusplus', '}', '#endif', '#endif', '']
    c = [banner, '/*', ' * %s.c - the registry declared in %s.h.' % (all_name, all_name), ' */',
         '#include <stddef.h>', '', '#include "schemas/%s.h"' % all_name, '',
         'const pl_msg_desc_t *const %s_descs[] = {' % all_name]
    for f in files:
        for name in f.defs:
            t = f.def_types.get(name)
            if t is not None and t.kind == 'object' and t.obj.defname == name:
                c.append('    &%s_desc,' % t.obj.cname)
    c += ['    NULL,', '};', '', 'const pl_msg_family_t *const %s_families[] = {' % all_name]
    for f in files:
        if f.family:
            c.append('    &pl_msg_%s_family,' % f.fileid)
    c += ['    NULL,', '};', '']
    return '\n'.join(h), '\n'.join(c)


# ----------------------------------------------------------------- docs

def md_escape(s):
    return ' '.join(str(s).split()).replace('|', '\\|')


def anchor(fileid, name):
    return '%s-%s' % (fileid, name)


def md_type(t):
    k = t.kind
    if k == 'object':
        if t.obj.defname:
            return '[%s.%s](#%s)' % (t.obj.fileid, t.obj.defname, anchor(t.obj.fileid, t.obj.defname))
        name = 'object'
    elif k == 'array':
        name = 'array of ' + md_type(t.items)
    elif k in ('enum', 'const', 'string'):
        name = 'string'
    elif k == 'bool_const':
        name = 'boolean'
    elif k == 'json':
        name = 'object (free-form)'
    elif k == 'id':
        name = 'string or integer'
    else:
        name = k
    if t.defname and k != 'object':
        name += ' ([%s.%s](#%s))' % (t.defname[0], t.defname[1], anchor(*t.defname))
    return name + (' or null' if t.nullable else '')


def md_constraints(t):
    k = t.kind
    out = []
    if k in ('string', 'id'):
        if t.min_len:
            out.append('minLength %d' % t.min_len)
        if t.max_len is not None:
            out.append('maxLength %d' % t.max_len)
        if t.fmt:
            out.append('format `%s`' % t.fmt)
    if k in ('integer', 'number', 'id'):
        if t.minimum is not None:
            out.append('>= %s' % num_text(t.minimum))
        if t.maximum is not None:
            out.append('<= %s' % num_text(t.maximum))
    if k == 'enum':
        out.append('one of ' + ', '.join('`%s`' % v for v in t.values))
        if t.schema.get('x-parley-fsm-states'):
            out.append('(states of fsm/conversation.fsm)')
    if k == 'const':
        out.append('`"%s"`' % t.const)
    if k == 'bool_const':
        out.append('`%s`' % ('true' if t.const else 'false'))
    if k == 'array':
        if t.min_len:
            out.append('minItems %d' % t.min_len)
        if t.max_len is not None:
            out.append('maxItems %d' % t.max_len)
        items = md_constraints(t.items)
        if items:
            out.append('items: ' + items)
    return ', '.join(out)


def md_rows(o, prefix, rows):
    for fl in o.fields:
        name = prefix + fl.name
        t = fl.t
        desc = fl.schema.get('description') or (t.schema.get('description') if t.defname else '') or ''
        if fl.schema.get('x-parley-extension') or t.schema.get('x-parley-extension'):
            desc = '*Parley extension.* ' + desc
        if 'default' in fl.schema:
            desc += ' Default: `%s`.' % fmt_json(fl.schema['default'])
        rows.append('| `%s` | %s | %s | %s | %s |' % (name, md_type(t), 'yes' if fl.required else 'no',
                                                     md_escape(md_constraints(t)), md_escape(desc)))
        if t.kind == 'object' and not t.obj.defname:
            md_rows(t.obj, name + '.', rows)
        if t.kind == 'array' and t.items.kind == 'object' and not t.items.obj.defname:
            md_rows(t.items.obj, name + '[].', rows)


def docs(gen, schema_dir, regen):
    L = ['<!-- PARLEY-GEN schema index -- DO NOT EDIT. Source: %s/*.json. Generator: %s. Regenerate: %s -->'
         % (schema_dir, GENERATOR, regen), '',
         '# Parley message reference', '',
         'Every JSON message Parley sends or accepts, generated from the schemas in `%s/`.' % schema_dir,
         'Each section is one schema file; a file with a discriminator is a *family*: one direction',
         'of a dialect, where the discriminator property says which message it is.', '',
         'Rules for every message: strings are UTF-8 (lengths count code points); objects nest at',
         'most 64 deep; a key may appear once per object; unknown properties are rejected where',
         'the message says "closed" and ignored elsewhere; `null` is only accepted where the type',
         'says "or null" (and is distinct from leaving the property out). *Parley extension* marks',
         'what Parley adds to the source protocols: clients that ignore it keep working.', '']
    if not gen.files:
        L.append('No schemas yet.')
    for f in gen.files.values():
        L.append('- [%s](#%s)%s' % (f.fileid, f.fileid,
                                     ' - ' + md_escape(f.doc['title']) if f.doc.get('title') else ''))
    L.append('')
    for f in gen.files.values():
        L.append('<a id="%s"></a>' % f.fileid)
        L.append('')
        L.append('## %s' % f.fileid)
        L.append('')
        if f.doc.get('title'):
            L.append('**%s**' % md_escape(f.doc['title']))
            L.append('')
        if f.doc.get('description'):
            L.append(' '.join(f.doc['description'].split()))
            L.append('')
        L.append('Source: `%s`. C: `gen/schemas/pl_msg_%s.h`.' % (f.rel, f.fileid))
        L.append('')
        if f.family:
            key, members = f.family
            L.append('Family: discriminator `%s`.' % key)
            L.append('')
            L.append('| `%s` | message | description |' % key)
            L.append('| --- | --- | --- |')
            for v, name in members:
                d = f.defs[name].get('description', '')
                L.append('| `%s` | [%s](#%s) | %s |' % (v, name, anchor(f.fileid, name), md_escape(d)))
            L.append('')
        for name, s in f.defs.items():
            t = f.def_types[name]
            L.append('<a id="%s"></a>' % anchor(f.fileid, name))
            L.append('### %s.%s' % (f.fileid, name))
            L.append('')
            if s.get('title'):
                L.append('**%s**' % md_escape(s['title']))
                L.append('')
            if s.get('description'):
                L.append(' '.join(s['description'].split()))
                L.append('')
            if s.get('x-parley-extension'):
                L.append('*Parley extension.*')
                L.append('')
            if t.kind == 'object':
                L.append('Object, %s. C type `%s_t`.' % (
                    'closed (unknown properties are rejected)' if t.obj.closed else 'open (unknown properties are ignored)',
                    t.obj.cname))
                L.append('')
                if t.obj.fields:
                    L.append('| property | type | required | constraints | description |')
                    L.append('| --- | --- | --- | --- | --- |')
                    rows = []
                    md_rows(t.obj, '', rows)
                    L += rows
                    L.append('')
            else:
                c = md_constraints(t)
                L.append('Type: %s%s.' % (md_type(t), ' (%s)' % c if c else ''))
                if t.kind == 'enum':
                    L.append(' C enum `%s_t`.' % t.enum.cname)
                L.append('')
            for ex in s.get('examples') or []:
                L.append('Example:')
                L.append('')
                L.append('```json')
                L.append(json.dumps(ex, indent=2, ensure_ascii=False))
                L.append('```')
                L.append('')
    return '\n'.join(L).rstrip('\n') + '\n'


# ------------------------------------------------------------ TypeScript

def ts_comment(text, indent):
    text = ' '.join(text.replace('*/', '* /').split())
    if not text:
        return []
    return ['%s/** %s */' % (indent, text)]


def ts_name(fileid, name):
    return pascal(fileid) + pascal(name)


def ts_family_name(fileid):
    return 'Any%sMessage' % pascal(fileid)


def ts_type(t, indent):
    k = t.kind
    if t.defname:
        return ts_name(*t.defname)
    if k == 'object':
        if t.obj.defname:
            base = ts_name(t.obj.fileid, t.obj.defname)
        else:
            base = ts_object(t.obj, indent)
    elif k == 'array':
        base = 'Array<%s>' % ts_type(t.items, indent)
    elif k == 'enum':
        base = ' | '.join(json.dumps(v, ensure_ascii=False) for v in t.values)
    elif k == 'const':
        base = json.dumps(t.const, ensure_ascii=False)
    elif k == 'bool_const':
        base = 'true' if t.const else 'false'
    elif k == 'string':
        base = 'string'
    elif k in ('integer', 'number'):
        base = 'number'
    elif k == 'boolean':
        base = 'boolean'
    elif k == 'id':
        base = 'string | number'
    else:
        base = 'Record<string, unknown>'
    if t.nullable:
        base = '%s | null' % (('(%s)' % base) if '|' in base and not base.startswith('{') else base)
    return base


def ts_prop(name):
    return name if re.match(r'^[A-Za-z_$][A-Za-z0-9_$]*$', name) else json.dumps(name, ensure_ascii=False)


def ts_object(o, indent):
    inner = indent + '  '
    L = ['{']
    for fl in o.fields:
        doc = fl.schema.get('description') or (fl.t.schema.get('description') if fl.t.defname else '') or ''
        extra = describe(fl.t) if fl.t.kind not in ('object',) else ''
        if fl.schema.get('x-parley-extension') or fl.t.schema.get('x-parley-extension'):
            extra = (extra + '; ' if extra else '') + 'Parley extension'
        L += ts_comment(doc + (' (%s)' % extra if extra else ''), inner)
        L.append('%s%s%s: %s;' % (inner, ts_prop(fl.name), '' if fl.required else '?', ts_type(fl.t, inner)))
    L.append(indent + '}')
    return '\n'.join(L)


def typescript(gen, schema_dir, regen):
    L = ['// PARLEY-GEN schema index -- DO NOT EDIT. Source: %s/*.json. Generator: %s. Regenerate: %s'
         % (schema_dir, GENERATOR, regen),
         '//',
         '// TypeScript types of every Parley JSON message, for client authors.',
         '// Integers and numbers are `number`; ids that may be a string or an integer are',
         '// `string | number`; optional properties may be absent, `| null` ones may also be null.', '']
    for f in gen.files.values():
        L.append('// ---- %s (%s)' % (f.fileid, f.rel))
        L.append('')
        for name, s in f.defs.items():
            t = f.def_types[name]
            L += ts_comment(s.get('description', ''), '')
            tn = ts_name(f.fileid, name)
            if t.kind == 'object' and t.obj.defname == name:
                body = ts_object(t.obj, '')
                if t.nullable:
                    L.append('export type %s = %s | null;' % (tn, body))
                else:
                    L.append('export interface %s %s' % (tn, body))
            else:
                saved, t.defname = t.defname, None
                L.append('export type %s = %s;' % (tn, ts_type(t, '')))
                t.defname = saved
            L.append('')
        if f.family:
            key, members = f.family
            L += ts_comment('Any message of %s, told apart by "%s".' % (f.fileid, key), '')
            L.append('export type %s =' % ts_family_name(f.fileid))
            for i, (v, name) in enumerate(members):
                L.append('  | %s%s' % (ts_name(f.fileid, name), ';' if i == len(members) - 1 else ''))
            L.append('')
    return '\n'.join(L).rstrip('\n') + '\n'


# ------------------------------------------------------------------ entry

def generate(src_root, schema_dir='schemas', fsm_path='fsm/conversation.fsm', all_name='pl_msg_all',
             docs_path='docs/messages.md', ts_path='gen/ts/parley_messages.d.ts', regen='make regen'):
    """Returns {output path relative to the repo root: content} for every
    schemas/*.json. Raises SchemaError listing every problem found."""
    gen = Generator(src_root, schema_dir, fsm_path)
    gen.load()
    gen.resolve()
    gen.check_examples()
    out = {}
    for f in gen.files.values():
        cf = CFile(gen, f, regen)
        out['gen/schemas/pl_msg_%s.h' % f.fileid] = cf.header()
        out['gen/schemas/pl_msg_%s.c' % f.fileid] = cf.source()
    h, c = all_files(gen, all_name, regen, schema_dir)
    out['gen/schemas/%s.h' % all_name] = h
    out['gen/schemas/%s.c' % all_name] = c
    if docs_path:
        out[docs_path] = docs(gen, schema_dir, regen)
    if ts_path:
        out[ts_path] = typescript(gen, schema_dir, regen)
    return dict(sorted(out.items()))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument('--src', default=here, help='repository root to read (default: this checkout)')
    ap.add_argument('--out', default=None, help='directory to write under (default: --src)')
    ap.add_argument('--schemas', default='schemas', help='schema folder, relative to --src')
    ap.add_argument('--fsm', default='fsm/conversation.fsm', help='FSM source, relative to --src')
    ap.add_argument('--all-name', default='pl_msg_all', help='basename of the index header/registry')
    ap.add_argument('--docs', default='docs/messages.md', help='docs output path ("" for none)')
    ap.add_argument('--ts', default='gen/ts/parley_messages.d.ts', help='TypeScript output path ("" for none)')
    ap.add_argument('--regen', default='make regen', help='the regenerate command named in banners')
    ap.add_argument('--check', action='store_true', help='only check the schemas; write nothing')
    ap.add_argument('--touch', action='store_true', help='also touch unchanged outputs (build rules)')
    a = ap.parse_args(argv)
    try:
        files = generate(a.src, a.schemas, a.fsm, a.all_name, a.docs, a.ts, a.regen)
    except SchemaError as e:
        sys.stderr.write('%s\n' % e)
        return 1
    if a.check:
        print('schemagen: %d outputs OK' % len(files))
        return 0
    out = a.out or a.src
    changed = 0
    for rel, text in files.items():
        path = os.path.join(out, rel)
        try:
            with open(path, encoding='utf-8') as fh:
                same = fh.read() == text
            if same:
                if a.touch:
                    os.utime(path)
                continue
        except OSError:
            pass
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8', newline='\n') as fh:
            fh.write(text)
        changed += 1
    print('schemagen: %d files, %d written' % (len(files), changed))
    return 0


if __name__ == '__main__':
    sys.exit(main())
