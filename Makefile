# rathaus — the two commands of the README, and the targets they use.
#   make         build build/rathaus
#   make run     install what is needed, build, create var/rathaus.db with the real BW data
#                and the demo data, serve http://127.0.0.1:8080/
#   make check   install what is needed and run every test suite
SHARED  ?= $(abspath ../shared)
DB      ?= sqlite:var/rathaus.db
LISTEN  ?= 127.0.0.1:8080
SRCLIST := $(shell find src tests/unit fuzz -name '*.c' -o -name '*.sql' -o -name '*.html' -o -name '*.json' 2>/dev/null | LC_ALL=C sort | cksum | cut -d' ' -f1)

.PHONY: all deps run check clean bench fuzz format

all: build/build.ninja
	ninja -C build rathaus

# meson reads the file lists at setup time; reconfigure when files come or go
build/build.ninja: meson.build meson_options.txt
	@mkdir -p build
	meson setup build --wipe >/dev/null 2>&1 || meson setup build
	@echo $(SRCLIST) > build/.srclist

build/.srclist-check:
	@true

ifneq ($(wildcard build/.srclist),)
ifneq ($(shell cat build/.srclist),$(SRCLIST))
.PHONY: build/build.ninja
endif
endif

deps:
	bash scripts/deps.sh

run: deps all
	@mkdir -p var
	build/rathaus init --db $(DB)
	build/rathaus import gemeinden $(SHARED)/data/bw-gemeinden.csv --db $(DB)
	build/rathaus import leistungen $(SHARED)/data/ozg --db $(DB)
	build/rathaus demo --db $(DB)
	build/rathaus import formular demo/formulare/*.json --db $(DB)
	build/rathaus serve --db $(DB) --listen $(LISTEN)

# every suite, sanitizers, static checks, fuzzing ~20 s each, coverage; ends "N passed, N failed"
check: deps
	bash scripts/check.sh

# the libFuzzer harnesses for FUZZ_SECONDS each (make fuzz FUZZ_SECONDS=600)
FUZZ_SECONDS ?= 60
fuzz: deps
	bash scripts/fuzz.sh $(FUZZ_SECONDS)

# throughput and latency against the machine's limit (nginx, SQLite commits); see bench/README.md
bench: deps all
	bash bench/run.sh

clean:
	rm -rf build build-asan build-fuzz build-cov tests/out
