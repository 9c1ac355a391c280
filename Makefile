# A thin wrapper over CMake and the programs in build/bin. `make help` lists
# the targets and the variables they take.

SANITIZE ?=
# make test SANITIZE=1 builds in a folder of its own, so that the ordinary
# build (and its fast re-grades) is left as it is.
BUILD    ?= $(if $(filter-out 0,$(SANITIZE)),build-sanitize,build)
SOLUTION ?= student/assg_tasks.cpp
RESULTS  ?= $(BUILD)/results/results.json
TASK     ?=
CASE     ?=
DEBUGGER ?= gdb
# Options for CMake's first configure of $(BUILD) (make clean to change them).
CMAKE_ARGS ?=
export CMAKE_ARGS

.DEFAULT_GOAL := help
.PHONY: help test debug clean
#>instructor
# Blocks like this one are the instructor's only: make student-release
# leaves them out of the students' Makefile.
SUBMISSIONS ?= demo_class
OUT      ?= out
.PHONY: check fixtures grade-all bench student-release gradescope classroom50 check-platforms
#<instructor

help: ## Show this help
	@echo "Assignment 05 (convolution and pooling layers): build, grade, test."
	@echo
	@echo "Targets:"
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | awk -F'\t' '{printf "  make %-10s %s\n", $$1, $$2}'
	@echo
	@echo "Variables:"
	@echo "  SOLUTION=path.cpp    grade another file"
#>instructor
	@echo "                       (SOLUTION=reference: the reference solution)"
#<instructor
	@echo "  TASK=2.3             grade one task (TASK=\"2.3 3.1\": several)"
	@echo "  SANITIZE=1           with 'make test': build with AddressSanitizer and UndefinedBehaviorSanitizer and"
	@echo "                       report each case's first memory error or undefined behaviour with its line"
	@echo "                       (builds in build-sanitize; slower)"
	@echo "  RESULTS=path.json    where the results JSON goes (default $(BUILD)/results/results.json)"
	@echo "  CASE=name            with 'make debug': the case to run (default: the task's first)"
	@echo "  DEBUGGER=gdb         with 'make debug': lldb, or empty to run without a debugger"
	@echo "  ALL=1                with 'make debug': print every value, not the first 200"
	@echo "  JUNIT=path.xml       with 'make test': also write the grade as JUnit XML (GitLab, Jenkins, ...)"
#>instructor
	@echo "                       (with 'make grade-all': every student's, one suite per student and task)"
#<instructor
	@echo "  CMAKE_ARGS=\"...\"     options for CMake's first configure (e.g. -DASSG_FETCH_MISSING_DEPS=ON); make clean first"
	@echo "  BUILD=dir            the build folder (default build; build-sanitize with SANITIZE=1)"
#>instructor
	@echo "  JOBS=n               with 'make check': tests run in parallel (default 2); with 'make grade-all':"
	@echo "                       submissions graded at once (default: the number of cores)"
	@echo "  SUBMISSIONS=dir      with 'make grade-all': one entry per student (default demo_class, a demo class)"
	@echo "  OUT=dir              with 'make grade-all': where grades.csv, report.html, ... go (default out);"
	@echo "                       with 'make student-release': the new folder (default out/student-release);"
	@echo "                       with 'make gradescope': where autograder.zip goes (default out/gradescope);"
	@echo "                       with 'make classroom50': the empty folder for the bundle (default out/classroom50)"
	@echo "  CLASSROOM=, ASSIGNMENT= with 'make classroom50': the Classroom 50 names (default csci560, cnn-layers)"
	@echo "  ARGS=\"...\"           with 'make grade-all': more grade-all options (build/bin/grade-all --help);"
	@echo "                       with 'make gradescope': the options Gradescope grades with (e.g. --hidden-seed 7);"
	@echo "                       with 'make classroom50': --include-hidden [--hidden-seed 7] (students can read them)"
	@echo "  RELEASE_MANIFESTS=dir with 'make student-release': where the release's manifest goes (default"
	@echo "                       distribution/releases, where grade-all and make gradescope read them)"
	@echo "  ROWS=a,b             with 'make check-platforms': only these rows (tests/platforms/matrix.sh --list)"
#<instructor
	@echo
	@echo "'make test' exits 0 when every graded test passed and 2 otherwise (GNU make's rule); the grader"
	@echo "itself (grader/grade_solution.sh, build/bin/grader) exits 0 all passed, 1 some failed, 2 it could not run."

test: ## Grade student/assg_tasks.cpp (or SOLUTION=...): per-task table and points
	@grader/grade_solution.sh $(if $(filter-out 0,$(SANITIZE)),--sanitize) $(if $(JUNIT),--junit "$(JUNIT)") "$(BUILD)" "$(SOLUTION)" "$(RESULTS)" $(TASK)

DEBUG_TARGET = $(if $(filter reference,$(SOLUTION)),debug-case-reference,debug-case)
DEBUG_ARGS = --task "$(TASK)" $(if $(CASE),--case "$(CASE)") $(if $(ALL),--all)
# New memory filled with junk, as when grading, so that a value never set
# shows up under the debugger too.
DEBUG_ENV = MALLOC_PERTURB_=128 GLIBC_TUNABLES=glibc.malloc.tcache_count=0 MallocPreScribble=1

