# ankestat: survey-statistics engine.  See README.md.
#
#   make            build build/ankestat
#   make report     install missing Debian packages, build, write the default report into out/2008/
#   make install    install the binary and its data under PREFIX (default /usr/local)
#   make test       install missing Debian packages, build, run every test
#   make cases      the data-driven cases only (each run in a copy under build/cases/)
#   make test-helpers  the programs the suites run (build/tests/), with the flags below
#   make asan       the whole test suite under AddressSanitizer + UndefinedBehaviorSanitizer
#   make fuzz       libFuzzer harnesses, FUZZ_SECONDS each (default 60)
#   make bench      benchmarks (see bench/README.md)

CC      ?= cc
PKGS    := glib-2.0 gsl pangocairo fontconfig cairo-pdf xlsxwriter libcrypto
WERROR  ?= -Werror
CSTD    := -std=c11 -D_POSIX_C_SOURCE=200809L
WARN    := -Wall -Wextra -Wpedantic -Wshadow -Wmissing-prototypes -Wstrict-prototypes $(WERROR)
OPT     ?= -O2 -g
BUILD   ?= build
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
# libcsv and libreadstat ship no pkg-config file in Debian: plain -l.
VERSION := 0.1.0
CFLAGS_ALL := $(CSTD) $(WARN) $(OPT) -Iinclude $(PKG_CFLAGS) $(EXTRA_CFLAGS) \
              -DAK_HOME='"$(CURDIR)"' -DAK_VERSION='"$(VERSION)"'
LIBS_ALL   := -lcsv -lreadstat $(PKG_LIBS) $(EXTRA_LIBS)

YEAR    ?= 2008
INPUT   ?= data/tilsyn-2008-rekonstrueret.csv
OUT     ?= out/$(YEAR)
PREFIX  ?= /usr/local

SRC      := $(sort $(wildcard src/*.c src/*/*.c))
LIB_SRC  := $(filter-out src/cli%.c,$(SRC))
CLI_OBJ  := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(filter src/cli%.c,$(SRC)))
LIB_OBJ  := $(patsubst src/%.c,$(BUILD)/obj/%.o,$(LIB_SRC))
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(UNIT_SRC))
HDRS     := $(wildcard include/*.h src/*.h src/*/*.h) $(wildcard tests/unit/*.h)

.PHONY: all deps deps-test report install uninstall test unit cases test-helpers asan fuzz fuzz-build fuzz-bins bench clean tools

all: $(BUILD)/ankestat

deps:
	@sh tools/deps.sh engine

deps-test:
	@sh tools/deps.sh test

$(BUILD)/obj/%.o: src/%.c $(HDRS) | $(BUILD)/obj
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/ankestat: $(CLI_OBJ) $(LIB_OBJ)
	$(CC) $(CFLAGS_ALL) $^ $(LIBS_ALL) -o $@

$(BUILD)/unit/%: tests/unit/%.c $(LIB_OBJ) $(HDRS) | $(BUILD)/unit
	$(CC) $(CFLAGS_ALL) -Itests/unit $< $(LIB_OBJ) $(LIBS_ALL) -o $@

$(BUILD)/gen2008: tools/gen2008.c | $(BUILD)/obj
	$(CC) $(CSTD) $(WARN) $(OPT) $(shell pkg-config --cflags gsl) $< $(shell pkg-config --libs gsl) -o $@

$(BUILD)/obj $(BUILD)/unit:
	mkdir -p $@

tools: $(BUILD)/gen2008

# Programs the suites run (tests/suites/*.sh find them in BUILD/tests/),
# built with the engine's flags, so under `make asan` with the sanitizers.
TEST_HELPERS := $(BUILD)/tests/chunks $(BUILD)/tests/csvcheck $(BUILD)/tests/gen $(BUILD)/tests/prop

$(BUILD)/tests/chunks: tests/hostile/chunks.c $(LIB_OBJ) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $< $(LIB_OBJ) $(LIBS_ALL) -o $@

$(BUILD)/tests/prop: tests/prop/prop.c $(LIB_OBJ) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $< $(LIB_OBJ) $(LIBS_ALL) -o $@

$(BUILD)/tests/csvcheck: tests/hostile/csvcheck.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $< $(LIBS_ALL) -o $@

$(BUILD)/tests/gen: bench/gen.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $< $(LIBS_ALL) -o $@

test-helpers: $(TEST_HELPERS)

report: deps
	@$(MAKE) --no-print-directory all
	@mkdir -p "$$(dirname "$(OUT)")"
	$(BUILD)/ankestat report --year $(YEAR) --out $(OUT) $(INPUT)

# The binary in PREFIX/bin, its data (codebook, checks, register, the 2008
# example, templates) in PREFIX/share/ankestat, where the installed binary
# finds it from any folder (see README: ANKESTAT_HOME).  DESTDIR for staging.
SHARE := $(DESTDIR)$(PREFIX)/share/ankestat
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(SHARE)
	install -m 755 $(BUILD)/ankestat $(DESTDIR)$(PREFIX)/bin/ankestat
	rm -rf $(SHARE)/data $(SHARE)/templates
	cp -R data templates $(SHARE)/
	chmod -R u+rwX,go+rX $(SHARE)

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/ankestat
	rm -rf $(SHARE)

unit: $(UNIT_BIN)
	@sh tests/run_unit.sh $(UNIT_BIN)

cases: $(BUILD)/ankestat
	@sh tests/run_cases.sh $(BUILD)/ankestat

test: deps-test
	@$(MAKE) --no-print-directory all $(UNIT_BIN) $(BUILD)/gen2008 test-helpers
	@sh tests/run_all.sh $(BUILD)

# LeakSanitizer suppressions, if any, are in tests/lsan.supp (none now).
asan:
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0 \
	  $(MAKE) --no-print-directory test BUILD=build/asan CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
	  EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	  EXTRA_LIBS="-fsanitize=address,undefined"

bench:
	@sh bench/run.sh

# libFuzzer harnesses tests/fuzz/fuzz_*.c (clang), built in build/fuzz; run
# by tests/fuzz/run.sh for FUZZ_SECONDS each (see tests/fuzz/README.md).
FUZZ_SECONDS ?= 60
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BIN := $(patsubst tests/fuzz/%.c,$(BUILD)/fuzzers/%,$(FUZZ_SRC))

$(BUILD)/fuzzers/%: tests/fuzz/%.c $(LIB_OBJ) $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_ALL) $< $(LIB_OBJ) $(LIBS_ALL) -o $@

fuzz-bins: $(FUZZ_BIN)

fuzz-build:
	@$(MAKE) --no-print-directory fuzz-bins BUILD=build/fuzz CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
	  EXTRA_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
	  EXTRA_LIBS="-fsanitize=fuzzer,address,undefined"

fuzz: deps-test
	@$(MAKE) --no-print-directory fuzz-build
	@sh tests/fuzz/run.sh build/fuzz/fuzzers $(FUZZ_SECONDS)

clean:
	rm -rf build
