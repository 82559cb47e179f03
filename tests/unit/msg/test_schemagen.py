#!/usr/bin/env python3
"""test_schemagen.py - checks of tools/schemagen.py itself.

The generator must reject, naming the file, the JSON pointer and the reason:
keywords outside the subset, unresolvable $refs, family members without the
discriminator const, examples that do not validate, and schemas the C side
cannot represent. It must accept every keyword of the subset (the test
schemas next to this file and the real schemas/), and its output must be
byte-for-byte deterministic. Run from the repository root.
"""

import copy
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.environ.get('PARLEY_SOURCE_DIR') or os.getcwd())
sys.path.insert(0, os.path.join(ROOT, 'tools'))
import schemagen  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

GOOD = {
    '$schema': 'https://json-schema.org/draft/2020-12/schema',
    '$id': 'fam',
    'title': 'A family',
    '$defs': {
        'hello': {
            'type': 'object',
            'properties': {
                'mt': {'const': 'hello'},
                'name': {'type': 'string', 'maxLength': 4},
                'n': {'type': 'integer', 'minimum': 1},
            },
            'required': ['mt'],
            'additionalProperties': False,
        },
    },
    'oneOf': [{'$ref': '#/$defs/hello'}],
    'discriminator': {'propertyName': 'mt'},
}


class Tree:
    """A scratch source tree: fsm/ copied from the repository, schemas given."""

    def __init__(self, schemas):
        self.dir = tempfile.mkdtemp(prefix='schemagen-test-')
        os.makedirs(os.path.join(self.dir, 'schemas'))
        os.makedirs(os.path.join(self.dir, 'fsm'))
        shutil.copy(os.path.join(ROOT, 'fsm', 'conversation.fsm'), os.path.join(self.dir, 'fsm'))
        for name, doc in schemas.items():
            with open(os.path.join(self.dir, 'schemas', name + '.json'), 'w', encoding='utf-8') as f:
                f.write(doc if isinstance(doc, str) else json.dumps(doc, indent=2))

    def generate(self):
        return schemagen.generate(self.dir)

    def close(self):
        shutil.rmtree(self.dir)


def with_def(**props):
    doc = copy.deepcopy(GOOD)
    doc['$defs']['hello']['properties'].update(props)
    return doc


