# The public interface of the repository (README.md):
#   make run    install what is missing, build, start on SQLite with demo data
#   make test   install what is missing, build, run every test (ctest)
#   make bench  build and run the benchmarks, rewrite BENCHMARKS.md
#   make deps   install the Debian packages only;  make build  build only
#   make format  clang-format every C++ file (make test fails on an unformatted one)
# CMAKE_ARGS adds configure options (CI: -DTAWASUL_WERROR=ON, warnings are errors).
PRESET ?= release
JOBS ?= $(shell nproc)
CMAKE_ARGS ?=
BIN := build/$(PRESET)/tawasul
LISTEN ?= 127.0.0.1:8080
DATABASE ?= sqlite:./data/tawasul.db
DEMO_CASES ?= 2000

.PHONY: deps build run test test-asan bench format clean

deps:
	@scripts/install-deps

build: deps
	@cmake --preset $(PRESET) $(CMAKE_ARGS) >/dev/null
	@cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	@mkdir -p data
	@exec $(BIN) serve --demo --demo-cases $(DEMO_CASES) --database $(DATABASE) --listen $(LISTEN) \
	  --no-admin-mfa  # the demo administrator signs in with its password (docs/decisions.md)

test: build
	@scripts/check-format
	@ctest --preset $(PRESET) -j $(JOBS) $(CTEST_ARGS)

# The whole suite again under AddressSanitizer + UBSan, but for the browser journeys (they test
# pages, not memory, and take minutes; the release run has them).
test-asan:
	@$(MAKE) --no-print-directory test PRESET=asan CTEST_ARGS="-LE e2e"

bench: build
	@bench/run

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp')

clean:
	@rm -rf build
