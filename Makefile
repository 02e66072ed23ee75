# mailfleet - batch provisioning of cold-email domains and inboxes.
#
#   make deps     install missing Debian packages (idempotent)
#   make          build ./mailfleet and ./mailfleet-sandbox
#   make test     deps + build + every test; ends with "N passed, N failed"
#   make demo     deps + build + sandbox + a real import from samples/
#   make asan     the test suite under AddressSanitizer + UBSan
#   make tsan     the test suite under ThreadSanitizer
#   make bench    benchmarks (figures, never pass/fail timing)
#   make fuzz     libFuzzer targets (clang); FUZZ_SECONDS=N runs each N s
#   make install  PREFIX=/usr/local DESTDIR=

VERSION	?= 0.1.0
PREFIX	?= /usr/local
BINDIR	 = $(PREFIX)/bin
BUILD	?= build
SAN	?=

CC	?= cc
WARN	 = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wpointer-arith -Wformat=2
CFLAGS	?= -O2 -g
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	   -DMAILFLEET_VERSION='"$(VERSION)"' $(WARN) -Iinclude \
	   $(shell pkg-config --cflags libcurl 2>/dev/null) -MMD -MP $(CFLAGS)
LDFLAGS	?=
LIBS	 = $(shell pkg-config --libs libcurl 2>/dev/null || echo -lcurl) -lcsv -lpthread
MHD_LIBS = $(shell pkg-config --libs libmicrohttpd 2>/dev/null || echo -lmicrohttpd) -lpthread

ifneq ($(SAN),)
ALL_CFLAGS += -fsanitize=$(SAN) -fno-omit-frame-pointer -O1
LDFLAGS += -fsanitize=$(SAN)
endif

