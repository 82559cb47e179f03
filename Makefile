# Parley - the commands a user runs. Everything builds through CMake.
#
#   make build        install missing packages, build build/parleyd
#   make run          build, then start parleyd on http://127.0.0.1:8000
#   make test         install, regen-check, build with ASan+UBSan, run every test
#   make regen        regenerate gen/ (and docs/fsm) from fsm/ and schemas/
#   make regen-check  fail with a diff when gen/ is stale
#   make fuzz         run every libFuzzer target for FUZZ_SECONDS each
#   make eval         the offline tutor on tests/eval: topic accuracy, answer-contains-fact rate
#   make bench        transport, seed 000 and brains benchmarks against references; writes docs/benchmarks.md
#   make clean        remove the build folders

FUZZ_SECONDS ?= 300
FUZZ_SMOKE_SECONDS ?= 20
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps test-deps build build-asan build-fuzz run test unit fuzz-smoke bench regen regen-check fuzz clean

all: build

deps:
	@tools/install-deps.sh

test-deps:
	@tools/install-deps.sh --test

build: deps
	@cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS) >/dev/null
	@cmake --build build -j$(JOBS)

PORT ?= 8000
run: build
	@echo "parleyd: starting on http://127.0.0.1:$(PORT)"
	@echo "  demo:    http://127.0.0.1:$(PORT)/demo"
	@echo "  health:  http://127.0.0.1:$(PORT)/health"
	@echo "  metrics: http://127.0.0.1:$(PORT)/metrics"
	@echo "  stop with Ctrl-C (graceful: WebSockets get close 1001)"
	@exec build/parleyd --port $(PORT)

# The test build: warnings are errors, ASan + UBSan with no recovery.
build-asan: test-deps
	@cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DPARLEY_WERROR=ON -DPARLEY_SANITIZE=ON $(CMAKE_FLAGS) >/dev/null
	@cmake --build build-asan -j$(JOBS)

# The fuzz build: clang + libFuzzer (+ ASan/UBSan).
build-fuzz: test-deps
	@CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DPARLEY_FUZZ=ON \
	  -DPARLEY_FUZZ_SMOKE_SECONDS=$(FUZZ_SMOKE_SECONDS) $(CMAKE_FLAGS) >/dev/null
	@cmake --build build-fuzz -j$(JOBS)

unit: build-asan
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --test-dir build-asan --output-on-failure -j$(JOBS)

fuzz-smoke: build-fuzz
	@ctest --test-dir build-fuzz --output-on-failure -j$(JOBS) -R '^fuzz-smoke/'

# The benchmark's smoke run is the ctest bench/smoke (see bench/CMakeLists.txt).
test: regen-check fuzz-smoke unit

# The lessons brain against the evaluation questions (tests/eval/*.tsv): topic
# accuracy and answer-contains-fact rate, failures listed; fails below 90%.
# `make test` runs the same check as the ctest eval/lessons.
.PHONY: eval
eval: build
	@build/tests/eval/parley-eval --lessons data/lessons tests/eval

# The full benchmark (transport, tutor and brains suites): release build, each
# server pinned to one core, the load generator to the other.
bench: build test-deps
	@python3 bench/run.py --loadgen build/bench/parley-loadgen --testd build/parley-testd

fuzz:
	@$(MAKE) --no-print-directory fuzz-smoke FUZZ_SMOKE_SECONDS=$(FUZZ_SECONDS)

regen: deps
	@python3 tools/regen.py .

regen-check: deps
	@python3 tools/regen.py --check

clean:
	rm -rf build build-asan build-fuzz
