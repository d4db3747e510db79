#!/usr/bin/python3
"""call_cycles.py OBJ... - the circles in the call graph between object files.

Each object file is a node; an edge A -> B means A calls (or reads) a
global symbol that B defines.  Prints one line per strongly connected
component of more than one file, and exits 1 if there is any: a file must
only call files below it (compiler/README, runtime/README).
"""
import subprocess, sys, os

def symbols(path):
    out = subprocess.run(["nm", "-P", path], capture_output=True, text=True, check=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        name, kind = parts[0], parts[1]
        if kind == "U":
            undefined.add(name)
        elif kind in "TDBRCVWG":
            defined.add(name)
    return defined, undefined

def main(paths):
    defs, uses = {}, {}
    for p in paths:
        d, u = symbols(p)
        uses[p] = u
        for s in d:
            defs[s] = p
    graph = {p: sorted({defs[s] for s in uses[p] if s in defs and defs[s] != p}) for p in paths}
    # Tarjan's strongly connected components
    index, low, stack, on, comps, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10000)
    def visit(v):
        index[v] = low[v] = counter[0]; counter[0] += 1
        stack.append(v); on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w); low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop(); on.discard(w); comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))
    for v in paths:
        if v not in index:
            visit(v)
    for c in comps:
        print("circle: " + " ".join(os.path.basename(x) for x in c))
    return 1 if comps else 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
