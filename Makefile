# migc - one non-recursive Makefile for the compiler, the runtime and tests.
#
#   make              bin/migc, lib/migc/libmigrt.a, include/migc/migrt.h
#   make check        the whole test suite (tests/run.sh); ends "N passed, N failed"
#   make demo         examples/blog compiled and run against a throwaway PostgreSQL
#   make install      PREFIX=/usr/local DESTDIR= (also man pages, completions)
#   make uninstall    PREFIX=/usr/local DESTDIR= removes exactly what install put
#   make man          the man pages, rendered from the --help texts
#   make deb          $(OUT)/deb/migc_VERSION_ARCH.deb (dpkg-buildpackage, debian/)
#   make libpq        the static libpq `migc build` links (built once, cached in
#                     build/libpq; PG_SRC=DIR uses that PostgreSQL source tree)
#   make SAN=1        AddressSanitizer + UndefinedBehaviorSanitizer build
#   make san          only a sanitizer migc, in $(OUT)/build/san (make check
#                     builds it and runs the golden suite with it)
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
# libpg_query: PostgreSQL 15's own parser as a C library, compiler-side
# only (compiler/front/pgsql*.c are the files that include pg_query.h;
# the migrator never links it).  Its static archive when the system has one,
# so that migc does not need the shared library at run time.
PGQ_CFLAGS ?=
PGQ_A      := $(shell $(CC) -print-file-name=libpg_query.a)
PGQ_LIBS   ?= $(if $(filter /%,$(PGQ_A)),$(PGQ_A),-lpg_query)

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
# compiler/ has one folder per subsystem (compiler/README).  Each folder
# sees only its own headers and those of the layers below it (LAYER_INC
# below), so a file that includes what its layer must not see does not
# compile: only front/ sees bison's and flex's generated headers, only
# live/ sees libpq.
COMPILER_DIRS := base front sql model replay lint check out author import live cli
COMPILER_SRCS := $(sort $(foreach d,$(COMPILER_DIRS),$(wildcard compiler/$(d)/*.c)))
# The live-database commands (compiler/live/) use libpq: only migc links
# them, with the runtime's catalog reader; the unit tests and the fuzzer
# link the rest.
LIVE_SRCS     := $(sort $(wildcard compiler/live/*.c))
COMPILER_LIB_SRCS := $(filter-out compiler/cli/main.c $(LIVE_SRCS),$(COMPILER_SRCS))
RUNTIME_SRCS  := $(sort $(wildcard runtime/*.c))
# common/: code both sides link (common/README).  The catalog reader uses
# libpq: the runtime and migc's live commands link it; the rest links
# everywhere.
COMMON_PQ_SRCS := $(sort $(wildcard common/catalog*.c))
COMMON_SRCS    := $(filter-out $(COMMON_PQ_SRCS),$(sort $(wildcard common/*.c)))
UNIT_SRCS     := $(sort $(wildcard tests/unit/test_*.c))

# The include path of each compiler folder: itself and the layers below.
inc = -Icommon $(addprefix -Icompiler/,$(1))
LAYER_base   := base
LAYER_front  := base front
LAYER_sql    := base front sql
LAYER_model  := base front sql model
LAYER_replay := base front sql model replay
LAYER_lint   := base front sql model replay lint check
LAYER_check  := base front sql model replay lint check
LAYER_out    := base front sql model replay lint check author out
LAYER_author := base front sql model replay lint check author
LAYER_import := base front sql model replay lint check author import
LAYER_live   := base front sql model replay lint check author live
LAYER_cli    := base front lint check out author import live cli
# Everything, for the unit tests and the fuzz target.
ALL_COMPILER_INC := $(call inc,$(COMPILER_DIRS))

GEN_C    := $(B)/grammar/parser.c $(B)/grammar/lexer.c
GEN_H    := $(B)/grammar/parser.h $(B)/grammar/lexer.h
GEN_OBJS := $(B)/grammar/parser.o $(B)/grammar/lexer.o
# The runtime's libpq-free printer, linked into migc too so that `migc sql`
# prints exactly what the migrator's `sql` prints.
SHARED_RT_OBJS := $(B)/runtime/msg.o $(B)/runtime/plan.o $(B)/runtime/sqlout.o \
                  $(B)/runtime/targets.o $(B)/runtime/vtable.o $(B)/runtime/tenant.o
COMMON_OBJS    := $(COMMON_SRCS:%.c=$(B)/%.o)
COMMON_PQ_OBJS := $(COMMON_PQ_SRCS:%.c=$(B)/%.o)
COMPILER_LIB_OBJS := $(COMPILER_LIB_SRCS:%.c=$(B)/%.o) $(GEN_OBJS) $(SHARED_RT_OBJS) $(COMMON_OBJS)
RUNTIME_OBJS  := $(RUNTIME_SRCS:%.c=$(B)/%.o) $(COMMON_OBJS) $(COMMON_PQ_OBJS)
UNIT_BINS     := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
LIVE_OBJS     := $(LIVE_SRCS:%.c=$(B)/%.o) $(COMMON_PQ_OBJS)

MIGC     := $(OUT)/bin/migc
LIBMIGRT := $(OUT)/lib/migc/libmigrt.a
MIGRT_H  := $(OUT)/include/migc/migrt.h
ALEMBIC_EXPORT := $(OUT)/lib/migc/migc-alembic-export.py

.PHONY: all check demo install uninstall man deb clean deps unit golden-accept libpq
all: $(MIGC) $(LIBMIGRT) $(MIGRT_H) $(UNIT_BINS) $(ALEMBIC_EXPORT)

# migc import alembic runs this next to migc (<bindir>/../lib/migc/)
$(ALEMBIC_EXPORT): tools/migc-alembic-export.py
	@mkdir -p $(dir $@)
	cp $< $@

# ---- grammar (generated code gets relaxed warnings) -------------------------
$(B)/grammar/parser.c $(B)/grammar/parser.h &: grammar/parser.y
	@mkdir -p $(dir $@)
	$(BISON) -Wall -Werror --defines=$(B)/grammar/parser.h -o $(B)/grammar/parser.c $<

$(B)/grammar/lexer.c $(B)/grammar/lexer.h &: grammar/lexer.l $(B)/grammar/parser.h
	@mkdir -p $(dir $@)
	$(FLEX) --header-file=$(B)/grammar/lexer.h -o $(B)/grammar/lexer.c $<

GEN_CFLAGS := $(CSTD) $(OPT) -Wall -Werror -Wno-unused-function -Wno-unused-parameter -Wno-sign-compare -MMD -MP
$(B)/grammar/%.o: $(B)/grammar/%.c $(GEN_H)
	$(CC) $(GEN_CFLAGS) -Igrammar $(call inc,$(LAYER_front)) -I$(B)/grammar -c -o $@ $<

# ---- compiler ----------------------------------------------------------------
# Only front/ sees the generated parser and lexer headers; only live/ sees
# libpq's; out/ and cli/ see the runtime's public header (migrt.h).
$(B)/compiler/front/%.o: EXTRA_INC = -Igrammar -I$(B)/grammar
$(B)/compiler/out/%.o: EXTRA_INC = -Iruntime
$(B)/compiler/live/%.o: EXTRA_INC = -Icommon $(PQ_CFLAGS)
$(B)/compiler/cli/%.o: EXTRA_INC = -Iruntime
$(B)/compiler/front/pgsql%.o: PGQ_INC = $(PGQ_CFLAGS)
$(B)/compiler/%.o: compiler/%.c | $(GEN_H)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(DEFS) $(call inc,$(LAYER_$(firstword $(subst /, ,$*)))) $(EXTRA_INC) $(PGQ_INC) -c -o $@ $<

# migc opens the system's libpq only when a live command runs
# (compiler/live/live_pq.c); the migrators it builds stay static.
$(MIGC): $(B)/compiler/cli/main.o $(COMPILER_LIB_OBJS) $(LIVE_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(OPT) $(LDSAN) -o $@ $^ $(PGQ_LIBS) -ldl

# ---- runtime -----------------------------------------------------------------
# The runtime is compiled with hidden visibility and linked into one
# object whose hidden symbols become local: the archive exports only what
# migrt.h marks MIGRT_API, and main() (tests/e2e/05-layout.t checks).
$(B)/runtime/%.o: runtime/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -fvisibility=hidden $(DEFS) $(PQ_CFLAGS) -Iruntime -Icommon -c -o $@ $<

$(B)/common/%.o: common/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) -fvisibility=hidden $(DEFS) $(PQ_CFLAGS) -Icommon -c -o $@ $<

LD      ?= ld
OBJCOPY ?= objcopy
$(LIBMIGRT): $(RUNTIME_OBJS)
	@mkdir -p $(dir $@)
	$(LD) -r -o $(B)/runtime/migrt_all.o $^
	$(OBJCOPY) --localize-hidden $(B)/runtime/migrt_all.o
	rm -f $@
	$(AR) rcs $@ $(B)/runtime/migrt_all.o

$(MIGRT_H): runtime/migrt.h
	@mkdir -p $(dir $@)
	cp $< $@

# ---- unit tests --------------------------------------------------------------
$(B)/tests/test_%: tests/unit/test_%.c tests/unit/tap.h $(COMPILER_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_ALL) $(DEFS) $(ALL_COMPILER_INC) -Igrammar -I$(B)/grammar -Iruntime -Itests/unit -o $@ $< $(COMPILER_LIB_OBJS) $(PGQ_LIBS) $(LDSAN)

# ---- tests and demo ----------------------------------------------------------
# make check also builds migc with AddressSanitizer and UndefinedBehavior-
# Sanitizer into $(SAN_OUT) (its own objects: the flags differ) and runs the
# golden suite with it (tests/run.sh).
SAN_OUT := $(B)/san
.PHONY: san
san:
	$(MAKE) --no-print-directory OUT=$(SAN_OUT) SAN=1 $(SAN_OUT)/bin/migc

# make check and make demo install what they need first (tools/install-deps.sh:
# apt-get as root on Debian, otherwise it names the missing packages), so
# that both work on a fresh machine; then build, in a second make that sees
# the installed tools.
check:
	@sh tools/install-deps.sh
	@$(MAKE) --no-print-directory all libpq san
	MIGC_OUT=$(abspath $(OUT)) sh tests/run.sh

golden-accept: all libpq
	MIGC_OUT=$(abspath $(OUT)) sh tests/golden/run.sh --accept

demo:
	@sh tools/install-deps.sh
	@$(MAKE) --no-print-directory all libpq
	MIGC_OUT=$(abspath $(OUT)) sh examples/demo.sh

deps:
	sh tools/install-deps.sh

# ---- man pages (generated: `migc __man`, compiler/cli/manpage.c) -------------
# migc(1) and migc.conf(5) from migc's --help texts; migc-migrate(1) from
# the --help of a migrator (examples/blog's, with its name and project
# made generic), so that a page cannot say what --help does not.
MAN_DIR   := $(OUT)/share/man
MAN_PAGES := $(MAN_DIR)/man1/migc.1 $(MAN_DIR)/man1/migc-migrate.1 $(MAN_DIR)/man5/migc.conf.5
man: $(MAN_PAGES)

$(MAN_DIR)/man1/migc.1: $(MIGC)
	@mkdir -p $(dir $@)
	$(MIGC) __man migc >$@.tmp && mv $@.tmp $@

$(MAN_DIR)/man5/migc.conf.5: $(MIGC)
	@mkdir -p $(dir $@)
	$(MIGC) __man migc.conf >$@.tmp && mv $@.tmp $@

$(MAN_DIR)/man1/migc-migrate.1: $(MIGC) $(LIBMIGRT) $(MIGRT_H) $(STATIC_PQ) runtime/cli.c
	@mkdir -p $(dir $@) $(B)/man
	$(MIGC) -q -C examples/blog build -o $(B)/man/blog-migrate
	$(B)/man/blog-migrate --help | sed -e 's/^usage: [^ ]*/usage: NAME-migrate/' \
		-e 's/for project blog (.*)\.$$/for one migc project (NAME from its migc.conf)./' \
		| $(MIGC) __man migrate migc-migrate >$@.tmp && mv $@.tmp $@

# ---- install -----------------------------------------------------------------
# Every file install writes is in INSTALLED (uninstall removes exactly
# those, then the migc-only directories if empty).
COMPLETIONS := tools/completion/migc.bash tools/completion/_migc tools/completion/migc.fish
BASH_COMP_DIR := $(PREFIX)/share/bash-completion/completions
ZSH_COMP_DIR  := $(PREFIX)/share/zsh/vendor-completions
FISH_COMP_DIR := $(PREFIX)/share/fish/vendor_completions.d
INSTALLED := $(PREFIX)/bin/migc $(PREFIX)/lib/migc/libmigrt.a \
	$(addprefix $(PREFIX)/lib/migc/,libpq.a libpgcommon.a libpgport.a migc-alembic-export.py) \
	$(PREFIX)/include/migc/migrt.h \
	$(PREFIX)/share/man/man1/migc.1 $(PREFIX)/share/man/man1/migc-migrate.1 \
	$(PREFIX)/share/man/man5/migc.conf.5 \
	$(BASH_COMP_DIR)/migc $(ZSH_COMP_DIR)/_migc $(FISH_COMP_DIR)/migc.fish

install: all libpq man
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/migc $(DESTDIR)$(PREFIX)/include/migc
	install -m 755 $(MIGC) $(DESTDIR)$(PREFIX)/bin/migc
	install -m 644 $(LIBMIGRT) $(DESTDIR)$(PREFIX)/lib/migc/libmigrt.a
	install -m 644 $(STATIC_PQ) $(DESTDIR)$(PREFIX)/lib/migc/
	install -m 644 runtime/migrt.h $(DESTDIR)$(PREFIX)/include/migc/migrt.h
	install -m 644 tools/migc-alembic-export.py $(DESTDIR)$(PREFIX)/lib/migc/
	install -d $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5
	install -m 644 $(MAN_DIR)/man1/migc.1 $(MAN_DIR)/man1/migc-migrate.1 $(DESTDIR)$(PREFIX)/share/man/man1/
	install -m 644 $(MAN_DIR)/man5/migc.conf.5 $(DESTDIR)$(PREFIX)/share/man/man5/
	install -d $(DESTDIR)$(BASH_COMP_DIR) $(DESTDIR)$(ZSH_COMP_DIR) $(DESTDIR)$(FISH_COMP_DIR)
	install -m 644 tools/completion/migc.bash $(DESTDIR)$(BASH_COMP_DIR)/migc
	install -m 644 tools/completion/_migc $(DESTDIR)$(ZSH_COMP_DIR)/_migc
	install -m 644 tools/completion/migc.fish $(DESTDIR)$(FISH_COMP_DIR)/migc.fish

# Removes the files install wrote and the directories only migc uses
# (lib/migc, include/migc); shared directories (bin, share/man/man1, the
# completion directories) stay, empty or not.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))
	-rmdir $(DESTDIR)$(PREFIX)/lib/migc $(DESTDIR)$(PREFIX)/include/migc 2>/dev/null

# The Debian package (debian/rules, dpkg-dev only): built from this OUT's
# build, the .deb and .changes/.buildinfo into $(OUT)/deb.
deb: all libpq man
	@mkdir -p $(OUT)/deb
	MIGC_DEB_OUT=$(abspath $(OUT)) MIGC_DEB_DIR=$(abspath $(OUT))/deb LIBPQ_CACHE=$(abspath $(LIBPQ_CACHE)) \
		dpkg-buildpackage -b -us -uc --no-check-builddeps \
		--buildinfo-option=-u$(abspath $(OUT))/deb --changes-option=-u$(abspath $(OUT))/deb \
		--buildinfo-file=$(abspath $(OUT))/deb/migc.buildinfo --changes-file=$(abspath $(OUT))/deb/migc.changes

clean:
	rm -rf $(B) $(OUT)/bin $(OUT)/lib $(OUT)/include

# ---- the static libpq (docs/artifact.md) --------------------------------------
# Built once from PostgreSQL's source by tools/build-libpq.sh into
# LIBPQ_CACHE, which is shared by every OUT of this tree (building it takes
# a minute or two); a lock keeps concurrent makes from building it twice.
# Then copied next to libmigrt.a, where migc looks for it.
LIBPQ_CACHE ?= build/libpq
STATIC_PQ := $(addprefix $(OUT)/lib/migc/,libpq.a libpgcommon.a libpgport.a)

libpq: $(STATIC_PQ)

$(LIBPQ_CACHE)/libpq.a:
	@mkdir -p $(dir $(LIBPQ_CACHE))
	flock $(LIBPQ_CACHE).lock sh -c '[ -f $@ ] || PG_SRC="$(PG_SRC)" sh tools/build-libpq.sh $(LIBPQ_CACHE)'

$(STATIC_PQ): $(OUT)/lib/migc/%: $(LIBPQ_CACHE)/libpq.a
	@mkdir -p $(dir $@)
	cp $(LIBPQ_CACHE)/$* $@

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# ---- fuzzing (issue 5) -------------------------------------------------------
# The libFuzzer targets (tests/fuzz/fuzz_*.c), built with clang and
# ASan+UBSan into $(B)/fuzz (their own objects: the sanitizer flags differ).
#   make fuzz FUZZ_SECONDS=300     fuzz from the seeds; findings go
#                                  to $(B)/fuzz/artifacts
# make check runs tests/fuzz/run.sh, which builds the targets and fuzzes for
# 60 seconds in all after replaying every recorded finding and seed.  It
# sets FUZZ_FMT_STRICT=1: a file migc fmt refuses to lay out (its proof
# failed; the file is left as it was) is a finding too.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_B       := $(B)/fuzz
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS  := $(CSTD) -g -O1 $(FUZZ_SAN) -fsanitize=fuzzer-no-link -MMD -MP -Wall -Werror -Wno-unused-function -Wno-unused-parameter -Wno-sign-compare -Wno-unused-but-set-variable
FUZZ_SRCS    := $(COMPILER_LIB_SRCS) $(COMMON_SRCS) runtime/msg.c runtime/plan.c runtime/sqlout.c \
                runtime/targets.c runtime/vtable.c runtime/tenant.c
FUZZ_OBJS    := $(FUZZ_SRCS:%.c=$(FUZZ_B)/%.o) $(FUZZ_B)/grammar/parser.o $(FUZZ_B)/grammar/lexer.o
FUZZER       := $(FUZZ_B)/fuzz_compile

.PHONY: fuzz fuzzer
fuzzer: $(FUZZER)

$(FUZZ_B)/grammar/%.o: $(B)/grammar/%.c $(GEN_H)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -Igrammar $(ALL_COMPILER_INC) -I$(B)/grammar -c -o $@ $<

$(FUZZ_B)/%.o: %.c | $(GEN_H)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEFS) $(ALL_COMPILER_INC) -Igrammar -I$(B)/grammar -Iruntime $(if $(filter compiler/front/pgsql%,$<),$(PGQ_CFLAGS)) -c -o $@ $<

$(FUZZER): tests/fuzz/fuzz_compile.c $(FUZZ_OBJS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(ALL_COMPILER_INC) -Igrammar -I$(B)/grammar -Iruntime -o $@ $(filter %.c %.o,$^) $(PGQ_LIBS)

# The migrator's command line and its reading of the version table
# (tests/fuzz/fuzz_migrator_args.c, fuzz_version_rows.c): the whole runtime
# but main.c, linked with the system's libpq (no connection is made).
FUZZ_RT_SRCS := $(filter-out runtime/main.c runtime/msg.c runtime/plan.c runtime/sqlout.c,$(RUNTIME_SRCS)) $(COMMON_PQ_SRCS)
FUZZ_RT_OBJS := $(FUZZ_RT_SRCS:%.c=$(FUZZ_B)/%.o) $(FUZZ_B)/runtime/msg.o $(FUZZ_B)/runtime/plan.o \
	$(FUZZ_B)/runtime/sqlout.o $(COMMON_SRCS:%.c=$(FUZZ_B)/%.o)
FUZZ_RT_TARGETS := $(FUZZ_B)/fuzz_migrator_args $(FUZZ_B)/fuzz_version_rows
fuzzer: $(FUZZ_RT_TARGETS)

$(FUZZ_B)/runtime/%.o: runtime/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEFS) $(PQ_CFLAGS) -Iruntime -Icommon -c -o $@ $<

$(FUZZ_B)/common/%.o: common/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEFS) $(PQ_CFLAGS) -Icommon -c -o $@ $<

$(FUZZ_B)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz_plan.h $(FUZZ_RT_OBJS)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PQ_CFLAGS) -Iruntime -Icommon -o $@ $(filter %.c %.o,$^) $(PQ_LIBS)

