# Splitstream front door: `make run` and `make test` each do their own set-up on a fresh machine.
DOTNET ?= dotnet
CONFIG ?= Release
SIM ?= 1
ROLE ?= device

.PHONY: all prereqs build test run token bench bench-ingest clean

all: build

prereqs:
	@bash infra/prereqs.sh

build: prereqs
	$(DOTNET) build Pipeline.sln -c $(CONFIG) --nologo -v q -clp:ErrorsOnly

## make test: every test (unit and integration against the embedded cluster and PostgreSQL); ends with "N passed, N failed".
test: build
	@bash infra/test.sh

## make run: the whole pipeline on embedded defaults; writes .data/run.json when ready; Ctrl-C stops it.
run: prereqs
	$(DOTNET) build infra/Splitstream.AppHost -c $(CONFIG) --nologo -v q -clp:ErrorsOnly
	SIM=$(SIM) exec $(DOTNET) infra/Splitstream.AppHost/bin/$(CONFIG)/net10.0/Splitstream.AppHost.dll

## make token USER=<id> ROLE=<device|organiser|analyst>: prints a development token as the last line.
token:
	@$(DOTNET) build tools/Splitstream.Cli -c $(CONFIG) --nologo -v q -clp:ErrorsOnly >/dev/null
	@$(DOTNET) tools/Splitstream.Cli/bin/$(CONFIG)/net10.0/splitstream.dll token --user "$(USER)" --role "$(ROLE)"

## make bench-ingest: accepted samples/s through the gateway (JSON, Protobuf) vs the raw producer, same cluster, same run.
bench-ingest: prereqs
	$(DOTNET) build tools/Splitstream.Bench.Ingest -c $(CONFIG) --nologo -v q -clp:ErrorsOnly
	$(DOTNET) tools/Splitstream.Bench.Ingest/bin/$(CONFIG)/net10.0/Splitstream.Bench.Ingest.dll $(BENCH_ARGS)

clean:
	$(DOTNET) clean Pipeline.sln -c $(CONFIG) --nologo -v q
	rm -rf TestResults