class Rejects(unittest.TestCase):
    def expect(self, schemas, *needles):
        t = Tree(schemas)
        try:
            with self.assertRaises(schemagen.SchemaError) as cm:
                t.generate()
            text = str(cm.exception)
            for n in needles:
                self.assertIn(n, text)
            return text
        finally:
            t.close()

    def test_accepts_good(self):
        t = Tree({'fam': GOOD})
        try:
            out = t.generate()
            self.assertIn('gen/schemas/pl_msg_fam.h', out)
            self.assertIn('PL_MSG_FAM_KIND_HELLO', out['gen/schemas/pl_msg_fam.h'])
        finally:
            t.close()

    def test_unknown_keyword(self):
        self.expect({'fam': with_def(name={'type': 'string', 'patern': 'x'})},
                    'schemas/fam.json: #/$defs/hello/properties/name: unknown keyword "patern"')

    def test_unknown_top_level_keyword(self):
        doc = copy.deepcopy(GOOD)
        doc['definitions'] = {}
        self.expect({'fam': doc}, 'schemas/fam.json: #: unknown top-level keyword "definitions"')

    def test_keyword_of_another_type(self):
        self.expect({'fam': with_def(n={'type': 'integer', 'maxLength': 3})},
                    '#/$defs/hello/properties/n/maxLength: "maxLength" does not apply to type integer')

    def test_unsupported_type(self):
        self.expect({'fam': with_def(n={'type': ['integer', 'boolean']})},
                    '#/$defs/hello/properties/n/type: unsupported type')
        self.expect({'fam': with_def(n={'description': 'no type'})},
                    '#/$defs/hello/properties/n: missing "type"')

    def test_unknown_format(self):
        self.expect({'fam': with_def(name={'type': 'string', 'format': 'email'})},
                    '#/$defs/hello/properties/name/format: unknown format "email"')

    def test_bad_values(self):
        self.expect({'fam': with_def(name={'type': 'string', 'minLength': 5, 'maxLength': 4})},
                    'minLength is greater than maxLength')
        self.expect({'fam': with_def(n={'type': 'integer', 'minimum': 1.5})},
                    '#/$defs/hello/properties/n/minimum: must be an integer within int64')
        self.expect({'fam': with_def(name={'type': 'string', 'enum': ['a', 'a']})}, 'values must be unique')
        self.expect({'fam': with_def(name={'type': 'string', 'x-parley-fsm-states': 'lower', 'enum': ['a']})},
                    'x-parley-fsm-states is the enum')

    def test_unresolvable_refs(self):
        self.expect({'fam': with_def(name={'$ref': '#/$defs/nope'})},
                    '#/$defs/hello/properties/name: unresolvable $ref "#/$defs/nope"')
        self.expect({'fam': with_def(name={'$ref': 'other.json#/$defs/x'})}, 'unresolvable $ref "other.json#/$defs/x"')
        self.expect({'fam': with_def(name={'$ref': 'http://example.com/x'})}, 'unresolvable $ref "http://example.com/x"')
        self.expect({'fam': with_def(name={'$ref': '#/$defs/hello', 'type': 'object'})},
                    '"type" cannot sit beside "$ref"')

    def test_family_member_without_discriminator(self):
        doc = copy.deepcopy(GOOD)
        del doc['$defs']['hello']['properties']['mt']
        doc['$defs']['hello']['required'] = []
        self.expect({'fam': doc}, 'schemas/fam.json: #/$defs/hello: family member lacks the discriminator: '
                                  'properties.mt must be {"const": "<value>"}')
        doc = copy.deepcopy(GOOD)
        doc['$defs']['hello']['properties']['mt'] = {'type': 'string'}
        self.expect({'fam': doc}, 'family member lacks the discriminator')
        doc = copy.deepcopy(GOOD)
        doc['$defs']['hello']['required'] = []
        self.expect({'fam': doc}, 'family member must list the discriminator "mt" in required')
        doc = copy.deepcopy(GOOD)
        doc['$defs']['bye'] = copy.deepcopy(doc['$defs']['hello'])
        doc['oneOf'].append({'$ref': '#/$defs/bye'})
        self.expect({'fam': doc}, 'discriminator value "hello" already used by hello')
        doc = copy.deepcopy(GOOD)
        del doc['discriminator']
        self.expect({'fam': doc}, '"oneOf" and "discriminator" go together')

    def test_failing_examples(self):
        doc = copy.deepcopy(GOOD)
        doc['$defs']['hello']['examples'] = [{'mt': 'hello', 'name': 'toolong'}]
        self.expect({'fam': doc}, 'schemas/fam.json: #/$defs/hello/examples/0: example does not validate: '
                                  'name: must be at most 4 characters long, got 7')
        doc['$defs']['hello']['examples'] = [{'mt': 'hello', 'n': 0}]
        self.expect({'fam': doc}, 'n: must be >= 1, got 0')
        doc['$defs']['hello']['examples'] = [{'mt': 'hello', 'x': 0}]
        self.expect({'fam': doc}, 'x: unknown field')
        doc['$defs']['hello']['examples'] = [{'name': 'a'}]
        self.expect({'fam': doc}, 'mt: required')
        doc = with_def(n={'type': 'integer', 'examples': [1, 2.5]})
        self.expect({'fam': doc}, '#/$defs/hello/properties/n/examples/1: example does not validate: '
                                  '(root): expected integer, got a number with a fraction')

    def test_duplicate_keys_and_bad_json(self):
        self.expect({'fam': '{"$id": "fam", "$id": "fam"}'}, 'schemas/fam.json: duplicate key "$id"')
        self.expect({'fam': '{"$defs": '}, 'schemas/fam.json: not valid JSON')
        self.expect({'fam': '{"$defs": {"a": {"type": "number", "maximum": NaN}}}'}, 'NaN is not JSON')

    def test_names(self):
        doc = copy.deepcopy(GOOD)
        doc['$defs']['Hello'] = {'type': 'string'}
        self.expect({'fam': doc}, 'def name "Hello" is not lowercase snake_case')
        self.expect({'Fam': GOOD}, 'file id "Fam" is not lowercase snake_case')
        doc = copy.deepcopy(GOOD)
        doc['$id'] = 'other'
        self.expect({'fam': doc}, '#/$id: must be the file id "fam"')
        # has_x of property x collides with a property named has_x.
        self.expect({'fam': with_def(x={'type': 'integer'}, has_x={'type': 'integer'})},
                    'C member has_x collides with property')
        # Generated type names collide: hello.a_b (inline) vs hello.a.b.
        self.expect({'fam': with_def(a_b={'type': 'object', 'properties': {'q': {'type': 'integer'}}},
                                     a={'type': 'object', 'properties': {'b': {'type': 'object',
                                                                               'properties': {'q': {'type': 'integer'}}}}})},
                    'collides with')

    def test_cross_file_collisions(self):
        a = {'$defs': {'b_c': {'type': 'object', 'properties': {'x': {'type': 'integer'}}}}}
        ab = {'$defs': {'c': {'type': 'object', 'properties': {'x': {'type': 'integer'}}}}}
        self.expect({'a': a, 'a_b': ab}, 'generated C name pl_msg_a_b_c_t', 'collides with')

    def test_recursion(self):
        doc = copy.deepcopy(GOOD)
        doc['$defs']['loop'] = {'type': 'object', 'properties': {'self': {'$ref': '#/$defs/loop'}}}
        self.expect({'fam': doc}, 'object contains itself (fam.loop -> fam.loop)')
        doc = copy.deepcopy(GOOD)
        doc['$defs']['tree'] = {'type': 'object', 'properties': {
            'kids': {'type': 'array', 'items': {'$ref': '#/$defs/tree'}}}}
        t = Tree({'fam': doc})
        try:
            self.assertIn('gen/schemas/pl_msg_fam.c', t.generate())
        finally:
            t.close()
        doc = copy.deepcopy(GOOD)
        doc['$defs']['list'] = {'type': 'array', 'items': {'$ref': '#/$defs/list'}}
        self.expect({'fam': doc}, 'contains itself: only objects may recur')

    def test_file_cycles(self):
        a = {'$defs': {'x': {'type': 'object', 'properties': {'y': {'type': 'array', 'items': {'$ref': 'b.json#/$defs/y'}}}}}}
        b = {'$defs': {'y': {'type': 'object', 'properties': {'x': {'type': 'array', 'items': {'$ref': 'a.json#/$defs/x'}}}}}}
        self.expect({'a': a, 'b': b}, 'files refer to each other in a cycle')

    def test_all_errors_reported(self):
        text = self.expect({'fam': with_def(name={'type': 'string', 'patern': 'x'}, n={'type': 'integer', 'maxLength': 1})},
                           'unknown keyword "patern"', '"maxLength" does not apply')
        self.assertGreaterEqual(len(text.splitlines()), 2)


