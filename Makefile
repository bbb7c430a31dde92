# claimledger: build, test, install.
#
#   make            build/claimledger
#   make test       unit tests (cmocka) and end-to-end tests
#   make demo       a throwaway ledger from fixtures/, verified and shown
#   make sanitize   the test suite under ASan + UBSan (build-san/)
#   make install    the binary, man page and bash/zsh completions under
#                   $(DESTDIR)$(PREFIX) (bin/, share/man/man1/, share/...)
#   make docs       rewrite man/claimledger.1 and completion/* from the
#                   command table (cli/help.c); commit the result
#
# Missing Debian packages are installed by scripts/deps.sh when run as root;
# otherwise it stops and prints the apt-get line to run.

PREFIX  ?= /usr/local
BUILD   ?= build
CC      ?= cc
# libcurl: the monitor fetches published tiles over HTTP(S) (ledger/fetch.c)
PKGS     = lmdb libsodium nettle jansson icu-uc libcurl
TESTPKGS = cmocka

WARN    = -Wall -Wextra -pedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CSTD    = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
OPT     ?= -O2 -g
SANFLAGS =
ifeq ($(SAN),1)
SANFLAGS = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif
# The default speaker alias table: the installed copy, else this tree's.
SPEAKERS_DEFAULT = -DCL_SPEAKERS_DEFAULT='"$(SPEAKERS_DIR)/speakers.tsv:$(CURDIR)/fixtures/speakers.tsv"'
ALL_CFLAGS  = $(CSTD) $(WARN) $(OPT) $(SANFLAGS) -I. -I$(GEN) $(PKG_CFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)
ALL_LDFLAGS = $(SANFLAGS) $(LDFLAGS) -pthread

