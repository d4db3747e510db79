#!/usr/bin/env python3
# tests/badinput/gen.py OUTDIR - writes the bad-input corpus (issue 5).
#
# Every case is a revision file (NNN-name.mig, checked as the project's only
# revision) or a schema file (NNN-name.schema.mig, checked as schema.mig next
# to a valid revision), plus NNN-name.want: "LINE:COL: error: TEXT", the first
# diagnostic migc must print (TEXT a prefix of the message; every case
# pins its line and column).  Generated at test time so that the 10 MB case
# and the binary ones are not committed.
import os
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
n = 0

HEAD = b'revision 000000000001\nparent   base\nmessage  "bad input"\n\n'
VALID = HEAD + b'''upgrade {
    create table people (
        id bigint generated always as identity primary key,
        email varchar(255) not null unique,
        age integer check (age > 0),
        created_at timestamptz not null default now()
    );
    create index people_age_idx on people (age) where age > 18;
    comment on table people is 'everyone';
    execute $$ insert into people (email) values ('a@b') $$;
}

downgrade {
    drop table people;
}
'''


def case(name, data, want, schema=False):
    global n
    n += 1
    base = os.path.join(out, '%03d-%s' % (n, name))
    with open(base + ('.schema.mig' if schema else '.mig'), 'wb') as f:
        f.write(data)
    with open(base + '.want', 'w') as f:
        f.write(want + '\n')


def line_col(data, off):
    line = data.count(b'\n', 0, off) + 1
    col = len(data[data.rfind(b'\n', 0, off) + 1:off].decode('utf-8', 'replace')) + 1
    return line, col


def block(body):
    return HEAD + b'upgrade {\n' + body + b'\n}\n'


# ---- truncations: cut the valid file inside its upgrade block: the block is
# never closed, so the error is at the end of the file.  What migc says for
# each cut is pinned below (learnt by running it, read for sense); the
# loop checks that each pinned place really is the end of the file: "at end
# of input" right after the last token, "at or near X" at the cut-off word
# X the file ends with, an unterminated string at its opening quote.
TRUNCATED = [
    '5:10: error: syntax error at end of input, expected ALTER, COMMENT, CREATE, DROP, EXECUTE, ";" or "}"',
    '6:12: error: syntax error at or near "tabl", expected INDEX, SCHEMA, TABLE, TYPE, UNIQUE, EXTENSION or POLICY',
    '6:26: error: syntax error at end of input, expected identifier, CHECK, CONSTRAINT, FOREIGN, PRIMARY, UNIQUE or ")"',
    '7:16: error: syntax error at end of input',
    '7:28: error: syntax error at end of input, expected ALWAYS or BY',
    '7:39: error: syntax error at or near "ide", expected IDENTITY',
    '7:55: error: syntax error at end of input, expected KEY',
    '7:60: error: syntax error at end of input, expected identifier, CHECK, CONSTRAINT, FOREIGN, PRIMARY or UNIQUE',
    '8:21: error: syntax error at end of input',
    '8:32: error: syntax error at or near "nu", expected DEFERRABLE or NULL',
    '8:44: error: syntax error at end of input, expected identifier, CHECK, CONSTRAINT, FOREIGN, PRIMARY or UNIQUE',
    '9:16: error: syntax error at end of input',
    '9:29: error: syntax error at end of input',
    '9:37: error: syntax error at end of input, expected identifier, CHECK, CONSTRAINT, FOREIGN, PRIMARY or UNIQUE',
    '10:18: error: syntax error at end of input, expected identifier',
    '10:31: error: syntax error at end of input',
    '10:41: error: syntax error at or near "def"',
    '10:54: error: syntax error at end of input',
    '12:5: error: syntax error at or near "crea", expected ALTER, COMMENT, CREATE, DROP, EXECUTE, ";" or "}"',
    '12:22: error: syntax error at end of input, expected ON',
    '12:35: error: syntax error at end of input, expected identifier',
    '12:48: error: syntax error at end of input, expected INCLUDE, NULLS, WHERE, WITH, ";" or "}"',
    '12:60: error: syntax error at end of input',
    '13:5: error: syntax error at or near "comme", expected ALTER, COMMENT, CREATE, DROP, EXECUTE, ";" or "}"',
    '13:23: error: syntax error at end of input, expected IS or "."',
    '13:32: error: unterminated quoted string',
    '14:5: error: syntax error at or near "e", expected ALTER, COMMENT, CREATE, DROP, EXECUTE, ";" or "}"',
    '14:13: error: unterminated dollar-quoted string',
    '14:13: error: unterminated dollar-quoted string',
    '14:13: error: unterminated dollar-quoted string',
    '14:13: error: unterminated dollar-quoted string',
]

