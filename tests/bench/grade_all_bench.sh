#!/usr/bin/env bash
# The class-grading benchmark (run by `make bench` after its own figures):
# grade-all against the naive baseline, on the demo class replicated to a
# class of at least 40. Wall-clock times on this machine; every timed run
# is checked to have graded correctly; the goals are reported, not asserted.
#
#   tests/bench/grade_all_bench.sh [BUILD_DIR]
#
# Environment:
#   BENCH_CLASS_COPIES=4   copies of the demo class (4: 13 + 3 x 12 = 49 submissions)
#   BASELINE_SAMPLE=8      submissions graded the naive way (a number, or "all")
#
# 1. The class: copy 1 is demo_class/ as it is; copies 2..K rename every
#    student (ada_r2, ...) and append "// replica N" to each
#    student/assg_tasks.cpp (archives are extracted, edited and re-packed in
#    the same format), so that no two copies are identical and grade-all's
#    identical-submission dedup only applies where the demo class itself has
#    a copied submission (jade = ada, in each copy). fay (an infinite loop:
#    about 25 s of timeouts) is kept in copy 1 only: one infinite loop in a
#    class, not one in every 12 students.
# 2. The pipeline: build/bin/grade-all --jobs $(nproc) --force, hidden tests
#    on (the default), into a fresh folder. grade-all itself is built before
#    the clock starts.
# 3. The naive baseline, per submission, one after another: a fresh copy of
#    the repository (git archive HEAD: no build folder), the student's
#    student/assg_tasks.cpp copied in, `make test` (configure, build the
#    grader and the runner with both cores, grade) timed. ccache disabled.
#    By default a sample spread over the kinds of submission (fay excluded:
#    her 25 s of timeouts would flatter the ratio); each run's total is
#    checked against demo_class/expected_grades.csv (public tests only).
#    kim (no file) is graded as a course repo would: the stub he never replaced.
# Other processes running meanwhile are counted and reported, and a rebuild
# of BUILD_DIR during the pipeline (a shared build folder) fails the run.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
case $build in /*) ;; *) build=$root/$build ;; esac
copies=${BENCH_CLASS_COPIES:-4}
sample=${BASELINE_SAMPLE:-8}
demo=$root/demo_class
expected_csv=$demo/expected_grades.csv
jobs=$(nproc)
scratch=$(mktemp -d)
outside_pid=
trap '[ -z "$outside_pid" ] || kill "$outside_pid" 2>/dev/null; rm -rf "$scratch"' EXIT

now() { date +%s.%N; }
elapsed() { awk -v s="$1" -v e="$2" 'BEGIN { printf "%.2f\n", e - s }'; }
median() { sort -n | awk '{v[NR] = $1} END {if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
# What grade-all runs from the build folder: if someone rebuilds it during
# the run (a shared build/), the run graded with a half-written harness.
build_stamp() {
  { echo "$build/bin/grader"; echo "$build/bin/grade-all"; echo "$build/grade-all/runner_link.txt"
    tail -n +2 "$build/grade-all/runner_link.txt" 2>/dev/null; } | xargs stat -c '%n %Y %s' 2>/dev/null | cksum
}
busy_jiffies() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 " " $2 + $3 + $4 + $5 + $6 + $7 + $8}' /proc/stat; }
busy_percent() {  # busy_percent "BUSY TOTAL" "BUSY TOTAL": the machine's CPU use in between
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, " "); split(b, y, " ");
    printf "%.0f%%", (y[2] > x[2]) ? 100 * (y[1] - x[1]) / (y[2] - x[2]) : 0 }'
}
fail() { echo "grade-all bench: $*" >&2; exit 1; }

# Other work on the machine (the team's builds and tests) slows every figure
# here. Every 2 s, count the processes running (state R) that are not this
# benchmark's own: outside_start FILE ... outside_stop.
outside_start() {
  (
    while :; do
      ps -eo pid=,ppid=,stat= | awk -v me=$$ '{ parent[$1] = $2; state[$1] = $3 }
        END { n = 0
              for (p in state) {
                if (state[p] !~ /^R/ || p == 2 || parent[p] == 2) continue
                for (x = p; x > 1 && x != me; x = parent[x]) {}
                if (x != me) n++
              }
              print n }'
      sleep 2
    done >"$1"
  ) &
  outside_pid=$!
  outside_file=$1
}
outside_stop() {  # sets outside_average and outside_max
  kill "$outside_pid" 2>/dev/null
  wait "$outside_pid" 2>/dev/null
  outside_pid=
  read -r outside_average outside_max < <(awk '{ s += $1; if ($1 > m) m = $1 }
    END { printf "%.2f %d\n", NR ? s / NR : 0, m }' "$outside_file")
}

student_of() {  # student_of ENTRY_NAME: the student's name (the entry without its extension)
  local name=$1
  name=${name%.zip}
  name=${name%.tar.gz}
  printf '%s' "$name"
}
base_of() { printf '%s' "${1%_r[0-9]*}"; }  # ada_r3 -> ada
expected() {  # expected STUDENT COLUMN (11 total, 12 status): from expected_grades.csv
  awk -F, -v s="$1" -v c="$2" '$1 == s {print $c}' "$expected_csv"
}
same_points() { awk -v a="$1" -v b="$2" 'BEGIN { d = a - b; exit !(a != "" && b != "" && d < 0.005 && d > -0.005) }'; }
json_number() { sed -n "s/^ *\"$2\": \\([0-9.eE+-]*\\),\\{0,1\\}$/\\1/p" "$1" | head -1; }
json_string() { sed -n "s/^ *\"$2\": \"\\(.*\\)\",\\{0,1\\}$/\\1/p" "$1" | head -1; }

[ -d "$demo" ] && [ -f "$expected_csv" ] || fail "no demo class at $demo"
[ "$copies" -ge 1 ] 2>/dev/null || fail "BENCH_CLASS_COPIES must be a number >= 1"
for tool in zip unzip tar gzip git; do command -v "$tool" >/dev/null || fail "needs $tool"; done

load_start=$(load)

# --- 0. grade-all itself, before any clock starts ----------------------------
echo "grade-all bench: building grade-all (not timed: a cold build of it is a one-off) ..."
[ -f "$build/CMakeCache.txt" ] || fail "$build is not configured (run make check or make grade-all once)"
cmake --build "$build" --target grade-all >"$scratch/build-grade-all.log" 2>&1 || {
  cat "$scratch/build-grade-all.log" >&2
  fail "could not build grade-all"
}

# --- 1. the class ------------------------------------------------------------
class=$scratch/class
mkdir -p "$class"
students=()       # every student, in the order they were made
declare -A entry_of kind_of
folders=0 zips=0 tarballs=0
for ((r = 1; r <= copies; r++)); do
  suffix=$([ "$r" = 1 ] || echo "_r$r")
  for path in "$demo"/*; do
    name=$(basename "$path")
    case $name in *.zip) kind=zip ;; *.tar.gz) kind=tar.gz ;; *) [ -d "$path" ] || continue; kind=folder ;; esac
    base=$(student_of "$name")
    [ "$base" = fay ] && [ "$r" -gt 1 ] && continue
    student=$base$suffix
    case $kind in
      folder)
        cp -r "$path" "$class/$student"
        entry=$class/$student
        [ "$r" -gt 1 ] && [ -f "$entry/student/assg_tasks.cpp" ] && echo "// replica $r" >>"$entry/student/assg_tasks.cpp"
        folders=$((folders + 1))
        ;;
      zip)
        entry=$class/$student.zip
        if [ "$r" = 1 ]; then cp "$path" "$entry"; else
          unpacked=$scratch/unpack/$student
          mkdir -p "$unpacked"
          unzip -q "$path" -d "$unpacked"
          find "$unpacked" -path '*/student/assg_tasks.cpp' -exec sh -c 'echo "// replica $1" >>"$2"' _ "$r" {} \;
          (cd "$unpacked" && TZ=UTC zip -X -q -r "$entry" .) || fail "could not re-pack $entry"
        fi
        zips=$((zips + 1))
        ;;
      tar.gz)
        entry=$class/$student.tar.gz
        if [ "$r" = 1 ]; then cp "$path" "$entry"; else
          unpacked=$scratch/unpack/$student
          mkdir -p "$unpacked"
          tar -xzf "$path" -C "$unpacked"
          find "$unpacked" -path '*/student/assg_tasks.cpp' -exec sh -c 'echo "// replica $1" >>"$2"' _ "$r" {} \;
          tar --sort=name --owner=0 --group=0 --numeric-owner -C "$unpacked" -cf - . | gzip -n >"$entry" ||
            fail "could not re-pack $entry"
        fi
        tarballs=$((tarballs + 1))
        ;;
    esac
    students+=("$student")
    entry_of[$student]=$entry
    kind_of[$student]=$kind
  done