debug: ## Run one case in-process under a debugger: make debug TASK=2.3 [CASE=name]
	@test -n "$(TASK)" || { echo "usage: make debug TASK=2.3 [CASE=name]  (make debug TASK=list lists them)"; exit 2; }
	@test -f "$(BUILD)/CMakeCache.txt" || cmake -S . -B "$(BUILD)" $$(command -v ninja >/dev/null && echo -G Ninja) $(CMAKE_ARGS)
ifeq ($(TASK),list)
	@cmake --build "$(BUILD)" --target grader >/dev/null
	@"$(BUILD)/bin/grader" --list
else
	@test "$(SOLUTION)" = reference || cmake -S . -B "$(BUILD)" -DASSG_SOLUTION="$$(cd "$$(dirname "$(SOLUTION)")" && pwd)/$$(basename "$(SOLUTION)")" >/dev/null
	cmake --build "$(BUILD)" --target $(DEBUG_TARGET)
ifeq ($(strip $(DEBUGGER)),)
	$(DEBUG_ENV) "$(BUILD)/bin/$(DEBUG_TARGET)" $(DEBUG_ARGS)
else ifeq ($(DEBUGGER),lldb)
	$(DEBUG_ENV) lldb -o "breakpoint set -E c++" -o run -- "$(BUILD)/bin/$(DEBUG_TARGET)" $(DEBUG_ARGS)
else
	@echo "When the program stops, type bt to see where (your file's line is in one of the frames), then quit."
	$(DEBUG_ENV) $(DEBUGGER) -q -ex "catch throw" -ex run --args "$(BUILD)/bin/$(DEBUG_TARGET)" $(DEBUG_ARGS)
endif
endif

clean: ## Remove the build folder
	rm -rf "$(BUILD)"

#>instructor
# The instructor's targets: they need reference/, tests/ or grade-all, which
# the student release does not have.

check: ## Build everything and run the project's own tests
	@.ci/install-deps.sh check
	@test -f "$(BUILD)/CMakeCache.txt" || cmake -S . -B "$(BUILD)" $$(command -v ninja >/dev/null && echo -G Ninja) $(CMAKE_ARGS)
	cmake --build "$(BUILD)"
	cd "$(BUILD)" && ctest --output-on-failure --timeout 900 $(if $(JOBS),-j $(JOBS),-j 2)

fixtures: ## Regenerate fixtures/*.json (and fixtures/mistakes/) from fixtures/spec/*.json
	@test -f "$(BUILD)/CMakeCache.txt" || cmake -S . -B "$(BUILD)" $$(command -v ninja >/dev/null && echo -G Ninja) $(CMAKE_ARGS)
	cmake --build "$(BUILD)" --target make-fixtures
	"$(BUILD)/bin/make-fixtures" --spec-dir fixtures/spec --out-dir fixtures --mistakes-dir fixtures/mistakes

grade-all: ## Grade a whole class: make grade-all SUBMISSIONS=dir OUT=dir [JOBS=n] (default: the demo class)
	@.ci/install-deps.sh test
	@test -f "$(BUILD)/CMakeCache.txt" || cmake -S . -B "$(BUILD)" $$(command -v ninja >/dev/null && echo -G Ninja) $(CMAKE_ARGS)
	@cmake --build "$(BUILD)" --target grade-all
	"$(BUILD)/bin/grade-all" --submissions "$(SUBMISSIONS)" --out "$(OUT)" $(if $(JOBS),--jobs $(JOBS)) $(if $(JUNIT),--junit "$(JUNIT)") $(ARGS)

bench: ## Measure grading speed (figures recorded in docs/benchmarks.md)
	@tests/bench/run_bench.sh "$(BUILD)"

student-release: ## Write the students' repository (no reference, no hidden tests): make student-release OUT=dir
	@distribution/student_release.sh "$(if $(filter command line environment,$(origin OUT)),$(OUT),out/student-release)"

# Before a release, as root: the student release built and graded in Debian
# chroots (bookworm, trixie, sid; GCC 11-16, clang 14 and 19, libc++). Slow
# (about ten minutes a row), so not part of make check.
check-platforms: ## Before a release, as root: grade the student release on Debian chroots (build-platforms/matrix.md)
	@tests/platforms/matrix.sh $(if $(ROWS),--rows "$(ROWS)")

classroom50: ## Write the Classroom 50 autograder bundle: make classroom50 OUT=dir [CLASSROOM=csci560] [ASSIGNMENT=cnn-layers] [ARGS=--include-hidden]
	@distribution/classroom50/package.sh "$(BUILD)" "$(if $(filter command line environment,$(origin OUT)),$(OUT),out/classroom50)" \
	  "$(or $(CLASSROOM),csci560)" "$(or $(ASSIGNMENT),cnn-layers)" $(ARGS)

gradescope: ## Package the autograder for Gradescope: make gradescope OUT=dir [ARGS="--hidden-seed 7"] (OUT/autograder.zip)
	@distribution/gradescope/package.sh "$(BUILD)" "$(if $(filter command line environment,$(origin OUT)),$(OUT),out/gradescope)" $(ARGS)
#<instructor
