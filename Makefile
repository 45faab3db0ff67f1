# SusyTopology — one-command setup. `make up && make run`, `make test`. Run `make help` for the list.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CONFIG        ?= Release
SUSY          := artifacts/susy/susy
SUSY_DIR      := .susy
CLUSTER_ENV   := $(SUSY_DIR)/cluster.env
CLUSTER_PID   := $(SUSY_DIR)/cluster.pid
CLUSTER_LOG   := $(SUSY_DIR)/cluster.log
# Debian packages: kcat and the independent reference implementations the tests cross-check against (Apache Avro for
# Python, the ONNX checker and python-built models, Confluent's Python client, binutils' readelf). The app's own
# librdkafka and ONNX Runtime come from NuGet packages (librdkafka.redist, Microsoft.ML.OnnxRuntime). chromium: the
# dashboard's browser tests (Playwright drives Debian's build).
APT_PACKAGES  := kcat python3-avro python3-onnx python3-confluent-kafka python3-requests binutils chromium
SUDO          := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DOTNET        := dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.PHONY: help deps build test up down run bench fmt data clean

help: ## show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

deps: ## install what is missing (apt packages, NuGet restore); idempotent
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "deps: installing Debian packages:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; \
	else echo "deps: Debian packages present ($(APT_PACKAGES))"; fi
	@$(DOTNET) restore SusyTopology.sln --verbosity quiet && echo "deps: NuGet packages restored"

build: deps ## build everything (Release) and publish the CLI to artifacts/susy/susy
	$(DOTNET) build SusyTopology.sln -c $(CONFIG) --no-restore -nologo -clp:ErrorsOnly
	$(DOTNET) publish src/SusyTopology.App -c $(CONFIG) --no-restore -nologo -o artifacts/susy -clp:ErrorsOnly
	@echo "build: $(SUSY) ready"

test: build ## run every test (what CI runs); prints 'N passed, N failed, N skipped'
	@set -o pipefail; mkdir -p artifacts/test; \
	$(DOTNET) test SusyTopology.sln -c $(CONFIG) --no-build -nologo 2>&1 | tee artifacts/test/output.log; status=$$?; \
	awk '/(Passed|Failed)! +- +Failed:/ { gsub(",",""); for (i=1;i<=NF;i++) { if ($$i=="Failed:") f+=$$(i+1); if ($$i=="Passed:") p+=$$(i+1); if ($$i=="Skipped:") s+=$$(i+1) } } \
	     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' artifacts/test/output.log; \
	exit $$status

up: ## start Kafka + Schema Registry: docker compose if a Docker engine answers, else the embedded cluster
	@mkdir -p $(SUSY_DIR)
	@if docker info >/dev/null 2>&1; then \
	  echo "up: Docker engine found: docker compose up"; docker compose up -d --wait && \
	  printf 'KAFKA_BOOTSTRAP_SERVERS=localhost:9092\nSCHEMA_REGISTRY_URL=http://localhost:8081\nSUSY_PROFILE=compose\n' > $(CLUSTER_ENV); \
	elif [ -f $(CLUSTER_PID) ] && kill -0 $$(cat $(CLUSTER_PID)) 2>/dev/null; then \
	  echo "up: embedded cluster already running (pid $$(cat $(CLUSTER_PID)))"; \
	else \
	  $(MAKE) --no-print-directory build >/dev/null || exit 1; \
	  rm -f $(CLUSTER_ENV); \
	  echo "up: no Docker engine; starting the embedded cluster (librdkafka mock broker), log in $(CLUSTER_LOG)"; \
	  nohup $(SUSY) cluster --env-file $(CLUSTER_ENV) > $(CLUSTER_LOG) 2>&1 & echo $$! > $(CLUSTER_PID); \
	  for i in $$(seq 1 100); do [ -f $(CLUSTER_ENV) ] && break; \
	    kill -0 $$(cat $(CLUSTER_PID)) 2>/dev/null || { echo "up: the cluster exited:"; cat $(CLUSTER_LOG); exit 1; }; sleep 0.2; done; \
	  [ -f $(CLUSTER_ENV) ] || { echo "up: the cluster did not start in 20 s:"; cat $(CLUSTER_LOG); exit 1; }; \
	fi
	@. ./$(CLUSTER_ENV); for i in $$(seq 1 50); do kcat -L -b "$$KAFKA_BOOTSTRAP_SERVERS" -m 5 >/dev/null 2>&1 && break; sleep 0.2; done; \
	kcat -L -b "$$KAFKA_BOOTSTRAP_SERVERS" -m 5 >/dev/null 2>&1 || { echo "up: Kafka metadata does not answer at $$KAFKA_BOOTSTRAP_SERVERS"; exit 1; }; \
	echo "up: Kafka at $$KAFKA_BOOTSTRAP_SERVERS, Schema Registry at $${SCHEMA_REGISTRY_URL:-none} (from $(CLUSTER_ENV))"

down: ## stop whichever stack `make up` started, leaving no process behind
	@if [ -f $(CLUSTER_PID) ]; then pid=$$(cat $(CLUSTER_PID)); \
	  if kill -0 $$pid 2>/dev/null; then kill -TERM $$pid; for i in $$(seq 1 50); do kill -0 $$pid 2>/dev/null || break; sleep 0.2; done; \
	    kill -0 $$pid 2>/dev/null && { echo "down: cluster did not stop on SIGTERM; killing"; kill -KILL $$pid; }; \
	    echo "down: embedded cluster (pid $$pid) stopped"; fi; \
	  rm -f $(CLUSTER_PID) $(CLUSTER_ENV); \
	elif docker info >/dev/null 2>&1 && [ -n "$$(docker compose ps -q 2>/dev/null)" ]; then docker compose down; rm -f $(CLUSTER_ENV); \
	else echo "down: nothing running"; rm -f $(CLUSTER_ENV); fi

run: build ## load the bundled real sample and run the topology until drained; DASHBOARD=1 also serves the live page
	@[ -f $(CLUSTER_ENV) ] || { echo "run: no cluster; start one with 'make up'"; exit 1; }
	@mkdir -p artifacts/run
	$(SUSY) load
	$(SUSY) run --until-idle 10 --summary-json artifacts/run/summary.json $(if $(DASHBOARD),--dashboard)

bench: build ## run the benchmarks; figures in artifacts/bench/results.json
	$(DOTNET) run -c $(CONFIG) --no-build --project bench/SusyTopology.Benchmarks -- $(BENCH)

fmt: ## check formatting (dotnet format --verify-no-changes)
	$(DOTNET) format SusyTopology.sln --verify-no-changes --no-restore

data: ## download the full UCI SUSY file (5,000,000 rows, needs internet) into data/full/
	@mkdir -p data/full
	curl -fL --retry 3 -o data/full/susy.zip https://archive.ics.uci.edu/static/public/279/susy.zip
	cd data/full && unzip -o susy.zip && rm -f susy.zip && ls -la

clean: ## remove build outputs
	rm -rf artifacts */*/bin */*/obj