done
rm -rf "$scratch/unpack"
n=${#students[@]}
[ "$n" -ge 40 ] || fail "the class has $n submissions; at least 40 are wanted (raise BENCH_CLASS_COPIES)"

declare -A expected_count
for student in "${students[@]}"; do
  status=$(expected "$(base_of "$student")" 12)
  expected_count[$status]=$((${expected_count[$status]:-0} + 1))
done
echo
echo "The class: $n submissions = $copies copies of demo_class/'s 13 students, fay (the infinite loop,"
echo "  about 25 s of timeouts) in the first copy only; copies 2..$copies renamed <student>_r<N>, each"
echo "  student/assg_tasks.cpp ending in '// replica N' so that no two copies are identical."
echo "  entries: $folders folders, $zips .zip, $tarballs .tar.gz"
echo "  expected (expected_grades.csv): ${expected_count[graded]:-0} graded, ${expected_count[compile_error]:-0} compile_error," \
  "${expected_count[missing]:-0} missing; among the graded: 1 infinite loop (fay), $copies segfaulting (eli), $copies with" \
  "Eigen index errors (hana), $((copies * 3)) full marks (ada, gus, jade), $copies untouched stubs (cara)"
echo "  identical within a copy: jade = ada (graded once each time), so grade-all compiles" \
  "$((n - copies - ${expected_count[missing]:-0})) distinct files"

# --- 2. the pipeline ---------------------------------------------------------
out=$scratch/out
echo
echo "Pipeline: grade-all --jobs $jobs --force (hidden tests on) over the $n submissions ..."
load_pipeline=$(load)
outside_start "$scratch/outside.pipeline"
stamp_before=$(build_stamp)
cpu_before=$(busy_jiffies)
start=$(now)
"$build/bin/grade-all" --submissions "$class" --out "$out" --jobs "$jobs" --force --progress log >"$scratch/pipeline.log" 2>&1
pipeline_status=$?
end=$(now)
cpu_after=$(busy_jiffies)
stamp_after=$(build_stamp)
outside_stop
pipeline_outside=$outside_average pipeline_outside_max=$outside_max
pipeline_wall=$(elapsed "$start" "$end")
pipeline_cpu=$(busy_percent "$cpu_before" "$cpu_after")
grep -E '^grade-all: [0-9]+ student' "$scratch/pipeline.log" | sed 's/^/  /'
[ "$pipeline_status" = 0 ] || { cat "$scratch/pipeline.log" >&2; fail "grade-all exited $pipeline_status"; }

# A timing means nothing unless every student got the grade they should: the
# status in expected_grades.csv, and each replica the same total as copy 1.
declare -A total_of first_total
problems=()
seconds_list=() build_list=() grade_list=()
for student in "${students[@]}"; do
  record=$out/$student/grading.json
  [ -f "$record" ] || { problems+=("$student: no grading.json"); continue; }
  status=$(json_string "$record" status)
  base=$(base_of "$student")
  want=$(expected "$base" 12)
  [ "$status" = "$want" ] || problems+=("$student: $status, expected $want")
  total=$(awk -F, -v s="$student" '$1 == s {print $11}' "$out/grades.csv")
  total_of[$student]=$total
  if [ -z "${first_total[$base]:-}" ]; then first_total[$base]=$total
  elif ! same_points "$total" "${first_total[$base]}"; then problems+=("$student: $total, but $base got ${first_total[$base]}"); fi
  b=$(json_number "$record" build_seconds)
  g=$(json_number "$record" grade_seconds)
  build_list+=("$b")
  grade_list+=("$g")
  seconds_list+=("$(awk -v b="$b" -v g="$g" 'BEGIN { printf "%.3f", b + g }')")
done
if [ "$stamp_before" != "$stamp_after" ]; then
  fail "$build was rebuilt while grade-all ran (by someone else?): its results and times mean nothing; run again"
fi
if [ ${#problems[@]} -gt 0 ]; then
  printf '  %s\n' "${problems[@]}" >&2
  echo "  grades.csv:" >&2
  sed 's/^/    /' "$out/grades.csv" >&2
  fail "grade-all did not grade the class as expected"
fi
echo "  checked: every status as in expected_grades.csv, every replica the same total as its original"

isolation=$(json_string "$out/summary.json" isolation)
pipeline_rate=$(awk -v n="$n" -v w="$pipeline_wall" 'BEGIN { printf "%.1f", n / (w / 60) }')
pipeline_median=$(printf '%s\n' "${seconds_list[@]}" | median)
pipeline_per=$(awk -v n="$n" -v w="$pipeline_wall" 'BEGIN { printf "%.2f", w / n }')
sum() { awk '{s += $1} END {printf "%.1f", s}'; }
build_median=$(printf '%s\n' "${build_list[@]}" | median)
grade_median=$(printf '%s\n' "${grade_list[@]}" | median)
build_sum=$(printf '%s\n' "${build_list[@]}" | sum)
grade_sum=$(printf '%s\n' "${grade_list[@]}" | sum)
echo "  wall $pipeline_wall s; machine CPU busy $pipeline_cpu of $jobs cores during it; other processes" \
  "running meanwhile: $pipeline_outside on average (at most $pipeline_outside_max)"
echo "  per student (grading.json; jade's copies share ada's figures, kim's are 0):"
echo "    build (compile + link) median $(printf '%.2f' "$build_median") s, sum $build_sum s;" \
  "grade median $(printf '%.2f' "$grade_median") s, sum $grade_sum s"
echo "    slowest (build + grade):"
for student in "${students[@]}"; do
  record=$out/$student/grading.json
  printf '%s %s %s\n' "$(json_number "$record" build_seconds)" "$(json_number "$record" grade_seconds)" "$student"
done | awk '{printf "%.2f %.2f %.2f %s\n", $1 + $2, $1, $2, $3}' | sort -rn | head -5 |
  awk '{printf "      %-10s %6.2f s = build %5.2f + grade %5.2f\n", $4, $1, $2, $3}'

# --- 3. the naive baseline ---------------------------------------------------
# The sample: one kind after another (fay left out, see above), each from the
# next copy of the class.
order=(ada dev hana mia ben eli leo ivan cara gus jade kim)
chosen=()
if [ "$sample" = all ]; then
  chosen=("${students[@]}")
else
  [ "$sample" -ge 1 ] 2>/dev/null || fail "BASELINE_SAMPLE must be a number >= 1 or all"
  max=$((${#order[@]} * copies))
  [ "$sample" -le "$max" ] || sample=$max
  for ((i = 0; i < sample; i++)); do
    kinds=${#order[@]}
    r=$(((i % kinds + i / kinds) % copies + 1))
    chosen+=("${order[i % kinds]}$([ "$r" = 1 ] || echo "_r$r")")
  done
fi
m=${#chosen[@]}

source_of() {  # source_of STUDENT DEST: the student's student/assg_tasks.cpp, if there is one
  local entry=${entry_of[$1]}
  case ${kind_of[$1]} in
    folder) [ -f "$entry/student/assg_tasks.cpp" ] && cp "$entry/student/assg_tasks.cpp" "$2" ;;
    zip)
      local name
      name=$(unzip -Z1 "$entry" | grep -E '(^|/)student/assg_tasks\.cpp$' | head -1)
      [ -n "$name" ] && unzip -p "$entry" "$name" >"$2"
      ;;
    tar.gz)
      local name
      name=$(tar -tzf "$entry" | grep -E '(^|/)student/assg_tasks\.cpp$' | head -1)
      [ -n "$name" ] && tar -xzf "$entry" -O "$name" >"$2"
      ;;
  esac
}

head_commit=$(git -C "$root" rev-parse --short HEAD)
git -C "$root" diff --quiet HEAD -- || echo "  note: the working tree differs from HEAD; the baseline grades with HEAD ($head_commit)"
echo
if [ "$m" = "$n" ]; then
  echo "Naive baseline: all $n submissions, each a fresh copy of the repository (HEAD $head_commit), its own"
else
  echo "Naive baseline: a sample of $m of the $n submissions (BASELINE_SAMPLE=all for every one), each a"
  echo "  fresh copy of the repository (HEAD $head_commit), its own"
fi
echo "  student/assg_tasks.cpp copied in, then a timed 'make test' (configure, build, grade; ccache off):"
load_baseline=$(load)
outside_start "$scratch/outside.baseline"
cpu_before=$(busy_jiffies)
baseline_times=()
baseline_problems=()
for ((k = 0; k < m; k++)); do
  student=${chosen[k]}
  base=$(base_of "$student")
  repo=$scratch/baseline/repo_$k
  mkdir -p "$repo"
  git -C "$root" archive HEAD | tar -x -C "$repo" || fail "git archive failed"
  # kim has no file: a course repo's make test then grades the stub the
  # student never replaced (0 points, as for missing).
  source_of "$student" "$repo/student/assg_tasks.cpp" || true
  start=$(now)
  (cd "$repo" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL CCACHE_DISABLE=1 make test) >"$scratch/baseline_$k.log" 2>&1
  end=$(now)
  seconds=$(elapsed "$start" "$end")
  baseline_times+=("$seconds")
  results=$repo/build/results/results.json
  want=$(expected "$base" 11)
  if [ -f "$results" ]; then
    got=$(json_number "$results" total_points)
    if same_points "$got" "$want"; then verdict=ok; else
      verdict="MISMATCH"
      baseline_problems+=("$student: make test gave $got, expected $want (log: $(tail -3 "$scratch/baseline_$k.log"))")
    fi
  else
    got="(no results.json)"
    verdict="FAILED"
    baseline_problems+=("$student: make test wrote no results.json: $(tail -5 "$scratch/baseline_$k.log")")
  fi
  printf '  %-9s %-7s %7s s  Total %s (expected, public tests: %s) %s; grade-all, with hidden tests: %s\n' \
    "$student" "${kind_of[$student]}" "$seconds" "$got" "$want" "$verdict" "${total_of[$student]}"
  rm -rf "$repo"
done
cpu_after=$(busy_jiffies)
outside_stop
baseline_outside=$outside_average baseline_outside_max=$outside_max
baseline_cpu=$(busy_percent "$cpu_before" "$cpu_after")
baseline_wall=$(printf '%s\n' "${baseline_times[@]}" | sum)
baseline_rate=$(awk -v n="$m" -v w="$baseline_wall" 'BEGIN { printf "%.2f", n / (w / 60) }')
baseline_median=$(printf '%s\n' "${baseline_times[@]}" | median | xargs printf '%.2f')
echo "  total $baseline_wall s; machine CPU busy $baseline_cpu of $jobs cores during it; other processes" \
  "running meanwhile: $baseline_outside on average (at most $baseline_outside_max)"
load_end=$(load)

# --- 4. the figures ----------------------------------------------------------
ratio=$(awk -v p="$pipeline_rate" -v b="$baseline_rate" 'BEGIN { printf "%.1f", p / b }')
goal_ratio=$(awk -v r="$ratio" 'BEGIN { print (r >= 10) ? "met" : "missed" }')
goal_median=$(awk -v m="$pipeline_median" 'BEGIN { print (m < 2) ? "met" : "missed" }')
baseline_label=$([ "$m" = "$n" ] && echo "all $n" || echo "sample of $m of $n")
echo
echo "Machine: $jobs cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)," \
  "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(g++ --version | head -1)"
echo "Sandbox: ${isolation:-none}"
echo "Load average (1, 5, 15 min): $load_start at the start, $load_pipeline before the pipeline," \
  "$load_baseline before the baseline, $load_end at the end"
disturbed=$(awk -v a="$pipeline_outside" -v b="$baseline_outside" 'BEGIN { print (a >= 0.25 || b >= 0.25) ? 1 : 0 }')
if [ "$disturbed" = 1 ]; then
  echo "Other work was running on the machine meanwhile (processes outside this benchmark running on average:"
  echo "  $pipeline_outside during the pipeline, $baseline_outside during the baseline, on $jobs cores): the times are slower than"
  echo "  on a quiet machine. $(awk -v a="$pipeline_outside" -v b="$baseline_outside" 'BEGIN {
    if (b > a + 0.1) print "The baseline was the more disturbed: the ratio flatters the pipeline."
    else if (a > b + 0.1) print "The pipeline was the more disturbed: the ratio understates it."
    else print "Both phases were about equally disturbed." }')"
fi
echo
echo "| | submissions | wall s | per minute | median s per submission |"
echo "|---|---|---|---|---|"
printf '| grade-all --jobs %s | %s | %s | %s | %.2f (build + grade in grading.json, all %s); wall / N %s |\n' \
  "$jobs" "$n" "$pipeline_wall" "$pipeline_rate" "$pipeline_median" "$n" "$pipeline_per"
printf '| naive make test, fresh copy each | %s | %s | %s | %s |\n' \
  "$baseline_label" "$baseline_wall" "$baseline_rate" "$baseline_median"
echo
if [ "$m" != "$n" ]; then
  echo "The baseline's rate is from a sample of $m of the $n submissions (fay excluded); its time is the cold"
  echo "configure and build, almost the same for every submission."
fi
echo "Ratio (grade-all per minute / baseline per minute): ${ratio}x"
echo "Goal >= 10x the baseline: $goal_ratio (${ratio}x)"
echo "Goal median < 2 s per submission: $goal_median ($(printf '%.2f' "$pipeline_median") s; wall / N: $pipeline_per s)"

if [ ${#baseline_problems[@]} -gt 0 ]; then
  printf '  %s\n' "${baseline_problems[@]}" >&2
  fail "the baseline did not grade as expected: its times mean nothing"
fi
exit 0
