# The front door. `make demo` and `make check` work from a fresh Debian 12
# machine: they install what is missing (scripts/install-deps.sh), build with
# CMake and run. Everything else is CMake's job.
BUILD   ?= build
ASAN    ?= build-asan
FUZZB   ?= build-fuzz
JOBS    ?= 2
UNGDB   := $(BUILD)/ungdb
DEMO    ?= demo-out
DEMO_PORT ?= 8080

MAKEFLAGS += --no-print-directory

.PHONY: all deps build demo check test asan lint fuzz bench bench-server bench-server-memory bench-national format clean

all: build

deps:
	@scripts/install-deps.sh

build:
	@cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# A sample municipality: 6 schools x 120 pupils x 12 weekly deliveries.
demo: deps build
	@rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(UNGDB) gen --out $(DEMO)/deliveries --institutions 6 --pupils-per-institution 120 \
	    --weeks 12 --seed 1 --errors 0.002
	$(UNGDB) register build $(DEMO)/deliveries --out $(DEMO)/register \
	    --sqlite $(DEMO)/register.sqlite
	@echo "The register is in $(DEMO)/register/ and $(DEMO)/register.sqlite"
	@head -c 32 /dev/urandom >$(DEMO)/pseudonym.key
	$(UNGDB) register build $(DEMO)/deliveries --out $(DEMO)/register-pseudonymised \
	    --pseudonymize $(DEMO)/pseudonym.key >/dev/null
	$(UNGDB) register hours $(DEMO)/register-pseudonymised >/dev/null
	@echo
	@echo "Starting the case-handling server with the web application (Ctrl-C stops it);"
	@echo "researchers see the pseudonymised register $(DEMO)/register-pseudonymised/:"
	$(UNGDB) serve --demo --listen 127.0.0.1:$(DEMO_PORT) --register $(DEMO)/register-pseudonymised --quiet

# Every test: unit, golden and command-line tests, all first
# under AddressSanitizer and UndefinedBehaviorSanitizer, then in the release build.
check: deps lint build asan
	@ctest --test-dir $(ASAN) --output-on-failure -j $(JOBS)
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

test: build
	@ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

asan:
	@cmake -S . -B $(ASAN) -DCMAKE_BUILD_TYPE=Debug -DUNGDB_SANITIZE=ON -DUNGDB_WEB=OFF >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)

lint:
	@scripts/lint.sh

# libFuzzer targets (clang); FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
fuzz:
	@CC=clang cmake -S . -B $(FUZZB) -DCMAKE_BUILD_TYPE=Debug -DUNGDB_FUZZ=ON >/dev/null
	@cmake --build $(FUZZB) -j $(JOBS)
	@for f in $(FUZZB)/fuzz_*; do \
	    echo "== $$f"; mkdir -p $(FUZZB)/corpus/$$(basename $$f); \
	    $$f -max_total_time=$(FUZZ_SECONDS) $(FUZZB)/corpus/$$(basename $$f) fuzz/corpus/$$(basename $$f) || exit 1; \
	done

bench: deps build
	@scripts/install-deps.sh --bench
	@bench/run.sh medium
	@bench/server.sh $(BENCH_SERVER_SECONDS)

# The server alone: 64 connections registering attendance for
# BENCH_SERVER_SECONDS (default 30) on loopback.
BENCH_SERVER_SECONDS ?= 30
bench-server: deps build
	@bench/server.sh $(BENCH_SERVER_SECONDS)

# Memory flatness: 10 minutes of whole-class registrations (25 pupils a
# lesson), the server's RSS sampled every minute.
bench-server-memory: deps build
	@BENCH_DEMO_PUPILS=250 RSS_EVERY=60 bench/server.sh 600

bench-national: deps build
	@scripts/install-deps.sh --bench
	@bench/run.sh national

# `ungdb rules simulate` against DuckDB only (make bench runs it too).
bench-simulate: deps build
	@scripts/install-deps.sh --bench
	@bench/simulate.sh medium national

format:
	@clang-format -i include/ungdb/*.h src/*/*.c src/*/*.h tests/unit/*.c fuzz/*.c

clean:
	rm -rf $(BUILD) $(ASAN) $(FUZZB) $(DEMO)