start = VALID.index(b'upgrade {') + len(b'upgrade {')
end = VALID.index(b'\n}\n')
cuts = list(range(start + 3, end, (end - start) // 30))
assert len(cuts) == len(TRUNCATED), (len(cuts), len(TRUNCATED))
for i, cut in enumerate(cuts):
    data = VALID[:cut]
    want = TRUNCATED[i]
    loc, msg = want.split(': error: ')
    at = tuple(int(x) for x in loc.split(':'))
    tail = data.rstrip()
    if msg.startswith('syntax error at end of input'):
        where = len(tail)
    elif msg.startswith('syntax error at or near "'):
        word = msg.split('"')[1].encode()
        assert tail.endswith(word), (i, word)
        where = len(tail) - len(word)
    elif msg == 'unterminated quoted string':
        where = tail.rindex(b"'")
    elif msg == 'unterminated dollar-quoted string':
        where = tail.rindex(b'$$')
    else:
        raise AssertionError('truncated-%02d: unexpected message %r' % (i, msg))
    assert at == line_col(data, where), ('truncated-%02d' % i, at, line_col(data, where))
    case('truncated-%02d' % i, data, want)
# truncated headers
case('truncated-header-revision', b'revision', '1:9: error: syntax error at end of input')
case('truncated-header-parent', b'revision 000000000001\nparent', '2:7: error: syntax error at end of input')
case('truncated-header-message', b'revision 000000000001\nparent base\nmessage "unfinished',
     '3:9: error: unterminated quoted identifier')
case('empty-file', b'', '1:1: error: revision file has no "revision" line')
case('only-comment', b'-- nothing here\n', '1:1: error: revision file has no "revision" line')

# ---- stray tokens
# "^" marks where the error must be reported (it is not written)
stray = [
    b'create table ^) people (id integer);',
    b'create table people (id integer)^);',
    b'create table people (id integer,^);',
    b'create table people (id integer) ^extra;',
    b'create table people (id integer) ^@;',
    b'create table people (id integer ^#);',
    b'create table people (id integer ^` );',
    b'create table people (id integer ^\\ );',
    b'create table people (id integer [^);',
    b'create ^create table people (id integer);',
    b'create table people (id ^12abc);',
    b'create table people (id integer) ;;; drop^;',
    b'alter table people add column^;',
    b'drop table^;',
    b'create index on^;',
    b'create table people (id integer default^);',
    b'create table people (id integer check (^));',
    b'create table people (id integer references^);',
    b'create table people (id numeric(10,^));',
    b'create table people (id varchar(^-1));',
    b'create type mood as enum (^;',
    b'^{ create table people (id integer); }',
    b'create table people (id integer); ^upgrade { }',
    b'create table people (id integer) ^create table x (id integer);',
]
for i, stmt in enumerate(stray):
    data = block(b'    ' + stmt.replace(b'^', b''))
    off = block(b'    ' + stmt).index(b'^', len(HEAD))
    l, c = line_col(data, off)
    case('stray-%02d' % i, data, '%d:%d: error: ' % (l, c))
data = block(b'    create table people (id integer); }')
case('stray-close-brace', data, '7:1: error: syntax error at or near "}"')
case('stray-header-token', b'revision 000000000001\nparent base\nbogus\nupgrade { }\n', '3:1: error: ')
case('stray-header-semicolon', b'revision 000000000001;\nparent base\nupgrade { }\n', '1:22: error: ')

# ---- overlong identifiers (63 bytes is PostgreSQL's limit)
for i, length in enumerate([64, 100, 1000, 100000]):
    ident = b'a' * length
    for what, stmt in [(b'table', b'create table %s (id integer);'),
                       (b'column', b'create table t (%s integer);')]:
        data = block(b'    ' + stmt.replace(b'%s', ident))
        l, c = line_col(data, data.index(ident))
        case('overlong-%s-%d' % (what.decode(), length), data,
             '%d:%d: error: identifier "%s' % (l, c, ident[:20].decode()))
quoted = b'"' + b'q' * 64 + b'"'
data = block(b'    create table ' + quoted + b' (id integer);')
l, c = line_col(data, data.index(quoted))
case('overlong-quoted', data, '%d:%d: error: identifier "qqq' % (l, c))
data = block(b'    create index ' + b'i' * 70 + b' on t (id);')
l, c = line_col(data, data.index(b'iiii'))
case('overlong-index', data, '%d:%d: error: identifier "iii' % (l, c))
data = block(b'    create type ' + b'e' * 70 + b" as enum ('x');")
l, c = line_col(data, data.index(b'eeee'))
case('overlong-type', data, '%d:%d: error: identifier "eee' % (l, c))

# ---- NUL bytes
for i, where in enumerate([b'revision', b'base', b'upgrade', b'create table', b'integer', b'$$ insert', b"'everyone'", b'people (']):
    off = VALID.index(where) + 2
    data = VALID[:off] + b'\0' + VALID[off:]
    l, c = line_col(data, off)
    case('nul-%02d' % i, data, '%d:%d: error: unexpected NUL byte' % (l, c))
data = b'\0' * 10
case('nul-only', data, '1:1: error: unexpected NUL byte')

# ---- invalid UTF-8
bad_seqs = [b'\xff', b'\xc3', b'\xc0\x80', b'\xed\xa0\x80', b'\xf8\x88\x80\x80\x80', b'\x80', b'\xe2\x82']
for i, seq in enumerate(bad_seqs):
    for where, tmpl in [('ident', b'    create table t' + seq + b'x (id integer);'),
                        ('string', b"    comment on table t is 'a" + seq + b"b';"),
                        ('comment', b'    -- a' + seq + b'b\n    create table t (id integer);'),
                        ('dollar', b'    execute $$ select 1' + seq + b' $$;')]:
        data = block(tmpl)
        off = data.index(seq, data.index(b'upgrade {'))
        l, c = line_col(data, off)
        case('utf8-%s-%d' % (where, i), data, '%d:%d: error: invalid UTF-8' % (l, c))
data = HEAD + b'upgrade {\n    create table t (id integer);\n}\n-- end \xe2\x82'
case('utf8-truncated-at-eof', data, '%d:%d: error: invalid UTF-8' % line_col(data, data.index(b'\xe2\x82')))

# ---- deep nesting
# (the parser's nesting limit: the error is at the token that reaches it,
# the 9,987th "(" of a default or the 9,986th "not" of a check, which the
# enclosing levels bring to the limit)
pre = b'    create table t (id integer default '
# 1000 levels parse; the one ")" too many closes the column list early
data = block(pre + b'(' * 1000 + b'1' + b')' * 1001 + b');')
case('deep-parens-1000', data, '%d:%d: error: syntax error at or near ")", expected PARTITION, ";" or "}"'
     % line_col(data, data.index(b');\n}')))
data = block(pre + b'(' * 100000 + b'1' + b')' * 100001 + b');')
case('deep-parens-100000', data, '%d:%d: error: statement is nested too deeply'
     % line_col(data, data.index(pre) + len(pre) + 9986))
data = block(pre + b'(' * 100000 + b');')
case('deep-parens-unbalanced', data, '%d:%d: error: statement is nested too deeply'
     % line_col(data, data.index(pre) + len(pre) + 9986))
pre_not = b'    create table t (id integer check ('
data = block(pre_not + b'not ' * 100000 + b'true));')
case('deep-not', data, '%d:%d: error: statement is nested too deeply'
     % line_col(data, data.index(pre_not) + len(pre_not) + 4 * 9985))
# "--" starts a comment: the statement is cut short there, and the "}"
# on the next line is where it breaks
data = block(pre + b'-' * 100000 + b'1);')
case('deep-minus', data, '%d:%d: error: syntax error at or near "}"'
     % line_col(data, data.rindex(b'}')))
data = block(b'    create table t (id integer' + b'[]' * 100000 + b' oops);')
case('deep-arrays', data, '%d:%d: error: syntax error at or near "oops"'
     % line_col(data, data.index(b'oops')))
data = HEAD + b'upgrade ' + b'{' * 100000 + b'\n'
case('deep-braces', data, '%d:%d: error: syntax error at or near "{", expected ALTER, COMMENT, CREATE, DROP, EXECUTE, ";" or "}"'
     % line_col(data, data.index(b'{') + 1))

# ---- a 10 MB file: valid statements, then an error on the last line
stmt = b'    create table t%07d (id integer);\n'
parts = [HEAD, b'upgrade {\n']
size = 0
i = 0
while size < 10 * 1024 * 1024:
    s = stmt % i
    parts.append(s)
    size += len(s)
    i += 1
parts.append(b'    create table oops (id integer) );\n}\n')
data = b''.join(parts)
l, c = line_col(data, data.index(b') );') + 2)
case('ten-megabytes', data, '%d:%d: error: syntax error at or near ")"' % (l, c))
data = HEAD + b'upgrade {\n    execute $$' + b'x' * (10 * 1024 * 1024)
case('ten-megabytes-unterminated-dollar', data,
     '%d:%d: error: unterminated dollar-quoted string' % line_col(data, data.index(b'$$')))

# ---- unterminated $$ and quotes
unterminated = [
    (b"    execute $$ select 1;", b'$$', 'unterminated dollar-quoted string'),
    (b"    execute $body$ select 1 $$;", b'$body$', 'unterminated dollar-quoted string'),
    (b"    execute $a$ select 1 $b$;", b'$a$', 'unterminated dollar-quoted string'),
    (b"    execute $$ select 1 $ $;", b'$$', 'unterminated dollar-quoted string'),
    (b"    comment on table t is 'never ends;", b"'never", 'unterminated quoted string'),
    (b"    comment on table t is 'it''s;", b"'it", 'unterminated quoted string'),
    (b"    create table \"people (id integer);", b'"people', 'unterminated quoted identifier'),
    (b"    create table t (\"id integer);", b'"id', 'unterminated quoted identifier'),
    (b"    /* never closed\n    create table t (id integer);", b'/*', 'unterminated /* comment'),
    (b"    /* nested /* once */ still open", b'/*', 'unterminated /* comment'),
    (b"    create table t (id integer default E'abc);", b"E'", 'unterminated quoted string'),
]
for i, (body, tok, msg) in enumerate(unterminated):
    data = HEAD + b'upgrade {\n' + body
    off = data.index(tok, len(HEAD))
    l, c = line_col(data, off)
    case('unterminated-%02d' % i, data, '%d:%d: error: %s' % (l, c, msg))
data = b'revision 000000000001\nparent base\nmessage "no end\nupgrade { }\n'
case('unterminated-message', data, '3:9: error: ')

# ---- issue 19: text the migrator cannot use (control characters in ids and
# messages, execute bodies that are empty or copy to/from the client)
CTL = 'error: control character U+%04X in the %s'
for i, (ch, raw) in enumerate([(0x0a, b'\n'), (0x0d, b'\r'), (0x1b, b'\x1b'), (0x7f, b'\x7f'), (0x01, b'\x01')]):
    data = b'revision 000000000001\nparent base\nmessage "a' + raw + b'DROP TABLE t; --"\nupgrade {\n    create table t (id bigint);\n}\n'
    case('control-in-message-%02d' % i, data, '3:11: ' + CTL % (ch, 'revision message'))
data = b"revision 000000000001\nparent base\nmessage E'a\\nDROP TABLE t; --'\nupgrade {\n    create table t (id bigint);\n}\n"
case('control-in-message-escape', data, '3:9: ' + CTL % (0x0a, 'revision message'))
data = b'revision "00000000\n0001"\nparent base\nmessage "x"\nupgrade {\n    create table t (id bigint);\n}\n'
case('control-in-revision-id', data, '1:19: ' + CTL % (0x0a, 'revision id'))
data = b'revision 000000000002\nparent "0000\x1b[2J"\nmessage "x"\nupgrade {\n    create table t (id bigint);\n}\n'
case('control-in-parent-id', data, '2:13: ' + CTL % (0x1b, 'parent id'))
EMPTY = 'error: "execute" has no SQL statement'
for i, body in enumerate([b'$$$$', b'$$ $$', b'$$ -- later\n$$', b'$$ ; ;; $$', b'$$ /* a /* b */ c */ $$', b"''", b"'  ;  '", b'$x$\t\n$x$']):
    data = block(b'    create table t (id bigint primary key);\n    execute ' + body + b';') + b'downgrade {\n    drop table t;\n}\n'
    l, c = line_col(data, data.index(b'execute'))
    case('execute-empty-%02d' % i, data, '%d:%d: %s' % (l, c, EMPTY))
COPY = 'error: "copy ... %s" cannot run in a revision'
for i, (body, what) in enumerate([(b'$$copy t to stdout$$', 'to stdout'),
                                  (b'$$ COPY t (id) FROM STDIN $$', 'from stdin'),
                                  (b'$$ select 1; copy (select id from t) to stdout with (format csv) $$', 'to stdout'),
                                  (b'$q$ copy t from stdin; $q$', 'from stdin')]):
    data = block(b'    create table t (id bigint primary key);\n    execute ' + body + b';') + b'downgrade {\n    drop table t;\n}\n'
    l, c = line_col(data, data.lower().index(b'copy'))
    case('execute-copy-%02d' % i, data, '%d:%d: %s' % (l, c, COPY % what))

# ---- issue 12: plain SQL statements and execute bodies are checked with
# PostgreSQL's grammar; the error is at the offending token in the file
# (inside the statement, or inside the execute body's quotes)
PGSQL = [
    (b"    insert into t (id) valuse (1);", b'valuse', 'syntax error at or near "valuse"'),
    (b"    update t set id = 2 where;", b';', 'syntax error at end of input'),
    (b"    create view v as\n        select id\n        from t where id >;", b';', 'syntax error at end of input'),
    (b"    create or replace function f() returns int language sql as $f$ select 1 $f$ strict strict immutable ,;", b',;', 'syntax error at or near ","'),
    (b"    grant select on t to;", b';', 'syntax error at end of input'),
    (b"    do $$ begin end $$ language;", b';', 'syntax error at end of input'),
    (b"    select 1 +* from t;", b'from', 'syntax error at or near "from"'),
    (b"    set statement_timeout = = 5;", b'= 5', 'syntax error at or near "="'),
    (b"    alter table t owner to 'x';", b"'x'", "syntax error at or near \"'x'\""),
    (b"    create sequence s increment by by 2;", b'by 2', 'syntax error at or near "by"'),
    (b"    execute $$ update t set id = 1 whre id = 2 $$;", b'whre', 'syntax error at or near "whre"'),
    (b"    execute $body$\n        select 1;\n        selec 2;\n    $body$;", b'selec 2', 'syntax error at or near "selec"'),
    (b"    execute 'insert into t values (''a'') returning';", b"';", 'syntax error at end of input'),
]
for i, (body, tok, msg) in enumerate(PGSQL):
    data = block(b'    create table t (id bigint primary key);\n' + body) + b'downgrade {\n    drop table t;\n}\n'
    off = data.index(tok, data.index(body))
    l, c = line_col(data, off)
    case('pgsql-%02d' % i, data, '%d:%d: error: %s' % (l, c, msg))

# ---- schema.mig cases
case('schema-stray', b'create table t (id integer));\n', '1:28: error: syntax error at or near ")"', schema=True)
case('schema-nul', b'create table t (\0id integer);\n', '1:17: error: unexpected NUL byte', schema=True)
case('schema-utf8', b'create table t\xff (id integer);\n', '1:15: error: invalid UTF-8', schema=True)
case('schema-unterminated', b'create table t (id integer default $x$ 1;\n', '1:36: error: unterminated dollar-quoted string', schema=True)
case('schema-header', b'revision 000000000001\nparent base\n', '1:1: error: ', schema=True)
case('schema-overlong', b'create table ' + b'z' * 64 + b' (id integer);\n', '1:14: error: identifier "zzz', schema=True)

# ---- issue 19: hostile sizes, PostgreSQL's limits, reserved ids, a BOM
# 100,000 nested comment openers never closed (400 KB): linear lexing
data = HEAD + b'upgrade {\n    ' + b'/*' * 100000 + b'\n'
case('nested-openers-unclosed', data, '6:5: error: unterminated /* comment')
# a table of 100,000 columns (1.2 MB): refused at the 1,601st, without
# quadratic column lookups first
cols = b', '.join(b'c%d int' % i for i in range(100000))
data = block(b'    create table t (' + cols + b');')
off = data.index(b'c1600 int')
case('columns-100000', data, '%d:%d: error: tables can have at most 1600 columns' % line_col(data, off))
cols = b', '.join(b'c%d int' % i for i in range(1601))
data = block(b'    create table t (' + cols + b');')
off = data.index(b'c1600 int')
case('columns-1601', data, '%d:%d: error: tables can have at most 1600 columns' % line_col(data, off))
limits = [
    (b'varchar(0)', 'length for type varchar must be at least 1'),
    (b'char(0)', 'length for type char must be at least 1'),
    (b'varchar(10485761)', 'length for type varchar cannot exceed 10485760'),
    (b'numeric(1000,2000)', 'numeric scale 2000 must be between -1000 and 1000'),
    (b'numeric(0)', 'numeric precision 0 must be between 1 and 1000'),
    (b'numeric(1001, 2)', 'numeric precision 1001 must be between 1 and 1000'),
    (b'timestamptz(7)', 'timestamp with time zone precision 7 is more than 6 (PostgreSQL would lower it to 6)'),
    (b'time(7)', 'time precision 7 is more than 6 (PostgreSQL would lower it to 6)'),
    (b'interval(7)', 'interval precision 7 is more than 6 (PostgreSQL would lower it to 6)'),
]
for i, (ty, msg) in enumerate(limits):
    data = block(b'    create table t (id bigint primary key, c ' + ty + b');')
    case('type-limit-%02d' % i, data, '6:46: error: %s' % msg)
data = block(b'    create table t (id bigint primary key);\n    alter table t add column c varchar(0);')
case('type-limit-add-column', data, '7:32: error: length for type varchar must be at least 1')
for word in (b'head', b'HEAD', b'heads'):
    data = b'revision ' + word + b'\nparent base\nmessage "m"\n\nupgrade {\n    create table t (id bigint primary key);\n}\n'
    case('reserved-id-' + word.decode(), data,
         '1:10: error: revision id "%s" is reserved: the migrator reads it as a target, not as this revision'
         % word.decode().lower())
data = b'revision base\nparent base\nmessage "m"\n\nupgrade { }\n'
case('reserved-id-base', data, '1:10: error: syntax error at or near "base", expected revision id')
# a UTF-8 byte order mark is skipped: positions count from after it
data = b'\xef\xbb\xbf' + block(b'    create table t (id integer));')
case('bom-then-error', data, '6:32: error: syntax error at or near ")"')
case('schema-bom-then-error', b'\xef\xbb\xbfcreate table t (id integer));\n',
     '1:28: error: syntax error at or near ")"', schema=True)

print(n)
