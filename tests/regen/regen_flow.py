"""The proof that a protocol owner's edit flows through the generators.

1. Copies the declarative sources, the generators and the runtime to a
   temporary folder; adds a state, an event and a transition to
   fsm/conversation.fsm and a field to a message schema; regenerates; then
   compiles and runs a C program that uses the new names of the generated
   API (PL_CONV_STATE_PAUSED, PL_CONV_EVENT_PAUSE, the new field).
2. Deletes one transition line from a copy of fsm/conversation.fsm and
   shows that `tools/regen.py --check` fails with a diff naming it.

Prints "N passed, N failed".
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.environ.get('PARLEY_SOURCE_DIR') or os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
CC = os.environ.get('CC', 'cc')


def copy_tree(dst, parts):
    for p in parts:
        src = os.path.join(ROOT, p)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(dst, p), ignore=shutil.ignore_patterns('__pycache__'))
        else:
            os.makedirs(os.path.dirname(os.path.join(dst, p)), exist_ok=True)
            shutil.copy(src, os.path.join(dst, p))


def pkg_flags(*pkgs):
    out = subprocess.run(['pkg-config', '--cflags', '--libs'] + list(pkgs), capture_output=True,
                         text=True, check=True).stdout
    return out.split()


def edit_fsm(path):
    with open(path) as f:
        text = f.read()
    text = text.replace(
        'state ENDED ',
        'state PAUSED           "The tutor is paused by the user"\nstate ENDED ')
    text = text.replace(
        'event end ',
        'event pause             "The user paused the tutor"\nevent end ')
    text += 'SPEAKING         pause             -> PAUSED\nPAUSED           reset             -> IDLE\n'
    with open(path, 'w') as f:
        f.write(text)


def edit_schema(path):
    with open(path) as f:
        doc = json.load(f)
    msg = doc['$defs']['user_message']
    msg['properties']['mood'] = {'type': 'string', 'maxLength': 32,
                                 'description': 'How the learner feels (added by this test)'}
    with open(path, 'w') as f:
        json.dump(doc, f, indent=2)
        f.write('\n')


PROGRAM = r'''
#include "fsm/conversation.h"
#include "schemas/pl_msg_tutor_client.h"
#include "parley/error.h"
#include <stdio.h>
#include <string.h>

int main(void)
{
    pl_conv_fsm_t m;
    pl_conv_fsm_init(&m, NULL, NULL);
    if (pl_conv_fsm_fire(&m, PL_CONV_EVENT_USER_INPUT) || pl_conv_fsm_fire(&m, PL_CONV_EVENT_INPUT_COMPLETE) ||
        pl_conv_fsm_fire(&m, PL_CONV_EVENT_RESPONSE_STARTED))
        return 1;
    if (pl_conv_fsm_fire(&m, PL_CONV_EVENT_PAUSE) != 0 || pl_conv_fsm_state(&m) != PL_CONV_STATE_PAUSED)
        return 2;
    if (pl_conv_fsm_fire(&m, PL_CONV_EVENT_PAUSE) != PL_ERR_FSM_TRANSITION)
        return 3;
    printf("state %s (%s)\n", pl_conv_state_name(pl_conv_fsm_state(&m)),
           pl_conv_state_description(PL_CONV_STATE_PAUSED));
    const char *json = "{\"mt\":\"user_message\",\"message\":\"hi\",\"userId\":\"7\",\"mood\":\"curious\"}";
    pl_msg_error_t err;
    pl_msg_tutor_client_user_message_t *msg =
        pl_msg_tutor_client_user_message_parse(json, strlen(json), &err);
    if (msg == NULL) {
        printf("parse failed: %s\n", err.message);
        return 4;
    }
    if (!msg->has_mood || strcmp(msg->mood.ptr, "curious") != 0)
        return 5;
    /* A mood over its maxLength is refused with the field's path. */
    const char *bad = "{\"mt\":\"user_message\",\"message\":\"hi\",\"userId\":\"7\","
                      "\"mood\":\"0123456789012345678901234567890123\"}";
    if (pl_msg_tutor_client_user_message_parse(bad, strlen(bad), &err) != NULL ||
        strncmp(err.path, "mood", 4) != 0)
        return 6;
    printf("mood %s\n", msg->mood.ptr);
    pl_msg_tutor_client_user_message_free(msg);
    return 0;
}
'''


def added_names_flow_through():
    tmp = tempfile.mkdtemp(prefix='parley-regen-flow-')
    try:
        copy_tree(tmp, ['fsm', 'schemas', 'tools', 'include', 'src/common', 'src/msg', 'gen'])
        edit_fsm(os.path.join(tmp, 'fsm', 'conversation.fsm'))
        edit_schema(os.path.join(tmp, 'schemas', 'tutor_client.json'))
        r = subprocess.run([sys.executable, os.path.join(tmp, 'tools', 'regen.py'), tmp],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
        header = open(os.path.join(tmp, 'gen', 'fsm', 'conversation.h')).read()
        assert 'PL_CONV_STATE_PAUSED' in header and 'PL_CONV_EVENT_PAUSE' in header
        assert 'PAUSED' in open(os.path.join(tmp, 'docs', 'fsm', 'conversation.mmd')).read()
        with open(os.path.join(tmp, 'prog.c'), 'w') as f:
            f.write(PROGRAM)
        sources = [os.path.join(tmp, 'prog.c'), os.path.join(tmp, 'gen', 'fsm', 'conversation.c')]
        sources += [os.path.join(tmp, 'src', 'common', f) for f in ('error.c', 'mem.c')]
        for d in ('src/msg', 'gen/schemas'):
            sources += sorted(os.path.join(tmp, d, f) for f in os.listdir(os.path.join(tmp, d))
                              if f.endswith('.c'))
        cmd = [CC, '-std=c11', '-D_DEFAULT_SOURCE', '-Wall', '-Wextra', '-Werror',
               '-I' + os.path.join(tmp, 'include'), '-I' + os.path.join(tmp, 'gen'),
               '-o', os.path.join(tmp, 'prog')] + sources + pkg_flags('yajl') + ['-lm']
        r = subprocess.run(cmd, capture_output=True, text=True)
        assert r.returncode == 0, ' '.join(cmd) + '\n' + r.stderr
        r = subprocess.run([os.path.join(tmp, 'prog')], capture_output=True, text=True)
        assert r.returncode == 0, (r.returncode, r.stdout, r.stderr)
        assert 'state PAUSED (The tutor is paused by the user)' in r.stdout, r.stdout
        assert 'mood curious' in r.stdout, r.stdout
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def stale_gen_is_caught():
    tmp = tempfile.mkdtemp(prefix='parley-regen-stale-')
    try:
        copy_tree(tmp, ['fsm', 'schemas', 'tools', 'gen', 'docs/fsm'])
        if os.path.exists(os.path.join(ROOT, 'docs', 'messages.md')):
            copy_tree(tmp, ['docs/messages.md'])
        check = [sys.executable, os.path.join(tmp, 'tools', 'regen.py'), '--check']
        r = subprocess.run(check, capture_output=True, text=True)
        assert r.returncode == 0, 'fresh copy should pass:\n' + r.stdout + r.stderr
        path = os.path.join(tmp, 'fsm', 'conversation.fsm')
        lines = open(path).read().split('\n')
        victim = next(l for l in lines if l.startswith('SPEAKING') and 'failure' in l)
        lines.remove(victim)
        open(path, 'w').write('\n'.join(lines))
        r = subprocess.run(check, capture_output=True, text=True)
        assert r.returncode != 0, 'regen --check passed on a stale gen/'
        assert '--- committed/gen/fsm/conversation.rl' in r.stdout, r.stdout[:2000]
        assert '-    {PL_CONV_STATE_SPEAKING, PL_CONV_EVENT_FAILURE, PL_CONV_STATE_ERROR' in r.stdout
        assert 'out of date' in r.stdout
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    passed = failed = 0
    for fn in (added_names_flow_through, stale_gen_is_caught):
        try:
            fn()
            print('ok - %s' % fn.__name__)
            passed += 1
        except Exception as e:  # noqa: BLE001
            import traceback
            traceback.print_exc()
            print('not ok - %s: %s' % (fn.__name__, e))
            failed += 1
    print('%d passed, %d failed' % (passed, failed))
    return 0 if failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main())
