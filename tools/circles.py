#!/usr/bin/env python3
# Usage: python3 tools/circles.py [REPO]   (prints the import circles between modules of src/)
"""Import circles in src/: every `crate::a::b`, `super::x`, `self::x`, `certscope::a` path and
`use` group is resolved to a module; an edge A -> B when A's file names B. Reports pairs (A uses B
and B uses A) and longer cycles, at two levels: the crate's top-level modules (the core's seams) and
every module file (submodules, ui components). A parent naming its own child module is not counted
(mod declarations and re-exports), nor a child naming its parent's re-exports when they resolve to
the child itself."""
import os, re, sys, itertools
root = sys.argv[1] if len(sys.argv) > 1 else "."
src = os.path.join(root, 'src')
files = {}
for d, _, fs in os.walk(src):
    for f in fs:
        if f.endswith('.rs'):
            p = os.path.join(d, f)
            rel = os.path.relpath(p, src)
            if rel.startswith('bin/'):
                crate = 'bin'; parts = rel[4:].split('/')
            elif rel == 'web.rs' or rel.startswith('ui/'):
                crate = 'web'; parts = rel.split('/')
                if rel == 'web.rs': parts = []
            else:
                crate = 'lib'; parts = rel.split('/')
                if rel == 'lib.rs': parts = []
            if parts:
                last = parts[-1][:-3]
                parts = parts[:-1] + ([] if last in ('mod', 'main') else [last])
            files[p] = (crate, tuple(parts))
mods = {v for v in files.values()}
def resolve(crate, here, is_mod_file, path):
    segs = path.split('::')
    if segs[0] == 'crate': base = (crate, ()); segs = segs[1:]
    elif segs[0] == 'certscope': base = ('lib', ()); segs = segs[1:]
    elif segs[0] == 'super':
        cur = here if is_mod_file else here[:-1]
        while segs and segs[0] == 'super':
            cur = cur[:-1] if segs is not None else cur; segs = segs[1:]
        # first 'super' from a non-mod file goes to parent; each further one climbs
        cur = (here if is_mod_file else here[:-1])
        n = path.split('::').count('super')
        cur = cur[:len(cur)-(n-1)] if n > 1 else cur
        cur = cur[:-1] if is_mod_file else cur
        base = (crate, cur)
    elif segs[0] == 'self': base = (crate, here); segs = segs[1:]
    else: return None
    best = base
    m = base[1]
    for s in segs:
        m = m + (s,)
        if (base[0], m) in mods: best = (base[0], m)
        else: break
    return best
edges = set()
for p, (crate, here) in files.items():
    txt = open(p).read()
    txt = re.sub(r'//[^\n]*', '', txt)
    is_mod = os.path.basename(p) in ('mod.rs', 'lib.rs', 'main.rs', 'web.rs')
    # expand use groups: use a::{b, c::{d}}
    paths = set()
    for m in re.finditer(r'\b((?:crate|super|self|certscope)(?:::\w+)*)(::\{([^;]*?)\})?', txt):
        paths.add(m.group(1))
        if m.group(3):
            for item in re.split(r'[,\s{}]+', m.group(3)):
                if item and re.match(r'^\w+$', item): paths.add(m.group(1) + '::' + item)
            for inner in re.finditer(r'(\w+)::\{?(\w+)', m.group(3)):
                paths.add(m.group(1) + '::' + inner.group(1) + '::' + inner.group(2))
    for path in paths:
        r = resolve(crate, here, is_mod, path)
        if r and r != (crate, here):
            edges.add(((crate, here), r))
def name(m): return m[0] + ':' + ('::'.join(m[1]) or '(root)')
def report(level, es):
    pairs = sorted({tuple(sorted((a, b))) for a, b in es if (b, a) in es})
    print(f'{level}: {len(es)} edges, {len(pairs)} mutual pairs')
    for a, b in pairs: print('  CIRCLE', name(a), '<->', name(b))
    # longer cycles: Tarjan SCC
    g = {}
    for a, b in es: g.setdefault(a, set()).add(b)
    idx = {}; low = {}; st = []; on = set(); out = []; c = [0]
    sys.setrecursionlimit(10000)
    def sc(v):
        idx[v] = low[v] = c[0]; c[0] += 1; st.append(v); on.add(v)
        for w in g.get(v, ()):
            if w not in idx: sc(w); low[v] = min(low[v], low[w])
            elif w in on: low[v] = min(low[v], idx[w])
        if low[v] == idx[v]:
            comp = []
            while True:
                w = st.pop(); on.discard(w); comp.append(w)
                if w == v: break
            if len(comp) > 1: out.append(comp)
    for v in list(g): 
        if v not in idx: sc(v)
    for comp in out: print('  CYCLE', ' , '.join(sorted(map(name, comp))))
# file level, ignoring a parent -> its own descendant (mod decl / pub use) and child -> ancestor
def related(a, b):
    return a[0] == b[0] and (a[1][:len(b[1])] == b[1] or b[1][:len(a[1])] == a[1])
file_edges = {(a, b) for a, b in edges if not related(a, b)}
report('module files', file_edges)
top = {((a[0], a[1][:1]), (b[0], b[1][:1])) for a, b in edges if (a[0], a[1][:1]) != (b[0], b[1][:1]) and a[1][:1] and b[1][:1]}
report('top-level modules', top)
