#!/bin/sh
# Print the include graph of include/*.h and the module graph of src/
# (which source file calls into which, from the symbols of the built
# objects), and report any cycle in either; exits 1 on a cycle.
# Usage: sh tools/include-graph.sh [BUILD_DIR]   (after make)
cd "$(dirname "$0")/.." || exit 2
build=${1:-build}
python3 - "$build" <<'PY'
import glob, os, re, subprocess, sys
g = {}
for h in glob.glob('include/*.h'):
    n = os.path.basename(h)
    g[n] = sorted(set(re.findall(r'#include "([^"]+)"', open(h).read())))
def cycles(g):
    state, found = {}, []
    def visit(n, path):
        if state.get(n) == 1:
            found.append(path[path.index(n):] + [n]); return
        if state.get(n) == 2 or n not in g:
            return
        state[n] = 1
        for m in g[n]:
            visit(m, path + [n])
        state[n] = 2
    for n in sorted(g):
        visit(n, [])
    return found
bad = 0
for n in sorted(g):
    print(n, '->', ' '.join(g[n]) or '-')
c = cycles(g)
if c:
    print('header cycle:', ' -> '.join(c[0])); bad = 1
else:
    print('no include cycle among', len(g), 'headers')
# Modules: object files of src/ (not the CLI), edges from undefined to
# defining object.
objs = [o for o in glob.glob(sys.argv[1] + '/obj/**/*.o', recursive=True)
        if not o.endswith('/cli.o')]
defs, undef = {}, {}
for o in objs:
    m = os.path.relpath(o, sys.argv[1] + '/obj')[:-2]
    out = subprocess.run(['nm', o], capture_output=True, text=True).stdout
    undef[m] = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == 'U':
            undef[m].add(parts[1])
        elif len(parts) == 3 and parts[1] in 'TDRB':
            defs[parts[2]] = m
mg = {m: sorted({defs[s] for s in u if s in defs and defs[s] != m})
      for m, u in undef.items()}
for m in sorted(mg):
    print('module', m, '->', ' '.join(mg[m]) or '-')
c = cycles(mg)
if c:
    print('module cycle:', ' -> '.join(c[0])); bad = 1
else:
    print('no cycle among', len(mg), 'modules')
sys.exit(bad)
PY