fuzz: $(FUZZER) $(FUZZ_RT_TARGETS)
	MIGC_OUT=$(abspath $(OUT)) FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_FMT_STRICT=1 sh tests/fuzz/run.sh

# `make stress`: the fault-injection tests with 500 kill -9 trials
# (STRESS_TRIALS) and 10 minutes of fuzzing (FUZZ_SECONDS given on the
# command line or in the environment overrides the 600; about 32 minutes in
# all on a loaded 2-core machine).
STRESS_TRIALS ?= 500
STRESS_FUZZ_SECONDS := $(if $(filter command line environment,$(origin FUZZ_SECONDS)),$(FUZZ_SECONDS),600)
.PHONY: stress
stress: all libpq
	MIGC_OUT=$(abspath $(OUT)) FAULT_TRIALS=$(STRESS_TRIALS) FUZZ_SECONDS=$(STRESS_FUZZ_SECONDS) FUZZ_FMT_STRICT=1 \
		TESTS="tests/fuzz/run.sh tests/e2e/92-faults-kill.t tests/e2e/93-faults-misc.t" sh tests/run.sh

# ---- benchmarks (issue 7) ----------------------------------------------------
# migc against Alembic and against psql running the same statements, on a
# PostgreSQL with fsync on; results in $(B)/bench/results.md, figures and
# method in docs/benchmarks.md.  Installs Debian's alembic, psycopg2, time
# and strace when missing (as root).  BENCH_ROUNDS (fast commands, default
# 9) and BENCH_DB_ROUNDS (upgrade+downgrade at N=1000, default 7).
.PHONY: bench
bench: all libpq
	MIGC_OUT=$(abspath $(OUT)) BENCH_WORK=$(abspath $(B))/bench sh bench/run.sh
