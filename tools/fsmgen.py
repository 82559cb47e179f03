#!/usr/bin/env python3
"""Generates C, a Ragel state chart and diagrams from a declared state machine.

Input: fsm/<name>.fsm (format documented at the top of fsm/conversation.fsm).
Output (paths relative to the repository root):
  gen/fsm/<name>.h     the C API: state/event enums, transition table, hooks
  gen/fsm/<name>.rl    a Ragel state chart hosting the C functions; Ragel
                       turns it into gen/fsm/<name>.c (tools/regen.py runs it)
  docs/fsm/<name>.dot  Graphviz diagram
  docs/fsm/<name>.mmd  Mermaid diagram
  docs/fsm/<name>.md   the transition table in prose

generate(src_root) returns {relative path: content}; it writes nothing.
Output is deterministic: the same source gives the same bytes.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fsm_source  # noqa: E402


def c_str(s):
    return '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'


def banner(src, what):
    return ('/* PARLEY-GEN fsm %s -- DO NOT EDIT.\n'
            ' * %s\n'
            ' * Source: %s. Generator: tools/fsmgen.py (then ragel for the .c).\n'
            ' * Regenerate: make regen */\n' % (os.path.basename(src), what, src))


def gen_header(m, src):
    P = m.prefix.upper()
    p = m.prefix
    guard = 'PARLEY_GEN_FSM_%s_H' % m.name.upper()
    o = [banner(src, 'The %s state machine: states, events, transitions, hooks.' % m.name)]
    o.append('#ifndef %s\n#define %s\n\n#include <stddef.h>\n\n'
             '#ifdef __cplusplus\nextern "C" {\n#endif\n\n' % (guard, guard))
    o.append('/* States. */\ntypedef enum %s_state {\n' % p)
    for i, s in enumerate(m.states):
        o.append('    %s_STATE_%s = %d, /* %s */\n' % (P, s.name, i, s.description))
    o.append('} %s_state_t;\n#define %s_STATE_COUNT %d\n\n' % (p, P, len(m.states)))
    o.append('/* Events: what causes a transition. */\ntypedef enum %s_event {\n' % p)
    for i, e in enumerate(m.events):
        o.append('    %s_EVENT_%s = %d, /* %s */\n' % (P, e.name.upper(), i, e.description))
    o.append('} %s_event_t;\n#define %s_EVENT_COUNT %d\n\n' % (p, P, len(m.events)))
    o.append('/** The initial state of a new machine. */\n#define %s_INITIAL_STATE %s_STATE_%s\n\n'
             % (P, P, m.initial))
    o.append('/* One declared transition; line is its line in %s. */\n' % src)
    o.append('typedef struct %s_transition {\n    %s_state_t from;\n    %s_event_t event;\n'
             '    %s_state_t to;\n    int line;\n} %s_transition_t;\n\n' % (p, p, p, p, p))
    o.append('/** Every valid transition, in declaration order. */\n'
             'extern const %s_transition_t %s_transitions[];\n#define %s_TRANSITION_COUNT %d\n\n'
             % (p, p, P, len(m.transitions)))
    o.append('typedef struct %s_fsm %s_fsm_t;\n\n' % (p, p))
    o.append('/** A hook: runs on a transition; t is the transition being taken. */\n'
             'typedef void (*%s_hook_fn)(%s_fsm_t *m, const %s_transition_t *t, void *user_data);\n\n'
             % (p, p, p))
    o.append('/*\n * Hooks the engine supplies; any may be NULL. Exit hooks run before the\n'
             ' * state changes, enter hooks after. on_transition runs for every change\n'
             ' * (logging, metrics, persistence), after the exit hook and before the enter\n'
             ' * hook. Hooks must not fire events on the same machine (the fire returns\n'
             ' * PL_ERR_BUSY): queue them and fire after the current fire returns.\n */\n')
    o.append('typedef struct %s_hooks {\n' % p)
    for h in m.hooks():
        where = []
        for s in m.states:
            if s.enter == h:
                where.append('enter %s' % s.name)
            if s.exit == h:
                where.append('exit %s' % s.name)
        o.append('    %s_hook_fn %s; /* %s */\n' % (p, h, ', '.join(where)))
    o.append('    %s_hook_fn on_transition; /* every transition */\n} %s_hooks_t;\n\n' % (p, p))
    o.append('/* A machine instance. Plain data: embed it, copy it (a scratch copy\n'
             ' * fires independently), no allocation. Fields are private. */\n')
    o.append('struct %s_fsm {\n    int cs_;\n    %s_state_t state_;\n    int firing_;\n'
             '    const %s_hooks_t *hooks_;\n    void *user_data_;\n};\n\n' % (p, p, p))
    decls = [
        ('Starts a machine in the initial state; runs no hook. hooks may be NULL.',
         'void %s_fsm_init(%s_fsm_t *m, const %s_hooks_t *hooks, void *user_data);' % (p, p, p)),
        ('Puts a machine in state s (e.g. loaded from the store); runs no hook.\n'
         ' * Returns 0, or PL_ERR_INVALID_ARGUMENT if s is not a state.',
         'int %s_fsm_restore(%s_fsm_t *m, %s_state_t s);' % (p, p, p)),
        ('Replaces the hooks and their user data (e.g. on a scratch copy).',
         'void %s_fsm_set_hooks(%s_fsm_t *m, const %s_hooks_t *hooks, void *user_data);' % (p, p, p)),
        ('Fires an event through the generated machine. Returns 0 (state changed,\n'
         ' * hooks ran), PL_ERR_FSM_TRANSITION (the event is not valid in the current\n'
         ' * state; nothing changed), PL_ERR_INVALID_ARGUMENT (not an event) or\n'
         ' * PL_ERR_BUSY (called from one of this machine\'s hooks).',
         'int %s_fsm_fire(%s_fsm_t *m, %s_event_t ev);' % (p, p, p)),
        ('The current state.',
         '%s_state_t %s_fsm_state(const %s_fsm_t *m);' % (p, p, p)),
        ('The state an event leads to from a state by the table, or -1 if invalid.',
         'int %s_target(%s_state_t from, %s_event_t ev);' % (p, p, p)),
        ('The event that moves from to to, or -1 if no transition does.',
         'int %s_event_between(%s_state_t from, %s_state_t to);' % (p, p, p)),
        ('Name as declared ("WAITING_FOR_USER"); "?" if out of range.',
         'const char *%s_state_name(%s_state_t s);' % (p, p)),
        ('Lower-case name ("waiting_for_user"); "?" if out of range.',
         'const char *%s_state_name_lower(%s_state_t s);' % (p, p)),
        ('Description from the source; "" if out of range.',
         'const char *%s_state_description(%s_state_t s);' % (p, p)),
        ('State by name, case-insensitive; -1 if none.',
         'int %s_state_from_name(const char *name, size_t len);' % p),
        ('Event name as declared ("user_input"); "?" if out of range.',
         'const char *%s_event_name(%s_event_t e);' % (p, p)),
        ('Description from the source; "" if out of range.',
         'const char *%s_event_description(%s_event_t e);' % (p, p)),
        ('Event by name, case-insensitive; -1 if none.',
         'int %s_event_from_name(const char *name, size_t len);' % p),
        ('Writes why an event is invalid in a state, e.g. "event \'end\' is not\n'
         ' * valid in state SPEAKING (valid: response_finished, reset, failure)".\n'
         ' * Returns the length snprintf would write.',
         'int %s_describe_invalid(%s_state_t from, %s_event_t ev, char *buf, size_t len);' % (p, p, p)),
    ]
    for doc, d in decls:
        o.append('/** %s */\n%s\n\n' % (doc, d))
    o.append('#ifdef __cplusplus\n}\n#endif\n#endif\n')
    return ''.join(o)


def gen_ragel(m, src, header_path):
    P = m.prefix.upper()
    p = m.prefix
    n_ev = len(m.events)
    o = [banner(src, 'Ragel host for the %s machine; ragel turns this into %s.c.'
                % (m.name, m.name))]
    o.append('#include "%s"\n\n#include "parley/error.h"\n\n#include <stdio.h>\n#include <string.h>\n#include <strings.h>\n\n'
             % header_path)
    # Diagram in a comment (SQLite pager.c habit).
    o.append('/*\n * Transitions (from --event--> to), declared in %s:\n *\n' % src)
    for t in m.transitions:
        o.append(' *   %-17s --%s--> %s\n' % (t.src, t.event, t.dst))
    o.append(' *\n * Input alphabet of the Ragel machine: event e is the byte e; the byte\n'
             ' * %d + s restores state s from the start state (used by init/restore).\n */\n\n' % n_ev)
    o.append('const %s_transition_t %s_transitions[] = {\n' % (p, p))
    for t in m.transitions:
        o.append('    {%s_STATE_%s, %s_EVENT_%s, %s_STATE_%s, %d},\n'
                 % (P, t.src, P, t.event.upper(), P, t.dst, t.line))
    o.append('};\n\n')
    for kind, items, fn in (('state', m.states, lambda s: s.name),
                            ('event', m.events, lambda e: e.name)):
        o.append('static const char *const %s_names[] = {\n' % kind)
        for it in items:
            o.append('    %s,\n' % c_str(fn(it)))
        o.append('};\n\n')
        o.append('static const char *const %s_descriptions[] = {\n' % kind)
        for it in items:
            o.append('    %s,\n' % c_str(it.description))
        o.append('};\n\n')
    o.append('static const char *const state_names_lower[] = {\n')
    for s in m.states:
        o.append('    %s,\n' % c_str(s.name.lower()))
    o.append('};\n\n')
    # Ragel chart.
    o.append('%%%%{\n    machine %s;\n    alphtype unsigned char;\n    access m->;\n' % m.name)
    o.append('    variable cs m->cs_;\n\n')
    for i, t in enumerate(m.transitions):
        o.append('    action t%d { taken = %d; }\n' % (i, i))
    for i, s in enumerate(m.states):
        o.append('    action r_%s { restored = %d; }\n' % (s.name, i))
    o.append('\n    main := (\n        start: (\n')
    rs = ['            %d @r_%s -> %s' % (n_ev + i, s.name, s.name) for i, s in enumerate(m.states)]
    o.append(' |\n'.join(rs) + '\n        ),\n')
    for si, s in enumerate(m.states):
        outs = [(i, t) for i, t in enumerate(m.transitions) if t.src == s.name]
        if outs:
            lines = []
            for k, (i, t) in enumerate(outs):
                sep = ' |' if k < len(outs) - 1 else ''
                lines.append('            %d @t%d -> %s%s # %s' % (
                    m.events.index(m.event(t.event)), i, t.dst, sep, t.event))
            body = '\n'.join(lines)
        else:
            body = '            zlen # no transitions out of %s' % s.name
        term = ',' if si < len(m.states) - 1 else ''
        o.append('        %s: (\n%s\n        )%s\n' % (s.name, body, term))
    o.append('    );\n\n    write data nofinal;\n}%%%%\n\n')
    # Functions.
    o.append('''static int exec_byte(%(p)s_fsm_t *m, unsigned char byte, int *taken_out, int *restored_out)
{
    int taken = -1, restored = -1;
    const unsigned char *p = &byte, *pe = p + 1;
    int saved = m->cs_;
    %%%% write exec;
    if (m->cs_ == %(name)s_error) {
        m->cs_ = saved;
        return PL_ERR_FSM_TRANSITION;
    }
    *taken_out = taken;
    *restored_out = restored;
    return 0;
}

void %(p)s_fsm_set_hooks(%(p)s_fsm_t *m, const %(p)s_hooks_t *hooks, void *user_data)
{
    m->hooks_ = hooks;
    m->user_data_ = user_data;
}

int %(p)s_fsm_restore(%(p)s_fsm_t *m, %(p)s_state_t s)
{
    int taken, restored;
    if ((int)s < 0 || (int)s >= %(P)s_STATE_COUNT)
        return PL_ERR_INVALID_ARGUMENT;
    %%%% write init;
    if (exec_byte(m, (unsigned char)(%(n_ev)d + (int)s), &taken, &restored) != 0 || restored != (int)s)
        return PL_ERR_INTERNAL;
    m->state_ = s;
    return 0;
}

void %(p)s_fsm_init(%(p)s_fsm_t *m, const %(p)s_hooks_t *hooks, void *user_data)
{
    m->firing_ = 0;
    %(p)s_fsm_set_hooks(m, hooks, user_data);
    (void)%(p)s_fsm_restore(m, %(P)s_INITIAL_STATE);
    (void)%(name)s_en_main;
}

/* The one place the state changes: exit hook, new state, trace, enter hook. */
static void set_state(%(p)s_fsm_t *m, const %(p)s_transition_t *t)
{
    const %(p)s_hooks_t *h = m->hooks_;
    m->firing_ = 1;
    if (h != NULL) {
        switch (t->from) {
''' % {'p': p, 'P': P, 'name': m.name, 'n_ev': n_ev})
    for s in m.states:
        if s.exit:
            o.append('        case %s_STATE_%s:\n            if (h->%s != NULL)\n'
                     '                h->%s(m, t, m->user_data_);\n            break;\n'
                     % (P, s.name, s.exit, s.exit))
    o.append('        default:\n            break;\n        }\n    }\n    m->state_ = t->to;\n'
             '    if (h != NULL && h->on_transition != NULL)\n'
             '        h->on_transition(m, t, m->user_data_);\n    if (h != NULL) {\n'
             '        switch (t->to) {\n')
    for s in m.states:
        if s.enter:
            o.append('        case %s_STATE_%s:\n            if (h->%s != NULL)\n'
                     '                h->%s(m, t, m->user_data_);\n            break;\n'
                     % (P, s.name, s.enter, s.enter))
    o.append('        default:\n            break;\n        }\n    }\n    m->firing_ = 0;\n}\n\n')
    o.append('''int %(p)s_fsm_fire(%(p)s_fsm_t *m, %(p)s_event_t ev)
{
    int taken, restored, rv;
    if ((int)ev < 0 || (int)ev >= %(P)s_EVENT_COUNT)
        return PL_ERR_INVALID_ARGUMENT;
    if (m->firing_)
        return PL_ERR_BUSY;
    rv = exec_byte(m, (unsigned char)ev, &taken, &restored);
    if (rv != 0)
        return rv;
    if (taken < 0 || taken >= %(P)s_TRANSITION_COUNT)
        return PL_ERR_INTERNAL;
    set_state(m, &%(p)s_transitions[taken]);
    return 0;
}

%(p)s_state_t %(p)s_fsm_state(const %(p)s_fsm_t *m)
{
    return m->state_;
}

int %(p)s_target(%(p)s_state_t from, %(p)s_event_t ev)
{
    for (int i = 0; i < %(P)s_TRANSITION_COUNT; i++)
        if (%(p)s_transitions[i].from == from && %(p)s_transitions[i].event == ev)
            return (int)%(p)s_transitions[i].to;
    return -1;
}

int %(p)s_event_between(%(p)s_state_t from, %(p)s_state_t to)
{
    for (int i = 0; i < %(P)s_TRANSITION_COUNT; i++)
        if (%(p)s_transitions[i].from == from && %(p)s_transitions[i].to == to)
            return (int)%(p)s_transitions[i].event;
    return -1;
}

const char *%(p)s_state_name(%(p)s_state_t s)
{
    return (int)s >= 0 && (int)s < %(P)s_STATE_COUNT ? state_names[s] : "?";
}

const char *%(p)s_state_name_lower(%(p)s_state_t s)
{
    return (int)s >= 0 && (int)s < %(P)s_STATE_COUNT ? state_names_lower[s] : "?";
}

const char *%(p)s_state_description(%(p)s_state_t s)
{
    return (int)s >= 0 && (int)s < %(P)s_STATE_COUNT ? state_descriptions[s] : "";
}

const char *%(p)s_event_name(%(p)s_event_t e)
{
    return (int)e >= 0 && (int)e < %(P)s_EVENT_COUNT ? event_names[e] : "?";
}

const char *%(p)s_event_description(%(p)s_event_t e)
{
    return (int)e >= 0 && (int)e < %(P)s_EVENT_COUNT ? event_descriptions[e] : "";
}

static int lookup(const char *const *names, int n, const char *name, size_t len)
{
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == len && strncasecmp(names[i], name, len) == 0)
            return i;
    return -1;
}

int %(p)s_state_from_name(const char *name, size_t len)
{
    return lookup(state_names, %(P)s_STATE_COUNT, name, len);
}

int %(p)s_event_from_name(const char *name, size_t len)
{
    return lookup(event_names, %(P)s_EVENT_COUNT, name, len);
}

int %(p)s_describe_invalid(%(p)s_state_t from, %(p)s_event_t ev, char *buf, size_t len)
{
    char valid[256];
    size_t used = 0;
    valid[0] = '\\0';
    for (int i = 0; i < %(P)s_TRANSITION_COUNT; i++) {
        if (%(p)s_transitions[i].from != from)
            continue;
        int n = snprintf(valid + used, sizeof(valid) - used, "%%s%%s", used ? ", " : "",
                         event_names[%(p)s_transitions[i].event]);
        if (n < 0 || (size_t)n >= sizeof(valid) - used)
            break;
        used += (size_t)n;
    }
    return snprintf(buf, len, "event '%%s' is not valid in state %%s (valid: %%s)",
                    %(p)s_event_name(ev), %(p)s_state_name(from), used ? valid : "none");
}
''' % {'p': p, 'P': P})
    return ''.join(o)


def gen_dot(m, src):
    o = ['// PARLEY-GEN fsm %s -- DO NOT EDIT. Source: %s. Regenerate: make regen\n'
         % (os.path.basename(src), src)]
    o.append('digraph %s {\n    rankdir=LR;\n    node [shape=box, style=rounded];\n'
             '    __start [shape=point];\n    __start -> %s;\n' % (m.name, m.initial))
    for s in m.states:
        o.append('    %s [tooltip=%s];\n' % (s.name, c_str(s.description)))
    for t in m.transitions:
        o.append('    %s -> %s [label="%s"];\n' % (t.src, t.dst, t.event))
    o.append('}\n')
    return ''.join(o)


def gen_mermaid(m, src):
    o = ['%%%% PARLEY-GEN fsm %s -- DO NOT EDIT. Source: %s. Regenerate: make regen\n'
         % (os.path.basename(src), src)]
    o.append('stateDiagram-v2\n    [*] --> %s\n' % m.initial)
    for t in m.transitions:
        o.append('    %s --> %s: %s\n' % (t.src, t.dst, t.event))
    for s in m.states:
        if not any(t.src == s.name for t in m.transitions):
            o.append('    %s --> [*]\n' % s.name)
    return ''.join(o)


def gen_markdown(m, src):
    o = ['<!-- PARLEY-GEN fsm %s -- DO NOT EDIT. Source: %s. Regenerate: make regen -->\n\n'
         % (os.path.basename(src), src)]
    o.append('# The `%s` state machine\n\nInitial state: `%s`. Diagrams: [%s.dot](%s.dot), '
             '[%s.mmd](%s.mmd).\n\n' % (m.name, m.initial, m.name, m.name, m.name, m.name))
    o.append('## States\n\n| state | description | enter hook | exit hook |\n| --- | --- | --- | --- |\n')
    for s in m.states:
        o.append('| `%s` | %s | %s | %s |\n' % (s.name, s.description,
                                              '`%s`' % s.enter if s.enter else '',
                                              '`%s`' % s.exit if s.exit else ''))
    o.append('\n## Events\n\n| event | cause |\n| --- | --- |\n')
    for e in m.events:
        o.append('| `%s` | %s |\n' % (e.name, e.description))
    o.append('\n## Transitions\n\nEvery pair not listed is rejected and leaves the state unchanged.\n\n'
             '| from | event | to |\n| --- | --- | --- |\n')
    for t in m.transitions:
        o.append('| `%s` | `%s` | `%s` |\n' % (t.src, t.event, t.dst))
    o.append('\n```mermaid\n%s```\n' % gen_mermaid(m, src).split('\n', 1)[1])
    return ''.join(o)


def generate(src_root):
    """Returns {relative output path: content} for every fsm/*.fsm under src_root."""
    out = {}
    fsm_dir = os.path.join(src_root, 'fsm')
    for fn in sorted(os.listdir(fsm_dir)):
        if not fn.endswith('.fsm'):
            continue
        src = 'fsm/' + fn
        m = fsm_source.read(os.path.join(src_root, src))
        header = 'fsm/%s.h' % m.name
        out['gen/fsm/%s.h' % m.name] = gen_header(m, src)
        out['gen/fsm/%s.rl' % m.name] = gen_ragel(m, src, header)
        out['docs/fsm/%s.dot' % m.name] = gen_dot(m, src)
        out['docs/fsm/%s.mmd' % m.name] = gen_mermaid(m, src)
        out['docs/fsm/%s.md' % m.name] = gen_markdown(m, src)
    return out


if __name__ == '__main__':
    root = sys.argv[1] if len(sys.argv) > 1 else '.'
    try:
        files = generate(root)
    except fsm_source.FsmError as e:
        sys.exit('fsmgen: %s' % e)
    for path in sorted(files):
        print(path)
