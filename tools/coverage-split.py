#!/usr/bin/env python3
# tools/coverage-split.py - splits PostgreSQL regression .sql files into
# statements for tools/coverage-corpus.sh.
#
# usage: coverage-split.py OUTDIR FILE...
#
# Writes OUTDIR/NNNNN.sql (one statement each, with its terminating ";"),
# OUTDIR/index.tsv ("NNNNN<TAB>file<TAB>line<TAB>first word"), and on stdout
# a psql script that runs them all in one session, each one preceded by
# "\warn @@NNNNN" so that an error on stderr can be tied to its statement.
# The split follows PostgreSQL's lexical rules: quotes, E'' strings, quoted
# identifiers, dollar quotes, "--" and nested "/* */" comments, and
# parentheses (a ";" inside a CREATE RULE's parenthesized action list does
# not end the statement), and the BEGIN ATOMIC ... END body of a CREATE
# [OR REPLACE] FUNCTION | PROCEDURE (as psql's scanner: outside
# parentheses, each "begin" opens a block, a "case" inside one opens one
# too, each "end" closes one; a ";" inside a block does not end it).  psql meta-command lines (backslash at a
# statement's start) are left out; a "\g"-style command ending a statement
# ends it.
import os
import re
import sys

DOLLAR = re.compile(r'\$([A-Za-z_][A-Za-z_0-9]*)?\$')
WORD = re.compile(r'[A-Za-z_\x80-\uffff][A-Za-z_0-9$\x80-\uffff]*')


def routine_head(words):
    """Whether a statement's first words are CREATE [OR REPLACE]
    FUNCTION | PROCEDURE."""
    w = words[:4]
    if len(w) >= 2 and w[0] == 'create' and w[1] in ('function', 'procedure'):
        return True
    return len(w) >= 4 and w[:3] == ['create', 'or', 'replace'] and \
        w[3] in ('function', 'procedure')


def split(text):
    """Yields (line, statement text) for each statement of text."""
    i, n = 0, len(text)
    start = None
    depth = 0
    words = []      # the statement's first words, lower case
    blocks = 0      # open BEGIN ... END blocks of a routine body
    line = 1
    start_line = 1
    while i < n:
        c = text[i]
        if start is None:
            if c.isspace():
                if c == '\n':
                    line += 1
                i += 1
                continue
            if c == '\\':  # a meta-command line
                j = text.find('\n', i)
                i = n if j < 0 else j
                continue
            if text.startswith('--', i):
                j = text.find('\n', i)
                i = n if j < 0 else j
                continue
            start, start_line, depth = i, line, 0
            words, blocks = [], 0
        if c == '\n':
            line += 1
            i += 1
        elif text.startswith('--', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
        elif text.startswith('/*', i):
            lvl, i = 1, i + 2
            while i < n and lvl:
                if text.startswith('/*', i):
                    lvl, i = lvl + 1, i + 2
                elif text.startswith('*/', i):
                    lvl, i = lvl - 1, i + 2
                else:
                    line += text[i] == '\n'
                    i += 1
        elif c in "'\"":
            esc = c == "'" and i > 0 and text[i - 1] in 'eE' and \
                (i < 2 or not (text[i - 2].isalnum() or text[i - 2] == '_'))
            i += 1
            while i < n:
                if esc and text[i] == '\\':
                    i += 2
                    continue
                if text[i] == c:
                    if i + 1 < n and text[i + 1] == c:
                        i += 2
                        continue
                    break
                line += text[i] == '\n'
                i += 1
            i += 1
        elif c == '$' and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == '_')) \
                and DOLLAR.match(text, i):
            tag = DOLLAR.match(text, i).group(0)
            j = text.find(tag, i + len(tag))
            j = n if j < 0 else j + len(tag)
            line += text.count('\n', i, j)
            i = j
        elif c == '(':
            depth += 1
            i += 1
        elif c == ')':
            depth -= 1
            i += 1
        elif WORD.match(text, i) and (i == 0 or not (text[i - 1].isalnum() or
                                                     text[i - 1] in '_$')):
            w = WORD.match(text, i).group(0)
            lw = w.lower()
            if len(words) < 4:
                words.append(lw)
            if depth <= 0 and routine_head(words):
                if lw == 'begin' or (lw == 'case' and blocks > 0):
                    blocks += 1
                elif lw == 'end' and blocks > 0:
                    blocks -= 1
            i += len(w)
        elif c == ';' and depth <= 0 and blocks == 0:
            yield start_line, text[start:i + 1]
            start = None
            i += 1
        elif c == '\\' and depth <= 0:  # \g, \gset, \gexec ... end it
            yield start_line, text[start:i].rstrip() + ';'
            j = text.find('\n', i)
            i = n if j < 0 else j
            start = None
        else:
            i += 1


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    k = 0
    with open(os.path.join(out, 'index.tsv'), 'w') as idx:
        print('\\set VERBOSITY terse')
        for path in sys.argv[2:]:
            name = os.path.basename(path)
            with open(path, encoding='utf-8', errors='replace') as f:
                text = f.read()
            for line, stmt in split(text):
                k += 1
                tag = '%05d' % k
                with open(os.path.join(out, tag + '.sql'), 'w') as s:
                    s.write(stmt + '\n')
                m = re.match(r'\s*([A-Za-z]+)', stmt)
                idx.write('%s\t%s\t%d\t%s\n' % (tag, name, line,
                                                 m.group(1).lower() if m else ''))
                print('\\warn @@%s' % tag)
                print(stmt)


if __name__ == '__main__':
    main()
