# The two set-up commands of the README:
#   make run    installs what is missing, builds, and launches the Olis GUI
#   make test   installs what is missing, builds, and runs every test
JOBS ?= 2
PRESET ?= dev
BUILD_DIR := build/$(PRESET)

.PHONY: all deps configure build run test bench screenshots clean

all: build

deps:
	bash scripts/install-deps.sh

configure: deps
	cmake --preset $(PRESET)

build: configure
	cmake --build --preset $(PRESET) -j $(JOBS)

run: build
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ]; then \
	  echo "No display found: starting Olis under Xvfb would show nothing. Set DISPLAY, or use olis-cli."; \
	  echo "  $(BUILD_DIR)/app/olis-cli --help"; exit 1; fi
	$(BUILD_DIR)/app/olis

test: build
	ctest --preset $(PRESET)

bench: build
	$(BUILD_DIR)/bench/olis_bench

screenshots: build
	bash scripts/screenshots.sh $(BUILD_DIR)

clean:
	rm -rf build
