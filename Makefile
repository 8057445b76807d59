# The public interface of the repository (README.md):
#   make run    install what is missing, build, start on SQLite with demo data
#   make test   install what is missing, build, run every test (ctest)
#   make bench  build and run the benchmarks, rewrite BENCHMARKS.md
#   make deps   install the Debian packages only;  make build  build only
PRESET ?= release
JOBS ?= $(shell nproc)
BIN := build/$(PRESET)/tawasul
LISTEN ?= 127.0.0.1:8080
DATABASE ?= sqlite:./data/tawasul.db
DEMO_CASES ?= 2000

.PHONY: deps build run test test-asan bench format clean

deps:
	@scripts/install-deps

build: deps
	@cmake --preset $(PRESET) >/dev/null
	@cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	@mkdir -p data
	@exec $(BIN) serve --demo --demo-cases $(DEMO_CASES) --database $(DATABASE) --listen $(LISTEN)

test: build
	@ctest --preset $(PRESET) -j $(JOBS)

test-asan:
	@$(MAKE) --no-print-directory test PRESET=asan

bench: build
	@bench/run

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp')

clean:
	@rm -rf build
