#!/usr/bin/env python3
"""Regenerates everything in gen/ (and the generated docs) from fsm/ and schemas/.

  python3 tools/regen.py [ROOT]   regenerate in ROOT (default: the repository),
                                  writing only files whose content changed
  python3 tools/regen.py --check  regenerate into a temporary copy of the
                                  sources and fail with a unified diff when
                                  the committed output differs or is stale

Steps, in order:
  1. tools/fsmgen.py:    fsm/*.fsm   -> gen/fsm/<m>.h, gen/fsm/<m>.rl, docs/fsm/*
  2. tools/schemagen.py: schemas/*.json -> gen/schemas/*, docs/messages.md, gen/ts/*
  3. ragel: gen/fsm/<m>.rl (generated charts, table-driven -T0) and the
     hand-written fsm/<x>.rl (goto-driven -G2; *_common.rl files are grammar
     included by others) -> gen/fsm/<name>.c
Every generated file names its source and this command in its first lines.
Output is deterministic: regenerating twice gives the same bytes.
"""

import difflib
import os
import shutil
import subprocess
import sys
import tempfile

TOOLS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(TOOLS)
sys.path.insert(0, TOOLS)

# Folders whose every file is generated (a file there that no generator
# produced is stale and reported by --check).
GENERATED_DIRS = ['gen']
# Generated files that live in hand-written folders.
SOURCES = ['fsm', 'schemas', 'tools']


def run_generators(root):
    """Returns {relative path: bytes} of every generated file, building in root."""
    import fsmgen
    files = {}
    for path, text in fsmgen.generate(root).items():
        files[path] = text.encode('utf-8')
    if os.path.exists(os.path.join(root, 'tools', 'schemagen.py')):
        import schemagen
        for path, text in schemagen.generate(root).items():
            files[path] = text.encode('utf-8')
    return files


def ragel_jobs(root, files):
    """(input .rl, output .c, flags) for every Ragel machine."""
    jobs = []
    for path in sorted(files):
        if path.startswith('gen/fsm/') and path.endswith('.rl'):
            jobs.append((path, path[:-3] + '.c', '-T0'))
    fsm_dir = os.path.join(root, 'fsm')
    for fn in sorted(os.listdir(fsm_dir)):
        if fn.endswith('.rl') and not fn.endswith('_common.rl'):
            jobs.append(('fsm/' + fn, 'gen/fsm/' + fn[:-3] + '.c', '-G2'))
    return jobs


def write_if_changed(root, rel, data):
    path = os.path.join(root, rel)
    try:
        with open(path, 'rb') as f:
            if f.read() == data:
                return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)
    return True


def regenerate(root):
    """Regenerates in root; returns {relative path: bytes} of all outputs."""
    ragel = shutil.which('ragel')
    if ragel is None:
        sys.exit('regen: ragel not found: install the Debian package "ragel" (tools/install-deps.sh)')
    files = run_generators(root)
    for rel, data in files.items():
        write_if_changed(root, rel, data)
    for src, out, flag in ragel_jobs(root, files):
        tmp = out + '.tmp'
        # Relative paths from root keep the #line directives reproducible.
        r = subprocess.run([ragel, flag, '-o', tmp, src], cwd=root,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        if r.returncode != 0:
            sys.exit('regen: ragel failed on %s:\n%s' % (src, r.stdout))
        with open(os.path.join(root, tmp), 'rb') as f:
            data = f.read()
        os.unlink(os.path.join(root, tmp))
        write_if_changed(root, out, data)
        files[out] = data
    return files


def check():
    with tempfile.TemporaryDirectory(prefix='parley-regen-') as tmp:
        for d in SOURCES:
            if not os.path.isdir(os.path.join(REPO, d)):
                continue
            shutil.copytree(os.path.join(REPO, d), os.path.join(tmp, d),
                            ignore=shutil.ignore_patterns('__pycache__'))
        files = regenerate(tmp)
    problems = 0
    for rel in sorted(files):
        path = os.path.join(REPO, rel)
        try:
            with open(path, 'rb') as f:
                have = f.read()
        except FileNotFoundError:
            print('regen-check: missing %s (run make regen)' % rel)
            problems += 1
            continue
        if have != files[rel]:
            problems += 1
            diff = difflib.unified_diff(
                have.decode('utf-8', 'replace').splitlines(True),
                files[rel].decode('utf-8', 'replace').splitlines(True),
                'committed/' + rel, 'regenerated/' + rel)
            sys.stdout.writelines(diff)
    for d in GENERATED_DIRS:
        for dirpath, _, names in os.walk(os.path.join(REPO, d)):
            for n in names:
                rel = os.path.relpath(os.path.join(dirpath, n), REPO)
                if rel not in files:
                    print('regen-check: stale generated file %s (its source is gone)' % rel)
                    problems += 1
    if problems:
        print('regen-check: %d generated file(s) out of date; run `make regen` and commit' % problems)
        return 1
    print('regen-check: %d generated files up to date' % len(files))
    return 0


def main(argv):
    if len(argv) > 1 and argv[1] == '--check':
        return check()
    root = os.path.abspath(argv[1]) if len(argv) > 1 else REPO
    files = regenerate(root)
    print('regen: %d generated files' % len(files))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
