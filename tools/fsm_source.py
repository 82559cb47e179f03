"""Reader of Parley's declarative state machine files (fsm/*.fsm).

The format is documented at the top of fsm/conversation.fsm. read() returns a
Machine or raises FsmError naming the file and line. Used by fsmgen.py and by
schemagen.py (which takes the state enum from here, not from a second copy).
"""

import re
import shlex


class FsmError(Exception):
    pass


class State:
    def __init__(self, name, description, enter, exit_, line):
        self.name = name
        self.description = description
        self.enter = enter
        self.exit = exit_
        self.line = line


class Event:
    def __init__(self, name, description, line):
        self.name = name
        self.description = description
        self.line = line


class Transition:
    def __init__(self, src, event, dst, line):
        self.src = src
        self.event = event
        self.dst = dst
        self.line = line


class Machine:
    def __init__(self, path):
        self.path = path
        self.name = None
        self.prefix = None
        self.initial = None
        self.states = []
        self.events = []
        self.transitions = []

    def state(self, name):
        return next((s for s in self.states if s.name == name), None)

    def event(self, name):
        return next((e for e in self.events if e.name == name), None)

    def target(self, src, event):
        t = next((t for t in self.transitions if t.src == src and t.event == event), None)
        return t.dst if t else None

    def hooks(self):
        """Every hook name, in order of first appearance."""
        out = []
        for s in self.states:
            for h in (s.enter, s.exit):
                if h and h not in out:
                    out.append(h)
        return out


IDENT = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*$')


def read(path):
    m = Machine(path)
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    for no, raw in enumerate(lines, 1):
        where = '%s:%d' % (path, no)
        try:
            toks = shlex.split(raw, comments=True)
        except ValueError as e:
            raise FsmError('%s: %s' % (where, e))
        if not toks:
            continue
        kw = toks[0]
        if kw in ('machine', 'prefix', 'initial'):
            attr = 'name' if kw == 'machine' else kw
            if len(toks) != 2 or not IDENT.match(toks[1]):
                raise FsmError('%s: expected "%s NAME"' % (where, kw))
            if getattr(m, attr) is not None:
                raise FsmError('%s: %s given twice' % (where, kw))
            setattr(m, attr, toks[1])
        elif kw == 'state':
            if len(toks) < 3 or not IDENT.match(toks[1]):
                raise FsmError('%s: expected: state NAME "description" [enter HOOK] [exit HOOK]' % where)
            name, desc, rest = toks[1], toks[2], toks[3:]
            enter = exit_ = None
            while rest:
                if len(rest) < 2 or rest[0] not in ('enter', 'exit') or not IDENT.match(rest[1]):
                    raise FsmError('%s: expected "enter HOOK" or "exit HOOK", got %r' % (where, ' '.join(rest)))
                if rest[0] == 'enter':
                    enter = rest[1]
                else:
                    exit_ = rest[1]
                rest = rest[2:]
            if m.state(name):
                raise FsmError('%s: state %s declared twice' % (where, name))
            m.states.append(State(name, desc, enter, exit_, no))
        elif kw == 'event':
            if len(toks) != 3 or not IDENT.match(toks[1]):
                raise FsmError('%s: expected: event NAME "description"' % where)
            if m.event(toks[1]):
                raise FsmError('%s: event %s declared twice' % (where, toks[1]))
            m.events.append(Event(toks[1], toks[2], no))
        elif len(toks) == 4 and toks[2] == '->':
            src, ev, dst = toks[0], toks[1], toks[3]
            for kind, name, ok in (('state', src, m.state(src)), ('event', ev, m.event(ev)),
                                   ('state', dst, m.state(dst))):
                if not ok:
                    raise FsmError('%s: unknown %s %s (declare it before its transitions)' % (where, kind, name))
            if m.target(src, ev):
                raise FsmError('%s: %s already has a transition on %s' % (where, src, ev))
            m.transitions.append(Transition(src, ev, dst, no))
        else:
            raise FsmError('%s: cannot read %r' % (where, raw.strip()))
    for kw, attr in (('machine', 'name'), ('prefix', 'prefix'), ('initial', 'initial')):
        if getattr(m, attr) is None:
            raise FsmError('%s: missing "%s"' % (path, kw))
    if not m.state(m.initial):
        raise FsmError('%s: initial state %s is not declared' % (path, m.initial))
    if not m.transitions:
        raise FsmError('%s: no transitions' % path)
    # Every state must be reachable and every event used: an unused
    # declaration is almost always a typo in a transition line.
    reach, todo = {m.initial}, [m.initial]
    while todo:
        s = todo.pop()
        for t in m.transitions:
            if t.src == s and t.dst not in reach:
                reach.add(t.dst)
                todo.append(t.dst)
    for s in m.states:
        if s.name not in reach:
            raise FsmError('%s:%d: state %s is unreachable from %s' % (path, s.line, s.name, m.initial))
    for e in m.events:
        if not any(t.event == e.name for t in m.transitions):
            raise FsmError('%s:%d: event %s is used by no transition' % (path, e.line, e.name))
    return m
