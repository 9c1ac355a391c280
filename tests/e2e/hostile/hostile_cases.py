"""What each hostile solution (tests/hostile/*.cpp) must get, graded through
`make test` (or the grader run exactly as `make test` runs it) and through
grade-all. Each file is the reference with one task attacked (3.3,
distribute_value, unless said otherwise): the attacked task's tests earn
nothing, with the status and message below; every other graded task gets
full marks. The static-initializer attacks are graded on two tasks only
(2.2 and 3.3: every case of theirs runs into the attack, and the full set
would take minutes of time limits).
"""

import os
from dataclasses import dataclass

MAX_POINTS = {"1.1": 15, "1.2": 20, "2.1": 15, "2.2": 15, "2.3": 20, "3.1": 6, "3.2": 3, "3.3": 3, "3.4": 3}
BEFORE_MAIN_TASKS = ("2.2", "3.3")

# What the failure messages must say (regular expressions, searched).
EXIT_0 = r"exit status 0"
RETURNED = r"before distribute_value returned"
PROCESSES_REFUSED = (r"(?is)(may not|not allowed to|cannot|forbidden to)\W+(\w+\W+){0,3}(start|fork|create|spawn)\w*\W+"
                     r"(\w+\W+){0,2}process|process\w*\W+(\w+\W+){0,4}(is|are) not allowed")
MEMORY_LIMIT = r"(?i)memory limit|out of memory"
FILE_SIZE_LIMIT = r"(?i)file size limit"
STACK = r"(?i)stack overflow|SIGSEGV"
TIMED_OUT = r"timed out"
LINK_ERROR = r"(?i)undefined reference|does not link"


@dataclass(frozen=True)
class Hostile:
    name: str
    statuses: tuple  # the status every attacked test may have
    messages: tuple = ()  # what every attacked visible test's message must say
    attacked: tuple = ("3.3",)  # tasks that must earn 0; the other graded ones full marks
    tasks: tuple = tuple(MAX_POINTS)  # the tasks graded
    via: str = "grader"  # "grader": build/bin/runner-hostile-<name> graded by the grader; "make_test"
    killer: bool = False  # kills processes: graded last, on its own
    student_status: str = "graded"  # grade-all's submission status

    @property
    def source(self):
        return f"tests/hostile/{self.name}.cpp"


def before_main(name, statuses, messages=(), attacked=("3.3",)):
    return Hostile(name, statuses, messages, attacked=attacked, tasks=BEFORE_MAIN_TASKS)


CRASHED = ("crashed",)

HOSTILES = [
    # The program ends in the middle of a task.
    Hostile("exit_zero", CRASHED, (EXIT_0, RETURNED)),
    Hostile("underscore_exit", CRASHED, (EXIT_0, RETURNED)),
    Hostile("quick_exit", CRASHED, (EXIT_0, RETURNED)),
    Hostile("abort", CRASHED, (r"SIGABRT",)),
    Hostile("raise_sigkill", CRASHED, (r"SIGKILL",)),
    # Forged reports.
    Hostile("forges_output", ("failed",)),
    Hostile("forges_output_then_throws", CRASHED),
    # The grader's files: blocked attacks throw.
    Hostile("writes_results_file", CRASHED, via="make_test"),
    Hostile("writes_fixtures", CRASHED, via="make_test"),
    Hostile("writes_rubric", CRASHED, via="make_test"),
    Hostile("replaces_grader_binary", CRASHED, via="make_test"),
    Hostile("reads_fixtures", CRASHED, via="make_test"),
    Hostile("reads_hidden_tests", CRASHED, via="make_test"),
    Hostile("reads_grader_memory", CRASHED),
    # The grader's own reference: never linked into a runner.
    Hostile("calls_reference_symbol", ("compile_error",), (LINK_ERROR,), attacked=tuple(MAX_POINTS), via="make_test",
            student_status="compile_error"),
    # Resources.
    Hostile("infinite_loop", ("timed_out",), (TIMED_OUT,)),
    Hostile("outlives_parent", CRASHED, (PROCESSES_REFUSED,)),
    Hostile("fork_bomb", CRASHED, (PROCESSES_REFUSED,)),
    Hostile("runs_shell", CRASHED, (PROCESSES_REFUSED,)),
    Hostile("execs_shell", CRASHED),
    Hostile("huge_allocation", CRASHED, (MEMORY_LIMIT,)),
    Hostile("huge_file", CRASHED, (FILE_SIZE_LIMIT,)),
    Hostile("output_flood", ("timed_out", "crashed")),
    Hostile("stack_overflow", CRASHED, (STACK,)),
    Hostile("throws_non_exception", CRASHED, (r"threw NotAStdException",)),
    Hostile("connects_to_network", CRASHED),
    # State carried from one test to the next: graded as a stateless solution
    # that always answers wrong.
    Hostile("static_state", ("failed",)),
    Hostile("file_state", ("failed",)),
    # Before main.
    before_main("before_main_exit", CRASHED, (EXIT_0,), attacked=BEFORE_MAIN_TASKS),
    before_main("before_main_forges_output", (), attacked=()),
    before_main("before_main_reads_fixtures", CRASHED),
    before_main("before_main_writes_files", CRASHED),
    before_main("before_main_forks", CRASHED, (PROCESSES_REFUSED,), attacked=BEFORE_MAIN_TASKS),
    before_main("before_main_infinite_loop", ("timed_out",), (TIMED_OUT,), attacked=BEFORE_MAIN_TASKS),
    # Killing processes: last, alone.
    Hostile("kills_grader", CRASHED, killer=True),
    Hostile("kills_everything", CRASHED, killer=True),
]

# Files the hostile solutions create when their attack works: none may exist
# anywhere the tests look (the checkout, the build folder, /tmp).
CANARY_PREFIXES = ("assg-hostile-", "zz_hostile")


def selected():
    """HOSTILES, or only those named in $HOSTILE_ONLY (comma-separated), to
    rerun a few while working on the harness."""
    only = [name for name in os.environ.get("HOSTILE_ONLY", "").split(",") if name]
    unknown = sorted(set(only) - {h.name for h in HOSTILES})
    if unknown:
        raise SystemExit(f"HOSTILE_ONLY names unknown solutions: {', '.join(unknown)}")
    return [h for h in HOSTILES if not only or h.name in only]


def extra_arguments():
    """$HOSTILE_EXTRA_ARGS (split on spaces), added to every grader and
    grade-all command line: e.g. "--sandbox none" shows what the checks catch
    when nothing stops the attacks."""
    return os.environ.get("HOSTILE_EXTRA_ARGS", "").split()