LIB_SRCS  = $(wildcard base/*.c) $(wildcard crypto/*.c) $(wildcard ledger/*.c) $(wildcard extract/*.c)
CLI_SRCS  = $(wildcard cli/*.c)
TEST_SRCS = $(wildcard tests/*_test.c)
# The extractor's word lists: plain text in extract/lang/en/, turned into
# C arrays in $(GEN) by scripts/lang-gen.sh and compiled into the library.
GEN       = $(BUILD)/gen
LANG_TXT  = $(sort $(wildcard extract/lang/en/*.txt))
LANG_H    = $(GEN)/extract/lang_en.h
LANG_C    = $(GEN)/extract/lang_en.c
LANG_OBJ  = $(BUILD)/obj/gen/extract/lang_en.o
# Spanish: the same format in extract/lang/es/, arrays cl_es_*.
LANG_ES_TXT = $(sort $(wildcard extract/lang/es/*.txt))
LANG_ES_H   = $(GEN)/extract/lang_es.h
LANG_ES_C   = $(GEN)/extract/lang_es.c
LANG_ES_OBJ = $(BUILD)/obj/gen/extract/lang_es.o
LIB_OBJS  = $(LIB_SRCS:%.c=$(BUILD)/obj/%.o) $(LANG_OBJ) $(LANG_ES_OBJ)
CLI_OBJS  = $(CLI_SRCS:%.c=$(BUILD)/obj/%.o)
TESTS     = $(TEST_SRCS:tests/%.c=$(BUILD)/tests/%)
LIB       = $(BUILD)/libclaimledger.a
BIN       = $(BUILD)/claimledger

FUZZ_TIME ?= 600
FUZZERS ?=
SPEAKERS_DIR = $(PREFIX)/share/claimledger
MANDIR      ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions

.PHONY: all test demo sanitize tsan valgrind stress install uninstall clean deps bench fuzz docs FORCE
all: $(BIN)

# Package flags come from pkg-config once the packages are there: the
# included file is (re)made first, which checks and installs them.
ifeq ($(filter clean uninstall,$(MAKECMDGOALS)),)
-include $(BUILD)/config.mk
endif
$(BUILD)/config.mk: scripts/deps.sh
	@mkdir -p $(BUILD)
	@sh scripts/deps.sh
	@{ echo "PKG_CFLAGS = $$(pkg-config --cflags $(PKGS))"; \
	   echo "PKG_LIBS = $$(pkg-config --libs $(PKGS))"; \
	   echo "TEST_LIBS = $$(pkg-config --libs $(TESTPKGS))"; } > $@

deps: $(BUILD)/config.mk

$(BUILD)/obj/%.o: %.c $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/obj/cli/%.o: ALL_CFLAGS += $(SPEAKERS_DEFAULT)

# The word lists.  lang_en.list holds the names of the list files and
# changes only when one is added or removed, so that a removal
# regenerates too; editing a .txt regenerates through its own date.
$(GEN)/extract/lang_en.list: FORCE
	@mkdir -p $(dir $@)
	@echo '$(LANG_TXT)' | cmp -s - $@ || echo '$(LANG_TXT)' > $@

$(LANG_H): $(LANG_TXT) $(GEN)/extract/lang_en.list scripts/lang-gen.sh
	@echo "sh scripts/lang-gen.sh h $@ extract/lang/en/*.txt"
	@sh scripts/lang-gen.sh h $@ $(LANG_TXT)

$(LANG_C): $(LANG_TXT) $(GEN)/extract/lang_en.list scripts/lang-gen.sh
	@echo "sh scripts/lang-gen.sh c $@ extract/lang/en/*.txt"
	@sh scripts/lang-gen.sh c $@ $(LANG_TXT)

$(LANG_OBJ): $(LANG_C) $(LANG_H) $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

$(GEN)/extract/lang_es.list: FORCE
	@mkdir -p $(dir $@)
	@echo '$(LANG_ES_TXT)' | cmp -s - $@ || echo '$(LANG_ES_TXT)' > $@

$(LANG_ES_H): $(LANG_ES_TXT) $(GEN)/extract/lang_es.list scripts/lang-gen.sh
	@echo "sh scripts/lang-gen.sh h $@ extract/lang/es/*.txt"
	@sh scripts/lang-gen.sh h $@ $(LANG_ES_TXT)

$(LANG_ES_C): $(LANG_ES_TXT) $(GEN)/extract/lang_es.list scripts/lang-gen.sh
	@echo "sh scripts/lang-gen.sh c $@ extract/lang/es/*.txt"
	@sh scripts/lang-gen.sh c $@ $(LANG_ES_TXT)

$(LANG_ES_OBJ): $(LANG_ES_C) $(LANG_ES_H) $(BUILD)/config.mk
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c $< -o $@

# Every file of extract/ includes the generated declarations.
$(filter $(BUILD)/obj/extract/%,$(LIB_OBJS)): $(LANG_H) $(LANG_ES_H)

FORCE:

$(LIB): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(BIN): $(CLI_OBJS) $(LIB)
	$(CC) $(ALL_LDFLAGS) -o $@ $(CLI_OBJS) $(LIB) $(PKG_LIBS)

$(BUILD)/tests/%: tests/%.c $(LIB) $(BUILD)/config.mk tests/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(LIB) $(PKG_LIBS) $(TEST_LIBS) $(ALL_LDFLAGS)

# file_test names the temporary file by handing out fixed random bytes
# and watching the rename: both calls are wrapped at link time.
$(BUILD)/tests/file_test: ALL_LDFLAGS += -Wl,--wrap=getentropy -Wl,--wrap=rename

# The CLI's own unit tests (tests/cli_test.c, tests/help_test.c) link its
# objects too, all but main.o: the text helpers every command prints
# through live in cli/util.c, the command table in cli/help.c.
CLI_TEST_OBJS = $(filter-out $(BUILD)/obj/cli/main.o,$(CLI_OBJS))
$(BUILD)/tests/cli_test $(BUILD)/tests/help_test: $(BUILD)/tests/%: tests/%.c $(CLI_TEST_OBJS) $(LIB) $(BUILD)/config.mk tests/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(CLI_TEST_OBJS) $(LIB) $(PKG_LIBS) $(TEST_LIBS) $(ALL_LDFLAGS)

test: $(BIN) $(TESTS)
	@sh tests/run.sh $(BUILD)

sanitize:
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  $(MAKE) BUILD=build-san SAN=1 OPT="-O1 -g" test

# The suite with ThreadSanitizer: the import's and verify's thread pools.
tsan:
	TSAN_OPTIONS=halt_on_error=1:exitcode=66 \
	  $(MAKE) BUILD=build-tsan SANFLAGS=-fsanitize=thread OPT="-O1 -g" test

# make bench [N=1000000]: raw limits, then the real binary on N claims.
N ?= 1000000
BENCH_DIR ?= $(BUILD)/bench-run
$(BUILD)/bench: bench/bench.c $(LIB) $(BUILD)/config.mk
	$(CC) $(ALL_CFLAGS) -o $@ bench/bench.c $(LIB) $(PKG_LIBS) $(ALL_LDFLAGS)

bench: $(BIN) $(BUILD)/bench
	@rm -rf $(BENCH_DIR) && mkdir -p $(BENCH_DIR)
	$(BUILD)/bench $(BIN) $(N) $(BENCH_DIR)
	@rm -rf $(BENCH_DIR)

# libFuzzer targets (clang), each FUZZ_TIME seconds: make fuzz FUZZ_TIME=60 FUZZERS=note
fuzz: $(BUILD)/config.mk
	@sh scripts/fuzz.sh $(FUZZ_TIME) $(FUZZERS)

# The slow robustness runs (bounded, under 10 minutes): 200 SIGKILLed
# imports, 1000 random byte flips, the rest of the suite as in `make test`.
stress: $(BIN) $(TESTS)
	CRASH_RUNS=200 CRASH_BATCH=1000 FLIP_TRIALS=1000 sh tests/run.sh $(BUILD)

# The suite with every binary under valgrind (memcheck; errors fail it).
valgrind: $(BIN) $(TESTS)
	VALGRIND="valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite" \
	  CRASH_RUNS=3 FLIP_TRIALS=5 sh tests/run.sh $(BUILD)

demo: $(BIN)
	@sh scripts/demo.sh $(BIN)

# The man page and completions, printed by the binary from its command
# table and committed, so that an install needs no generator;
# tests/e2e/help.sh fails when they differ from what the binary prints.
docs: $(BIN)
	$(BIN) help --man >man/claimledger.1.tmp && mv man/claimledger.1.tmp man/claimledger.1
	$(BIN) help --bash >completion/claimledger.bash.tmp && \
	  mv completion/claimledger.bash.tmp completion/claimledger.bash
	$(BIN) help --zsh >completion/_claimledger.tmp && \
	  mv completion/_claimledger.tmp completion/_claimledger

install: $(BIN)
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 $(BIN) $(DESTDIR)$(PREFIX)/bin/claimledger
	install -d $(DESTDIR)$(SPEAKERS_DIR)
	install -m 0644 fixtures/speakers.tsv $(DESTDIR)$(SPEAKERS_DIR)/speakers.tsv
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 0644 man/claimledger.1 $(DESTDIR)$(MANDIR)/man1/claimledger.1
	install -d $(DESTDIR)$(BASHCOMPDIR)
	install -m 0644 completion/claimledger.bash $(DESTDIR)$(BASHCOMPDIR)/claimledger
	install -d $(DESTDIR)$(ZSHCOMPDIR)
	install -m 0644 completion/_claimledger $(DESTDIR)$(ZSHCOMPDIR)/_claimledger

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/claimledger $(DESTDIR)$(SPEAKERS_DIR)/speakers.tsv \
	  $(DESTDIR)$(MANDIR)/man1/claimledger.1 $(DESTDIR)$(BASHCOMPDIR)/claimledger \
	  $(DESTDIR)$(ZSHCOMPDIR)/_claimledger

clean:
	rm -rf build build-san build-fuzz build-tsan build-vg

-include $(LIB_OBJS:.o=.d) $(CLI_OBJS:.o=.d)
