#!/usr/bin/env bash
# The report grade-all writes for a real (small) class renders in headless
# Chromium with its charts: grade-all, then report_renders_in_chromium.sh on
# its OUT/report.html. The screenshot is kept in OUTPUT_DIR.
#
#   report_of_a_graded_class_renders.sh GRADE_ALL SOURCE_DIR OUTPUT_DIR
set -u
grade_all=$1 source_dir=$2 out=$3
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || { echo "chromium is not installed: skipped"; exit 77; }
rm -rf "$out" && mkdir -p "$out/class"
for student in ada jade dev kim eli hana.zip; do cp -r "$source_dir/demo_class/$student" "$out/class/"; done
"$grade_all" --submissions "$out/class" --out "$out/grades" --jobs 2 --progress log || { echo "FAILED: grade-all exited $?"; exit 1; }
exec "$source_dir/tests/e2e/report_renders_in_chromium.sh" "$out/chromium" --page "$out/grades/report.html"
