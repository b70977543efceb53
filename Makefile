# Splitstream front door: `make run` and `make test` each do their own set-up on a fresh machine.
DOTNET ?= dotnet
CONFIG ?= Release
SIM ?= 1
ROLE ?= device

.PHONY: all prereqs build test run token bench bench-ingest bench-store bench-streams clean

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

## make token USER=<id> ROLE=<athlete|device|organiser|analyst|admin>: prints a development token as the last line.
token:
	@$(DOTNET) build tools/Splitstream.Cli -c $(CONFIG) --nologo -v q -clp:ErrorsOnly >/dev/null
	@$(DOTNET) tools/Splitstream.Cli/bin/$(CONFIG)/net10.0/splitstream.dll token --user "$(USER)" --role "$(ROLE)"

## make bench-ingest: accepted samples/s through the gateway (JSON, Protobuf) vs the raw producer, same cluster, same run,
## and the HTTP floor (the same client against a bare Kestrel endpoint) that every gateway request pays here.
bench-ingest: prereqs
	$(DOTNET) build tools/Splitstream.Bench.Ingest -c $(CONFIG) --nologo -v q -clp:ErrorsOnly
	$(DOTNET) tools/Splitstream.Bench.Ingest/bin/$(CONFIG)/net10.0/Splitstream.Bench.Ingest.dll $(BENCH_ARGS)
## make bench-store: point-series rows/s into PostgreSQL through the sink path vs `psql \copy` of the same rows, SQLite
## rows/s, and p99 of GET /v1/activities/{id} with 32 clients; results also in bench/out/bench-store-summary.txt. ROWS=<n> to resize.
ROWS ?= 2000000
bench-store: prereqs
	$(DOTNET) build tools/Splitstream.Bench.Store -c $(CONFIG) --nologo -v q -clp:ErrorsOnly
	$(DOTNET) tools/Splitstream.Bench.Store/bin/$(CONFIG)/net10.0/Splitstream.Bench.Store.dll --rows $(ROWS)

## make bench-streams: samples/s through the stream topologies (the activity-metrics one included) vs consume + decode
## of the same input, same run.
bench-streams: prereqs
	$(DOTNET) build tools/Splitstream.Bench.Streams -c $(CONFIG) --nologo -v q -clp:ErrorsOnly
	$(DOTNET) tools/Splitstream.Bench.Streams/bin/$(CONFIG)/net10.0/Splitstream.Bench.Streams.dll $(BENCH_ARGS)

## make bench-e2e: the whole pipeline in one process at increasing offered rates: samples/s from ingest to stored points and
## summaries, p50/p99 delay from the 202 to the summary, against raw librdkafka produce/consume and kcat; also in bench/out/bench-e2e.md.
.PHONY: bench-e2e
bench-e2e: prereqs
	$(DOTNET) build tools/Splitstream.Bench.E2E -c $(CONFIG) --nologo -v q -clp:ErrorsOnly
	$(DOTNET) tools/Splitstream.Bench.E2E/bin/$(CONFIG)/net10.0/Splitstream.Bench.E2E.dll $(E2E_ARGS)

## make bench-scaleout: bench-e2e with two processors hosts (one consumer group per topology) and two gateways on the
## same embedded cluster and store, the load spread over the gateways, measured once every host's sinks own partitions
## (consumer session timeout 6 s: the embedded cluster's hand-over waits that out); also in bench/out/bench-scaleout.md.
.PHONY: bench-scaleout
bench-scaleout: prereqs
	$(DOTNET) build tools/Splitstream.Bench.E2E -c $(CONFIG) --nologo -v q -clp:ErrorsOnly
	$(DOTNET) tools/Splitstream.Bench.E2E/bin/$(CONFIG)/net10.0/Splitstream.Bench.E2E.dll --instances 2 --rates 50000,100000,150000 \
	  --memory-activities 0 --skip-baselines --out bench/out/bench-scaleout.md $(SCALEOUT_ARGS)

## make bench-e2e-postgres: bench-e2e at 100,000 and 150,000 samples/s with the store on PostgreSQL (a fresh database on
## the test server, which shares the machine's cores) instead of SQLite; also in bench/out/bench-e2e-postgres.md.
.PHONY: bench-e2e-postgres
bench-e2e-postgres: prereqs
	$(DOTNET) build tools/Splitstream.Bench.E2E -c $(CONFIG) --nologo -v q -clp:ErrorsOnly
	$(DOTNET) tools/Splitstream.Bench.E2E/bin/$(CONFIG)/net10.0/Splitstream.Bench.E2E.dll --postgres --rates 100000,150000 \
	  --memory-activities 0 --skip-baselines --out bench/out/bench-e2e-postgres.md $(E2E_ARGS)

## make bench-soak: 50,000 samples/s through the whole pipeline for SOAK_MINUTES (30) in stages of fresh activities,
## RSS and heap after each, and whether RSS stays flat; the embedded platform runs in a child process, so RSS is the
## pipeline's. Not part of make bench or make test. SOAK_RATE to change the rate.
SOAK_MINUTES ?= 30
SOAK_RATE ?= 50000
.PHONY: bench-soak
bench-soak: prereqs
	$(DOTNET) build tools/Splitstream.Bench.E2E -c $(CONFIG) --nologo -v q -clp:ErrorsOnly
	@mkdir -p bench/out
	bash -o pipefail -c '$(DOTNET) tools/Splitstream.Bench.E2E/bin/$(CONFIG)/net10.0/Splitstream.Bench.E2E.dll --soak-minutes $(SOAK_MINUTES) \
	  --rates $(SOAK_RATE) --seconds 30 | tee bench/out/bench-soak.txt'

## make bench-race: the race delays make test only reports (never asserts): sample accepted at ingest → shown in the
## standings stream (EndToEndRaceTests, target p99 < 1 s) and summary acknowledged → standings SSE event (StandingsPipelineTests).
.PHONY: bench-race
bench-race: prereqs
	$(DOTNET) build tests/Splitstream.Races.Tests -c $(CONFIG) --nologo -v q -clp:ErrorsOnly
	bash -o pipefail -c '$(DOTNET) test tests/Splitstream.Races.Tests -c $(CONFIG) --no-build --nologo \
	  --filter "FullyQualifiedName~EndToEndRaceTests|FullyQualifiedName~StandingsPipelineTests" --logger "console;verbosity=detailed" \
	  | grep -E "→|^(Passed|Failed)!"'

## make bench: every stage benchmark (bench-ingest, bench-store, bench-streams, bench-e2e, bench-e2e-postgres,
## bench-scaleout, bench-race), each against its baseline measured in the same run; prints issue #16's figures (measured, baseline, ratio, target, met)
## per stage and writes them, with the machine's core count, load and the date, to bench/results.md.
bench: prereqs
	@bash bench/run-all.sh

clean:
	$(DOTNET) clean Pipeline.sln -c $(CONFIG) --nologo -v q
	rm -rf TestResults