# Every src/*.c but main.c forms the library the binary and the tests link.
LIB_SRC	 = $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJ	 = $(LIB_SRC:src/%.c=$(BUILD)/obj/%.o)
MAIN_OBJ = $(BUILD)/obj/main.o
SBX_SRC	 = $(wildcard src/sandbox/*.c)
SBX_OBJ	 = $(SBX_SRC:src/sandbox/%.c=$(BUILD)/obj/sandbox/%.o)
# The sandbox reuses the small utilities and the JSON wrapper, not the rest.
SBX_SHARED = $(filter $(BUILD)/obj/buf.o $(BUILD)/obj/xmalloc.o \
	   $(BUILD)/obj/json_%.o $(BUILD)/obj/log.o $(BUILD)/obj/util.o \
	   $(BUILD)/obj/atomicfile.o $(BUILD)/obj/hash.o $(BUILD)/obj/xoshiro.o \
	   $(BUILD)/obj/utf8.o $(BUILD)/obj/strmap.o $(BUILD)/obj/num.o \
	   $(BUILD)/obj/userdata.o,$(LIB_OBJ))
TEST_SRC = $(wildcard tests/unit/test_*.c)
TEST_BIN = $(TEST_SRC:tests/unit/%.c=$(BUILD)/tests/%)
# test_sbx_*.c test the sandbox's internals: they link its objects (not main).
SBX_LIBOBJ = $(filter-out $(BUILD)/obj/sandbox/main.o,$(SBX_OBJ))

# Fuzzing (tests/fuzz/): libFuzzer targets built with clang into
# $(FUZZ_BUILD), the project's objects instrumented for coverage and the
# sanitizers (fuzzer-no-link), the targets linked with -fsanitize=fuzzer.
# Warnings do not stop this build: the gcc and clang builds enforce them.
# Without clang, fuzz-build does nothing and the replay in make test is
# counted as skipped.
ifeq ($(origin FUZZ_CC),undefined)
FUZZ_CC := $(shell command -v clang-14 2>/dev/null || command -v clang 2>/dev/null)
endif
FUZZ_BUILD ?= build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_SAN = fuzzer-no-link,address,undefined
FUZZ_TARGETS = $(patsubst tests/fuzz/fuzz_%.c,%,$(filter-out \
	tests/fuzz/fuzz_util.c,$(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BIN = $(FUZZ_TARGETS:%=$(BUILD)/bin/fuzz_%)

.PHONY: all deps test check-run demo asan tsan bench install clean prism \
	fuzz fuzz-build fuzz-bins

all: mailfleet mailfleet-sandbox

mailfleet: $(BUILD)/mailfleet
	@[ "$(BUILD)" = build ] && ln -sf $(BUILD)/mailfleet mailfleet || true
mailfleet-sandbox: $(BUILD)/mailfleet-sandbox
	@[ "$(BUILD)" = build ] && ln -sf $(BUILD)/mailfleet-sandbox mailfleet-sandbox || true

$(BUILD)/mailfleet: $(MAIN_OBJ) $(LIB_OBJ)
	$(CC) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/mailfleet-sandbox: $(SBX_OBJ) $(SBX_SHARED)
	$(CC) $(LDFLAGS) -o $@ $^ $(MHD_LIBS) -lm

$(BUILD)/obj/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/test_sbx_%: tests/unit/test_sbx_%.c tests/harness.h $(SBX_LIBOBJ) $(SBX_SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(SBX_LIBOBJ) $(SBX_SHARED) $(LDFLAGS) $(MHD_LIBS) -lm

$(BUILD)/tests/%: tests/unit/%.c tests/harness.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests -o $@ $< $(LIB_OBJ) $(LDFLAGS) $(LIBS) $(MHD_LIBS) -lm

# An operation added through the table alone (tests/extra/, for
# tests/e2e/extra_op.sh): the real binary with one more ColdSend entry,
# handed out by wrappers of provider_find and provider_nth put in at link
# time.
EXTRA_BIN = $(BUILD)/tests/mailfleet-extra

$(EXTRA_BIN): tests/extra/op_update_domains.c $(MAIN_OBJ) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(MAIN_OBJ) $(LIB_OBJ) $(LDFLAGS) \
	    -Wl,--wrap=provider_find,--wrap=provider_nth $(LIBS)

deps:
	@./scripts/deps.sh

# Build everything the tests need, then run them all.
test: deps
	@$(MAKE) --no-print-directory all tests-build
	@BUILD=$(BUILD) ./tests/run.sh

tests-build: $(TEST_BIN) $(EXTRA_BIN) $(BUILD)/mailfleet $(BUILD)/mailfleet-sandbox \
	$(if $(FUZZ_CC),fuzz-build)

asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan SAN=address,undefined \
	    tests-build $(if $(filter build,$(BUILD)),all)
	@BUILD=build/asan ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ./tests/run.sh

# report_thread_leaks=0: a second Ctrl-C exits at once (_exit) with the
# workers still running, on purpose; every normal path joins its threads.
tsan: deps
	@$(MAKE) --no-print-directory BUILD=build/tsan SAN=thread tests-build
	@BUILD=build/tsan TSAN_OPTIONS="halt_on_error=1 report_thread_leaks=0" \
	    ./tests/run.sh

# Fuzzing (tests/fuzz/, variables above): the rules.
fuzz-build:
ifeq ($(FUZZ_CC),)
	@echo "fuzz: clang not found, fuzz targets not built"
else
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) \
	    SAN=$(FUZZ_SAN) CFLAGS="-O1 -g -fno-sanitize-recover=undefined" \
	    fuzz-bins
endif

FUZZ_UTIL = $(BUILD)/obj/fuzz/fuzz_util.o
FUZZ_SBX = $(FUZZ_UTIL) $(BUILD)/obj/fuzz/sbx_drive.o

# The helpers are named here so that make knows the pattern rules below
# can build them (the sandbox targets' rule is the more specific one).
fuzz-bins: $(FUZZ_SBX) $(FUZZ_BIN)

$(BUILD)/obj/fuzz/%.o: tests/fuzz/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/fuzz -c -o $@ $<

$(BUILD)/bin/fuzz_sandbox_%: tests/fuzz/fuzz_sandbox_%.c $(FUZZ_SBX) \
	    $(SBX_LIBOBJ) $(SBX_SHARED)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< \
	    $(FUZZ_SBX) $(SBX_LIBOBJ) $(SBX_SHARED) $(LDFLAGS) $(MHD_LIBS) -lm

$(BUILD)/bin/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_UTIL) $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -fsanitize=fuzzer -Itests/fuzz -o $@ $< \
	    $(FUZZ_UTIL) $(LIB_OBJ) $(LDFLAGS) $(LIBS) -lm

# Each target for FUZZ_SECONDS, one after the other; findings (crash,
# leak, timeout files) go to $(FUZZ_BUILD)/findings/TARGET/ and fail it.
fuzz: fuzz-build
	@[ -n "$(FUZZ_CC)" ] || { echo "fuzz: needs clang"; exit 1; }
	@FUZZ_BUILD=$(FUZZ_BUILD) ./tests/fuzz/run.sh $(FUZZ_SECONDS) \
	    $(FUZZ_TARGETS)

demo: deps
	@$(MAKE) --no-print-directory all
	@./scripts/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all
	@./tests/bench/run.sh
	@./tests/bench/export.sh
	@./tests/bench/requests.sh
	@./tests/bench/fleet.sh

# The man page and the completions are made by the binary from its option
# tables (mailfleet help --man, mailfleet completion bash|zsh).
MANDIR	 = $(PREFIX)/share/man/man1
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR = $(PREFIX)/share/zsh/site-functions
DOCS	 = $(BUILD)/mailfleet.1 $(BUILD)/mailfleet.bash $(BUILD)/_mailfleet

$(BUILD)/mailfleet.1: $(BUILD)/mailfleet
	$(BUILD)/mailfleet help --man > $@.tmp && mv $@.tmp $@
$(BUILD)/mailfleet.bash: $(BUILD)/mailfleet
	$(BUILD)/mailfleet completion bash > $@.tmp && mv $@.tmp $@
$(BUILD)/_mailfleet: $(BUILD)/mailfleet
	$(BUILD)/mailfleet completion zsh > $@.tmp && mv $@.tmp $@

install: all $(DOCS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR) \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 0755 $(BUILD)/mailfleet $(BUILD)/mailfleet-sandbox $(DESTDIR)$(BINDIR)/
	install -m 0644 $(BUILD)/mailfleet.1 $(DESTDIR)$(MANDIR)/mailfleet.1
	install -m 0644 $(BUILD)/mailfleet.bash $(DESTDIR)$(BASHCOMPDIR)/mailfleet
	install -m 0644 $(BUILD)/_mailfleet $(DESTDIR)$(ZSHCOMPDIR)/_mailfleet

clean:
	rm -rf build mailfleet mailfleet-sandbox

-include $(wildcard $(BUILD)/obj/*.d $(BUILD)/obj/sandbox/*.d $(BUILD)/tests/*.d \
	$(BUILD)/obj/fuzz/*.d $(BUILD)/bin/*.d)
