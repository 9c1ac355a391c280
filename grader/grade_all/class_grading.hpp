// Grading a class: every submission (or one shard's slice) read, compiled
// and graded in its own scratch folder, JOBS at a time, each in the sandbox
// and under its limits; identical submissions graded once; students whose
// submission and harness are unchanged since their last result reused.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "class_files.hpp"
#include "student_result.hpp"

namespace assg {

struct ClassRunOptions {
  std::string submissions;
  std::string out;
  std::string build_dir;       // the instructor's build (grader, probe, precompiled header)
  std::string source_dir;      // the instructor's repo
  std::string rubric_path;
  std::string fixtures_dir;
  std::string hidden_specs;    // empty or missing: no hidden tests
  // The student releases' manifests (release_manifest.hpp); empty or
  // missing: students' copies are compared with the current files alone.
  std::string release_manifests;
  std::optional<std::uint32_t> hidden_seed;
  // The hidden cases' weights (a file, used with the hidden tests only): by
  // default the hidden specs folder's own rubric.json, when it has one.
  std::string hidden_rubric;
  std::string sandbox = "auto";
  // Refuse to grade when "auto" finds no sandbox (run_autograder: on a
  // platform's machine, student code must not see the reference or the
  // hidden specs next to it).
  bool require_sandbox = false;
  int jobs = 1;
  int shard_index = 1;  // 1-based
  int shard_count = 1;
  bool force = false;
  // Regrade these students (always, changed or not); everyone else keeps
  // their stored result, and the class files cover them all.
  std::vector<std::string> only;
  // Grade this one student with the hidden cases' names and data shown
  // (ClassRunResult::explanation), saving nothing: for the instructor.
  std::string explain;
  bool keep_scratch = false;
  double submission_timeout = 600.0;
  double compile_timeout = 180.0;
  bool terminal = false;
  ClassFileOptions class_files;
};

struct ClassRunResult {
  std::vector<StudentRecord> records;  // this run's students, sorted
  std::size_t graded = 0;      // graded in this run (each identical group once)
  std::size_t reused = 0;      // unchanged since their last result
  std::size_t shared = 0;      // identical to another submission graded in this run
  std::vector<std::string> unfinished;  // not graded: the run was interrupted (or --only left them)
  std::string isolation;
  std::string harness;                // fingerprint of everything but the submissions
  std::vector<std::string> students;  // this run's (shard's) students, finished or not
  std::vector<std::string> warnings;
  std::string explanation;  // --explain: the student's status and each hidden case with its full message
};

// Throws std::runtime_error for problems of the run itself (unreadable
// submissions folder, broken rubric, fixtures or hidden specs, unusable
// build); a submission's problems are that student's status instead.
// `stop` is set (e.g. by Ctrl-C) to finish early: no new student is
// started, running ones are stopped and left ungraded, and every finished
// student's files are kept.
// `options.out` and `options.submissions` must not overlap (grade-all refuses that).
ClassRunResult grade_class(const ClassRunOptions& options, const std::atomic<bool>& stop);

// The slice of `count` sorted students that shard `index` (1-based) grades.
bool in_shard(std::size_t position, int index, int count);

}  // namespace assg
