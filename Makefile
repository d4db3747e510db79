# migc - one non-recursive Makefile for the compiler, the runtime and tests.
#
#   make              bin/migc, lib/migc/libmigrt.a, include/migc/migrt.h
#   make check        the whole test suite (tests/run.sh); ends "N passed, N failed"
#   make demo         examples/blog compiled and run against a throwaway PostgreSQL
#   make install      PREFIX=/usr/local DESTDIR=
#   make SAN=1        AddressSanitizer + UndefinedBehaviorSanitizer build
#   make deps         install flex, bison, libpq-dev, postgresql (apt-get, as root)
#
# OUT puts every output (bin/, lib/, include/, build/) under another
# directory, so that several builds of one tree do not collide.

OUT      ?= .
B        := $(OUT)/build
PREFIX   ?= /usr/local
DESTDIR  ?=
VERSION  := 0.1.0

CC       ?= cc
FLEX     ?= flex
BISON    ?= bison
AR       ?= ar

PQ_CFLAGS := $(shell pkg-config --cflags libpq 2>/dev/null || echo -I$(shell pg_config --includedir 2>/dev/null || echo /usr/include/postgresql))
PQ_LIBS   := $(shell pkg-config --libs libpq 2>/dev/null || echo -lpq)

WARN     := -Wall -Wextra -Werror -Wshadow -Wmissing-prototypes -Wstrict-prototypes
CSTD     := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
OPT      ?= -O2 -g
ifeq ($(SAN),1)
OPT      := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDSAN    := -fsanitize=address,undefined
endif
CFLAGS_ALL := $(CSTD) $(OPT) $(WARN) -MMD -MP
DEFS     := -DMIGC_VERSION='"$(VERSION)"' -DMIGC_LINK_LIBS='"$(PQ_LIBS)"'

# ---- sources ---------------------------------------------------------------
COMPILER_SRCS := $(sort $(wildcard compiler/*.c))
COMPILER_LIB_SRCS := $(filter-out compiler/main.c,$(COMPILER_SRCS))
RUNTIME_SRCS  := $(sort $(wildcard runtime/*.c))
UNIT_SRCS     := $(sort $(wildcard tests/unit/test_*.c))

GEN_C    := $(B)/grammar/parser.c $(B)/grammar/lexer.c
GEN_H    := $(B)/grammar/parser.h $(B)/grammar/lexer.h
GEN_OBJS := $(B)/grammar/parser.o $(B)/grammar/lexer.o
# The runtime's libpq-free printer, linked into migc too so that `migc sql`
# prints exactly what the migrator's `sql` prints.
SHARED_RT_OBJS := $(B)/runtime/msg.o $(B)/runtime/plan.o $(B)/runtime/sqlout.o
COMPILER_LIB_OBJS := $(COMPILER_LIB_SRCS:%.c=$(B)/%.o) $(GEN_OBJS) $(SHARED_RT_OBJS)
RUNTIME_OBJS  := $(RUNTIME_SRCS:%.c=$(B)/%.o)
UNIT_BINS     := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)

MIGC     := $(OUT)/bin/migc
LIBMIGRT := $(OUT)/lib/migc/libmigrt.a
MIGRT_H  := $(OUT)/include/migc/migrt.h

.PHONY: all check demo install clean deps unit golden-accept
all: $(MIGC) $(LIBMIGRT) $(MIGRT_H) $(UNIT_BINS)

# ---- grammar (generated code gets relaxed warnings) -------------------------
$(B)/grammar/parser.c $(B)/grammar/parser.h &: grammar/parser.y
	@mkdir -p $(dir $@)
	$(BISON) -Wall -Werror --defines=$(B)/grammar/parser.h -o $(B)/grammar/parser.c $<

$(B)/grammar/lexer.c $(B)/grammar/lexer.h &: grammar/lexer.l $(B)/grammar/parser.h
	@mkdir -p $(dir $@)
	$(FLEX) --header-file=$(B)/grammar/lexer.h -o $(B)/grammar/lexer.c $<

GEN_CFLAGS := $(CSTD) $(OPT) -Wall -Werror -Wno-unused-function -Wno-unused-parameter -Wno-sign-compare -MMD -MP
$(B)/grammar/%.o: $(B)/grammar/%.c $(GEN_H)
	$(CC) $(GEN_CFLAGS) -Igrammar -Icompiler -I$(B)/grammar -c -o $@ $<

# ---- compiler ----------------------------------------------------------------
$(B)/compiler/%.o: compiler/%.c | $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(DEFS) -Icompiler -Igrammar -I$(B)/grammar -Iruntime -c -o $@ $<

$(MIGC): $(B)/compiler/main.o $(COMPILER_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(OPT) $(LDSAN) -o $@ $^

# ---- runtime -----------------------------------------------------------------
$(B)/runtime/%.o: runtime/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(DEFS) $(PQ_CFLAGS) -Iruntime -c -o $@ $<

$(LIBMIGRT): $(RUNTIME_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	$(AR) rcs $@ $^

$(MIGRT_H): runtime/migrt.h
	@mkdir -p $(dir $@)
	cp $< $@

# ---- unit tests --------------------------------------------------------------
$(B)/tests/test_%: tests/unit/test_%.c tests/unit/tap.h $(COMPILER_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(DEFS) -Icompiler -Igrammar -I$(B)/grammar -Iruntime -Itests/unit -o $@ $< $(COMPILER_LIB_OBJS) $(LDSAN)

# ---- tests and demo ----------------------------------------------------------
check: all
	MIGC_OUT=$(abspath $(OUT)) sh tests/run.sh

golden-accept: all
	MIGC_OUT=$(abspath $(OUT)) sh tests/golden/run.sh --accept

demo: all
	MIGC_OUT=$(abspath $(OUT)) sh examples/demo.sh

deps:
	sh tools/install-deps.sh

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/migc $(DESTDIR)$(PREFIX)/include/migc
	install -m 755 $(MIGC) $(DESTDIR)$(PREFIX)/bin/migc
	install -m 644 $(LIBMIGRT) $(DESTDIR)$(PREFIX)/lib/migc/libmigrt.a
	install -m 644 runtime/migrt.h $(DESTDIR)$(PREFIX)/include/migc/migrt.h

clean:
	rm -rf $(B) $(OUT)/bin $(OUT)/lib $(OUT)/include

-include $(shell find $(B) -name '*.d' 2>/dev/null)