class Validator(unittest.TestCase):
    """The example validator follows the runtime's rules and messages."""

    def setUp(self):
        self.t = Tree({'fam': GOOD})
        self.gen = schemagen.Generator(self.t.dir)
        self.gen.load()
        self.gen.resolve()
        self.hello = self.gen.files['fam'].def_types['hello']

    def tearDown(self):
        self.t.close()

    def test_messages(self):
        v = schemagen.validate
        self.assertIsNone(v(self.hello, {'mt': 'hello', 'n': 2.0}, ''))
        self.assertEqual(v(self.hello, {'mt': 'bye'}, ''), 'mt: expected "hello"')
        self.assertEqual(v(self.hello, {'mt': 'hello', 'n': True}, ''), 'n: expected integer, got boolean')
        self.assertEqual(v(self.hello, {'mt': 'hello', 'n': 2 ** 63}, ''), 'n: integer out of range')
        self.assertEqual(v(self.hello, {'mt': 'hello', 'name': '\ud800'}, ''), 'name: invalid UTF-8')
        self.assertEqual(v(self.hello, {'mt': 'hello', 'name': 'éééé'}, ''), None)
        self.assertEqual(v(self.hello, [], ''), '(root): expected object, got array')


class Output(unittest.TestCase):
    def test_deterministic(self):
        a = schemagen.generate(ROOT)
        b = schemagen.generate(ROOT)
        self.assertEqual(a, b)
        for path, text in a.items():
            self.assertIn('PARLEY-GEN', text.splitlines()[0], path)
            self.assertIn('DO NOT EDIT', text.splitlines()[0], path)
        t = schemagen.generate(ROOT, schema_dir='tests/unit/msg/schemas', all_name='pl_msg_test_all')
        self.assertEqual(t, schemagen.generate(ROOT, schema_dir='tests/unit/msg/schemas', all_name='pl_msg_test_all'))
        self.assertIn('docs/messages.md', t)
        self.assertIn('gen/ts/parley_messages.d.ts', t)

    def test_outputs(self):
        out = schemagen.generate(ROOT, schema_dir='tests/unit/msg/schemas', all_name='pl_msg_test_all')
        h = out['gen/schemas/pl_msg_test_types.h']
        self.assertIn('#if PL_MSG_RUNTIME_VERSION != %d' % schemagen.RUNTIME_VERSION, h)
        self.assertIn("strings point into the message's arena and live until", h)
        self.assertIn('PL_MSG_TEST_COMMON_STATE_WAITING_FOR_USER = 5', out['gen/schemas/pl_msg_test_common.h'])
        ts = out['gen/ts/parley_messages.d.ts']
        self.assertIn('export interface TestTypesRecord {', ts)
        self.assertIn('  id: string | number;', ts)
        self.assertIn('  note?: string | null;', ts)
        self.assertIn('export type AnyTestFamilyMessage =', ts)
        self.assertIn('export type TestCommonState = "idle" | "listening"', ts)
        md = out['docs/messages.md']
        self.assertIn('### test_types.record', md)
        self.assertIn('| `inner.b.c` |', md)
        self.assertIn('*Parley extension.*', md)
        self.assertIn('| `ping` | [ping](#test_family-ping) |', md)

    def test_cli_writes_only_changes(self):
        d = tempfile.mkdtemp(prefix='schemagen-out-')
        try:
            cmd = [sys.executable, os.path.join(ROOT, 'tools', 'schemagen.py'), '--src', ROOT,
                   '--schemas', 'tests/unit/msg/schemas', '--all-name', 'pl_msg_test_all', '--out', d]
            r1 = subprocess.run(cmd, capture_output=True, text=True, check=True)
            r2 = subprocess.run(cmd, capture_output=True, text=True, check=True)
            self.assertIn('10 written', r1.stdout)
            self.assertIn('0 written', r2.stdout)
            self.assertTrue(os.path.exists(os.path.join(d, 'gen/schemas/pl_msg_test_family.c')))
            bad = Tree({'fam': with_def(name={'type': 'string', 'patern': 'x'})})
            try:
                r3 = subprocess.run([sys.executable, os.path.join(ROOT, 'tools', 'schemagen.py'), '--src', bad.dir,
                                     '--check'], capture_output=True, text=True)
                self.assertEqual(r3.returncode, 1)
                self.assertIn('unknown keyword "patern"', r3.stderr)
            finally:
                bad.close()
        finally:
            shutil.rmtree(d)


if __name__ == '__main__':
    result = unittest.main(exit=False, verbosity=1).result
    failed = len(result.failures) + len(result.errors)
    print('%d passed, %d failed' % (result.testsRun - failed, failed))
    sys.exit(1 if failed else 0)
