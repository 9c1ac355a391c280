#include "class_grading.hpp"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "platform/child_process.hpp"
#include "file_io.hpp"
#include "full_expected.hpp"
#include "hidden_fixtures.hpp"
#include "model/results_json.hpp"
#include "report/feedback_markdown.hpp"
#include "platform/process_limit.hpp"
#include "progress.hpp"
#include "release_manifest.hpp"
#include "rubric.hpp"
#include "platform/isolation.hpp"
#include "sha256.hpp"
#include "solution_compiler.hpp"
#include "student_feedback.hpp"
#include "submission_reader.hpp"

namespace assg {

namespace fs = std::filesystem;

namespace {

// Names that would collide with the class files in OUT.
const std::set<std::string> kReservedNames{"grades.csv", "canvas.csv", "compare.csv", "summary.json", "report.html"};

// The Makefile without the lines from "#>instructor" to "#<instructor".
std::string student_edition_makefile(const std::string& makefile) {
  std::istringstream lines(makefile);
  std::string kept;
  bool instructor = false;
  for (std::string line; std::getline(lines, line);) {
    if (line == "#>instructor") instructor = true;
    if (!instructor) kept += line + "\n";
    if (line == "#<instructor") instructor = false;
  }
  return kept;
}

// The instructor's own files a student's copy is compared against: the
// interface, grader, fixtures and build files (hidden specs excluded).
std::map<std::string, std::string> instructor_files(const fs::path& source_dir,
                                                    const std::vector<std::string>& student_files,
                                                    const std::string& hidden_specs) {
  std::map<std::string, std::string> files;
  const auto add = [&](const fs::path& path) {
    const auto relative = path.lexically_relative(source_dir).generic_string();
    if (std::find(student_files.begin(), student_files.end(), relative) != student_files.end()) return;
    files[relative] = read_file(path.string()).value_or(std::string());
  };
  const auto hidden = hidden_specs.empty() ? fs::path() : fs::weakly_canonical(hidden_specs);
  for (const char* folder : {"student", "grader", "fixtures", "cmake"}) {
    std::error_code error;
    for (auto it = fs::recursive_directory_iterator(source_dir / folder, error);
         !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
      if (it->is_directory() && (it->path().filename().string().front() == '.' ||
                                 (!hidden.empty() && fs::weakly_canonical(it->path()) == hidden))) {
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file()) add(it->path());
    }
  }
  if (fs::is_regular_file(source_dir / "CMakeLists.txt")) add(source_dir / "CMakeLists.txt");
  // Students have the release's Makefile: this one without its instructor
  // blocks (distribution/student_release.sh removes them the same way).
  if (fs::is_regular_file(source_dir / "Makefile"))
    files["Makefile"] = student_edition_makefile(read_file((source_dir / "Makefile").string()).value_or(std::string()));
  return files;
}

// What a student's copy of each instructor file may rightly be: the current
// copy, or the copy of any release (a rubric reweighted, a fixture or the
// grader fixed after the release must not flag every student).
InstructorEditions instructor_editions(const std::map<std::string, std::string>& originals,
                                       const std::vector<ReleaseManifest>& manifests) {
  InstructorEditions editions;
  for (const auto& [path, content] : originals) {
    auto& accepted = editions[path];
    accepted.insert(plain_sha256_hex(content));
    for (const auto& manifest : manifests) {
      const auto released = manifest.files.find(path);
      if (released != manifest.files.end()) accepted.insert(released->second);
    }
  }
  return editions;
}

std::string last_lines(const std::string& text, std::size_t count) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  std::string kept;
  for (std::size_t i = lines.size() > count ? lines.size() - count : 0; i < lines.size(); ++i) kept += lines[i] + "\n";
  return kept;
}

// Why nothing could be graded, with what the submission holds instead.
std::string missing_problem(const Submission& submission) {
  std::vector<std::string> names;
  for (const auto& path : submission.missing_files) names.push_back(fs::path(path).filename().string());
  std::string problem = fmt::format("no {} in the submission, nor any file named {}",
                                    fmt::join(submission.missing_files, ", "), fmt::join(names, " or "));
  if (!submission.holds.empty()) problem += fmt::format(" (it holds: {})", fmt::join(submission.holds, ", "));
  return problem;
}

// --explain: every hidden case of the student (graded with the grader's
// --reveal-hidden, so under its own name and with its message in full).
std::string explanation(const StudentRecord& record) {
  std::string text = fmt::format("{}: {} {}/{}{}\n", record.student, to_string(record.status), record.total(),
                                 record.report.max_points,
                                 record.problem.empty() ? std::string() : " (" + record.problem + ")");
  std::string hidden;
  std::size_t count = 0;
  for (const auto& task : record.report.tasks)
    for (const auto& test : task.tests) {
      if (!test.hidden) continue;
      ++count;
      hidden += fmt::format("{} {} / {}: {}\n", task.id, task.function, test.name, to_string(test.status));
      if (!test.message.empty()) {
        hidden += "    ";
        for (const char ch : test.message) hidden += ch == '\n' ? std::string("\n    ") : std::string(1, ch);
        hidden += "\n";
      }
    }
  text += count == 0 ? std::string("No hidden cases were graded (none given, or the file did not run).\n")
                     : fmt::format("\nIts {} hidden case(s), for your eyes only (nothing here is saved):\n{}", count,
                                   hidden);
  return text;
}

// What grading one submission produced, before it is given to each
// student who submitted it.
struct Graded {
  StudentStatus status = StudentStatus::HarnessError;
  nlohmann::ordered_json results;
  std::string problem;
  double build_seconds = 0.0;
  double grade_seconds = 0.0;
  bool cancelled = false;
};

struct Pending {
  SubmissionEntry entry;
  Submission submission;
  std::string fingerprint;
  std::string content_hash;
};

class ClassGrader {
 public:
  ClassGrader(const ClassRunOptions& options, const std::atomic<bool>& stop) : options_(options), stop_(stop) {}

  ClassRunResult run();

 private:
  Graded grade(const Pending& pending, std::size_t slot);
  StudentRecord record_for(const Pending& pending, const Graded& graded) const;
  // The rubric and fixtures (visible and hidden) the grader is given.
  std::vector<std::string> plan_arguments() const;
  // Grading a built runner (in the sandbox), or reporting a compile error.
  std::vector<std::string> grader_arguments(const std::string& scratch, bool built,
                                            const std::vector<std::string>& launcher) const;

  const ClassRunOptions& options_;
  const std::atomic<bool>& stop_;
  Rubric rubric_;
  SolutionToolchain toolchain_;
  Isolation isolation_;
  HiddenFixtures hidden_;
  FullExpected full_expected_;
  std::string grader_;
  std::string scratch_root_;
  ProcessLimit process_limit_;
};

// Processes one submission may run at once: the compiler needs a handful,
// a runner one; a fork bomb stops here.
constexpr int kMaxProcesses = 128;

std::vector<std::string> ClassGrader::plan_arguments() const {
  std::vector<std::string> arguments{"--rubric", options_.rubric_path, "--fixtures", options_.fixtures_dir};
  if (!hidden_.folder.empty()) arguments.insert(arguments.end(), {"--hidden-fixtures", hidden_.folder});
  if (!full_expected_.folder.empty()) arguments.insert(arguments.end(), {"--full-expected", full_expected_.folder});
  if (!hidden_.folder.empty() && !options_.hidden_rubric.empty())
    arguments.insert(arguments.end(), {"--hidden-rubric", options_.hidden_rubric});
  return arguments;
}

std::vector<std::string> ClassGrader::grader_arguments(const std::string& scratch, bool built,
                                                      const std::vector<std::string>& launcher) const {
  auto arguments = plan_arguments();
  arguments.insert(arguments.end(), {"--results", scratch + "/results.json", "--solution",
                                     rubric_.student_files.front(), "--color", "never"});
  // --explain: the instructor reads the hidden cases' names and data on the
  // console; nothing of this run is saved where a student could see it.
  if (!options_.explain.empty()) arguments.push_back("--reveal-hidden");
  if (!built) {
    arguments.insert(arguments.end(), {"--compile-error", scratch + "/compile.log"});
    return arguments;
  }
  arguments.insert(arguments.end(), {"--runner", scratch + "/runner", "--jobs", "1"});
  const auto sandbox_arguments = grader_sandbox_arguments(isolation_);
  arguments.insert(arguments.end(), sandbox_arguments.begin(), sandbox_arguments.end());
  // Under Landlock the grader confines the runner itself (and its seccomp
  // filter kills a fork, so the process limit has nothing left to count).
  if (isolation_.kind == Isolation::Kind::Landlock) return arguments;
  // The runner sees its own folder, read-only, and the system: nothing else.
  auto prefix = launcher;
  const auto sandbox = sandbox_prefix(isolation_, SandboxView{{scratch}, {}, "/tmp"}, /*seccomp=*/true);
  prefix.insert(prefix.end(), sandbox.begin(), sandbox.end());
  for (const auto& argument : prefix) arguments.push_back("--run-under=" + argument);
  return arguments;
}

Graded ClassGrader::grade(const Pending& pending, std::size_t slot) {
  Graded graded;
  const auto& submission = pending.submission;
  if (!submission.problem.empty()) {
    graded.status = StudentStatus::Invalid;
    graded.problem = submission.problem;
  } else if (!submission.missing_files.empty()) {
    graded.status = StudentStatus::Missing;
    graded.problem = missing_problem(submission);
  }
  if (!graded.problem.empty()) {
    graded.results = ungraded_results(rubric_, graded.status, graded.problem);
    return graded;
  }

  // A fresh scratch folder holding the student's files and nothing else.
  const auto scratch = (fs::path(scratch_root_) / pending.entry.student).string();
  std::error_code ignored;
  fs::remove_all(scratch, ignored);
  std::vector<std::string> sources;
  for (const auto& [path, content] : submission.student_files) {
    write_file_atomically(scratch + "/" + path, content);
    sources.push_back(path);
  }
  const auto cgroup = fmt::format("s{}", slot);
  const auto launcher = process_limit_.prefix(cgroup, kMaxProcesses);
  const auto cleanup = [&] {
    process_limit_.release(cgroup);
    if (!options_.keep_scratch) fs::remove_all(scratch, ignored);
  };

  BuildLimits build_limits;
  build_limits.timeout_seconds = options_.compile_timeout;
  build_limits.cancel = &stop_;
  build_limits.launcher = launcher;
  const auto build = build_solution(toolchain_, isolation_, scratch, sources, build_limits);
  graded.build_seconds = build.seconds;
  if (build.status == BuildOutcome::Status::Cancelled) {
    graded.cancelled = true;
    cleanup();
    return graded;
  }
  if (build.status == BuildOutcome::Status::HarnessError) {
    graded.status = StudentStatus::HarnessError;
    graded.problem = "could not run the compiler: " + build.log;
    graded.results = ungraded_results(rubric_, graded.status, graded.problem);
    cleanup();
    return graded;
  }

  const bool built = build.status == BuildOutcome::Status::Built;
  if (!built) write_file_atomically(scratch + "/compile.log", build.log);
  const auto arguments = grader_arguments(scratch, built, launcher);
  ChildLimits limits;
  limits.timeout_seconds = options_.submission_timeout;
  limits.terminate_grace_seconds = 3.0;  // the grader stops its runners first
  limits.cancel = &stop_;
  limits.output_cap_bytes = 4 << 20;
  limits.working_directory = scratch;
  limits.cpu_seconds = static_cast<std::uint64_t>(options_.submission_timeout) * 4 + 60;  // the grader's own CPU
  const auto run = run_child(grader_, arguments, {}, limits);
  graded.grade_seconds = run.wall_seconds;
  switch (run.ending) {
    case ChildResult::Ending::Cancelled: graded.cancelled = true; break;
    case ChildResult::Ending::TimedOut:
      graded.status = StudentStatus::TimedOut;
      graded.problem = fmt::format("grading took longer than {:g} s, the limit per submission",
                                   options_.submission_timeout);
      break;
    case ChildResult::Ending::SpawnFailed:
      graded.status = StudentStatus::HarnessError;
      graded.problem = run.spawn_error;
      break;
    case ChildResult::Ending::Signaled:
      graded.status = StudentStatus::HarnessError;
      graded.problem = fmt::format("the grader was killed by {}\n{}", describe_signal(run.signal), last_lines(run.output, 10));
      break;
    case ChildResult::Ending::Exited:
      if (run.exit_code == 0 || run.exit_code == 1) {
        try {
          graded.results = nlohmann::ordered_json::parse(read_file(scratch + "/results.json").value_or(std::string()));
          // Read by the model's strict reader, once: a file that does not
          // match it is the grader's fault (harness_error), never a grade.
          const auto report = report_from_json(graded.results, scratch + "/results.json");
          graded.status = built ? StudentStatus::Graded : StudentStatus::CompileError;
          if (graded.status == StudentStatus::Graded && untouched_stubs(report))
            graded.status = StudentStatus::NotAttempted;
          if (graded.status == StudentStatus::CompileError && !report.tasks.empty() &&
              !report.tasks.front().tests.empty())
            graded.problem = report.tasks.front().tests.front().message;
        } catch (const std::exception& error) {
          graded.status = StudentStatus::HarnessError;
          graded.problem = fmt::format("the grader's results are unreadable: {}", error.what());
        }
      } else {
        graded.status = StudentStatus::HarnessError;
        graded.problem = fmt::format("the grader failed (exit status {}):\n{}", run.exit_code, last_lines(run.output, 10));
      }
      break;
  }
  if (!graded.cancelled && graded.status != StudentStatus::Graded && graded.status != StudentStatus::NotAttempted &&
      graded.status != StudentStatus::CompileError)
    graded.results = ungraded_results(rubric_, graded.status, graded.problem);
  cleanup();
  return graded;
}

StudentRecord ClassGrader::record_for(const Pending& pending, const Graded& graded) const {
  StudentRecord record;
  record.student = pending.entry.student;
  record.status = graded.status;
  record.fingerprint = pending.fingerprint;
  record.content_hash = pending.content_hash;
  record.found_at = pending.submission.found_at;
  record.edited_files = pending.submission.edited_files;
  record.problem = graded.problem;
  record.isolation = isolation_.description;
  record.build_seconds = graded.build_seconds;
  record.grade_seconds = graded.grade_seconds;
  record.set_results(graded.results, record.student + "/results.json");
  record.feedback = feedback_markdown(record);
  return record;
}

ClassRunResult ClassGrader::run() {
  ClassRunResult result;
  rubric_ = load_rubric(options_.rubric_path);
  if (rubric_.student_files.empty()) throw std::runtime_error(fmt::format("{}: lists no student_files", options_.rubric_path));
  // The grading plan is checked once here, so that a broken fixture stops
  // the run before any student is graded (not as 300 harness errors).
  const auto grader = fs::path(options_.build_dir) / "bin" / "grader";
  if (::access(grader.c_str(), X_OK) != 0)
    throw std::runtime_error(fmt::format("{}: missing; build it with: cmake --build {}", grader.string(), options_.build_dir));
  grader_ = grader.string();
  toolchain_ = load_toolchain(options_.build_dir);
  isolation_ = detect_isolation(options_.sandbox, (fs::path(options_.build_dir) / "bin").string());
  if (options_.require_sandbox && options_.sandbox == "auto" && isolation_.kind == Isolation::Kind::None)
    throw std::runtime_error(
        "--require-sandbox: neither bubblewrap nor Landlock works on this machine, so student code would run with "
        "your rights and see the reference and the hidden specs; nobody was graded (--sandbox none grades anyway)");
  if (process_limit_.available()) isolation_.description += fmt::format("; at most {} processes per submission", kMaxProcesses);
  result.isolation = isolation_.description;

  fs::create_directories(options_.out);
  const auto private_folder = fs::path(options_.out) / ".grade-all";
  fs::create_directories(private_folder);
  scratch_root_ = (private_folder / "scratch").string();
  hidden_ = build_hidden_fixtures(options_.hidden_specs, (private_folder / "hidden-fixtures").string(),
                                  options_.hidden_seed, rubric_, options_.fixtures_dir);
  full_expected_ = build_full_expected(options_.fixtures_dir, (private_folder / "full-expected").string(), rubric_);
  {
    // The grader itself must accept the fixtures before anyone is graded.
    auto arguments = plan_arguments();
    arguments.push_back("--list");
    ChildLimits limits;
    limits.timeout_seconds = 120;
    const auto check = run_child(grader_, arguments, {}, limits);
    if (check.ending != ChildResult::Ending::Exited || check.exit_code != 0)
      throw std::runtime_error(fmt::format("the grader refuses the rubric or fixtures:\n{}", last_lines(check.output, 20)));
  }

  const auto source_dir = fs::path(options_.source_dir);
  const auto originals = instructor_files(source_dir, rubric_.student_files, options_.hidden_specs);
  const auto manifests = load_release_manifests(options_.release_manifests);
  const auto editions = instructor_editions(originals, manifests);
  Sha256 harness;
  harness.add(toolchain_.fingerprint).add_file(grader_).add(hidden_.fingerprint);
  if (fs::exists("/proc/self/exe")) harness.add_file("/proc/self/exe");  // grade-all itself
  harness.add(isolation_.description).add(fmt::format("{} {}", options_.submission_timeout, options_.compile_timeout));
  harness.add_file(options_.rubric_path);
  if (!options_.hidden_rubric.empty()) harness.add_file(options_.hidden_rubric);  // hidden weights change grades too
  for (const auto& entry : fs::directory_iterator(options_.fixtures_dir))
    if (entry.is_regular_file()) harness.add(entry.path().filename().string()).add_file(entry.path().string());
  for (const auto& [path, content] : originals) harness.add(path).add(content);
  const auto harness_fingerprint = harness.hex();

  auto listing = list_submissions(options_.submissions);
  for (const auto& skipped : listing.skipped) result.warnings.push_back("skipped " + skipped);
  std::vector<Pending> mine;
  std::size_t position = 0;
  for (auto& entry : listing.entries) {
    if (kReservedNames.count(entry.student) != 0) {
      result.warnings.push_back(fmt::format("skipped {}: the name of one of grade-all's own files; rename it",
                                            entry.path.filename().string()));
      continue;
    }
    if (!in_shard(position++, options_.shard_index, options_.shard_count)) continue;
    if (!options_.explain.empty() && entry.student != options_.explain) continue;
    mine.push_back(Pending{std::move(entry), {}, {}, {}});
  }

  if (options_.explain.empty()) {
    // Results of students no longer in the class stay on disk but are not
    // part of this run's class files: say so.
    std::set<std::string> current;
    for (const auto& pending : mine) current.insert(pending.entry.student);
    std::vector<std::string> stale;
    std::error_code error;
    for (const auto& folder : fs::directory_iterator(options_.out, error))
      if (folder.is_directory() && fs::exists(folder.path() / "grading.json") &&
          current.count(folder.path().filename().string()) == 0)
        stale.push_back(folder.path().filename().string());
    std::sort(stale.begin(), stale.end());
    if (!stale.empty())
      result.warnings.push_back(fmt::format("{} holds results of {} student(s) not graded in this run (left out of its "
                                            "class files): {}",
                                            options_.out, stale.size(), fmt::join(stale, ", ")));
  }
  Progress progress(mine.size(), options_.terminal);
  progress.note(fmt::format("{} submission(s){} from {}; {} at a time; sandbox: {}", mine.size(),
                            options_.shard_count > 1 ? fmt::format(" (shard {}/{})", options_.shard_index,
                                                                   options_.shard_count)
                                                     : "",
                            options_.submissions, options_.jobs, isolation_.description));
  if (!manifests.empty())
    progress.note(fmt::format("{} release manifest(s) from {}: a student's copy of an instructor file may be the "
                              "current one or any release's",
                              manifests.size(), options_.release_manifests));
  if (hidden_.cases > 0)
    progress.note(fmt::format("{} hidden test(s) from {}{}", hidden_.cases, options_.hidden_specs,
                              options_.hidden_seed ? fmt::format(", hidden seed {}", *options_.hidden_seed) : ""));
  if (!options_.hidden_rubric.empty() && hidden_.cases > 0)
    progress.note(fmt::format("hidden cases weighted by {}", options_.hidden_rubric));
  if (full_expected_.outputs > 0)
    progress.note(fmt::format("{} large output(s) checked in full against the reference, not only at the "
                              "fixtures' public sample",
                              full_expected_.outputs));

  // Read every submission and decide what must be graded.
  std::map<std::string, std::vector<std::size_t>> groups;  // fingerprint -> students to grade with it
  std::vector<std::string> order;
  std::mutex records_mutex;
  const auto finish_line = [](const StudentRecord& record, const std::string& how) {
    return fmt::format("{}: {} {}/{}{}", record.student, to_string(record.status), record.total(),
                       record.report.max_points, how);
  };
  std::vector<std::string> stale_kept;  // --only: kept, though graded from another submission or harness
  for (std::size_t i = 0; i < mine.size(); ++i) {
    auto& pending = mine[i];
    pending.submission = read_submission(pending.entry, rubric_.student_files, editions);
    Sha256 content;
    for (const auto& [path, text] : pending.submission.student_files) content.add(path).add(text);
    const bool has_code = pending.submission.problem.empty() && pending.submission.missing_files.empty();
    pending.content_hash = has_code ? content.hex() : std::string();
    Sha256 fingerprint;
    fingerprint.add(harness_fingerprint).add(pending.content_hash).add(pending.submission.problem);
    for (const auto& file : pending.submission.missing_files) fingerprint.add(file);
    for (const auto& file : pending.submission.edited_files) fingerprint.add(file);
    // A missing student's problem lists what their submission holds, so two
    // missing submissions are one grading only if they hold the same files.
    for (const auto& file : pending.submission.holds) fingerprint.add(file);
    pending.fingerprint = fingerprint.hex();

    const auto folder = (fs::path(options_.out) / pending.entry.student).string();
    const bool named = options_.only.empty() ||
                       std::find(options_.only.begin(), options_.only.end(), pending.entry.student) != options_.only.end();
    if (!named) {
      // --only: everyone else keeps the result they have, as it is; one
      // who has none is left unfinished (the class files say so).
      std::optional<StudentRecord> stored;
      try {
        stored = load_record(folder);
      } catch (const std::exception& error) {
        result.warnings.push_back(error.what());
      }
      if (stored) {
        if (stored->fingerprint != pending.fingerprint) stale_kept.push_back(stored->student);
        ++result.reused;
        progress.finished(finish_line(*stored, " (kept: not named by --only)"), true);
        result.records.push_back(std::move(*stored));
      } else {
        progress.note(fmt::format("{}: no result yet, and not named by --only: not graded", pending.entry.student));
      }
      continue;
    }
    if (!options_.force && options_.only.empty() && options_.explain.empty()) {
      std::optional<StudentRecord> previous;
      try {
        previous = load_record(folder);
      } catch (const std::exception& error) {
        result.warnings.push_back(error.what());
      }
      // Where the file was found is not part of the fingerprint (identical
      // files are graded once wherever they are), but is part of the record.
      if (previous && previous->fingerprint == pending.fingerprint && previous->found_at == pending.submission.found_at &&
          previous->status != StudentStatus::HarnessError) {
        ++result.reused;
        progress.finished(finish_line(*previous, " (unchanged: kept)"), true);
        result.records.push_back(std::move(*previous));
        continue;
      }
    }
    auto& group = groups[pending.fingerprint];
    if (group.empty()) order.push_back(pending.fingerprint);
    group.push_back(i);
  }

  // Grade each distinct submission once, `jobs` at a time.
  std::size_t next = 0;
  std::mutex queue_mutex;
  const auto work = [&] {
    while (true) {
      std::string key;
      {
        std::lock_guard<std::mutex> lock(queue_mutex);
        if (next >= order.size() || stop_.load()) return;
        key = order[next++];
      }
      const auto& members = groups.at(key);
      Graded graded;
      try {
        graded = grade(mine[members.front()], members.front());
      } catch (const std::exception& error) {  // e.g. the scratch folder cannot be written
        graded.status = StudentStatus::HarnessError;
        graded.problem = error.what();
        graded.results = ungraded_results(rubric_, graded.status, graded.problem);
      }
      if (graded.cancelled) continue;
      for (std::size_t m = 0; m < members.size(); ++m) {
        auto record = record_for(mine[members[m]], graded);
        if (m > 0) record.build_seconds = record.grade_seconds = 0.0;  // graded once, with the first
        if (!options_.explain.empty()) {
          // Printed by grade-all, never saved: it shows the hidden cases.
          std::lock_guard<std::mutex> lock(records_mutex);
          result.explanation = explanation(record);
          result.records.push_back(std::move(record));
          continue;
        }
        std::string how = fmt::format(" ({:.1f} s)", graded.build_seconds + graded.grade_seconds);
        if (m > 0) how = fmt::format(" (identical to {}: graded once)", mine[members.front()].entry.student);
        try {
          save_record(options_.out, record);
        } catch (const std::exception& error) {
          progress.note(fmt::format("{}: cannot save the results: {}", record.student, error.what()));
          continue;
        }
        const bool quick = m > 0 || record.status == StudentStatus::Missing || record.status == StudentStatus::Invalid;
        progress.finished(finish_line(record, how), quick);
        std::lock_guard<std::mutex> lock(records_mutex);
        if (m == 0) ++result.graded; else ++result.shared;
        result.records.push_back(std::move(record));
      }
    }
  };
  std::vector<std::thread> workers;
  const auto count = std::min<std::size_t>(static_cast<std::size_t>(std::max(1, options_.jobs)), order.size());
  for (std::size_t w = 0; w < count; ++w) workers.emplace_back(work);
  for (auto& worker : workers) worker.join();
  progress.done();
  if (!stale_kept.empty())
    result.warnings.push_back(fmt::format("--only kept the results of {} student(s) graded from another submission or "
                                          "harness than today's (run without --only to regrade them): {}",
                                          stale_kept.size(), fmt::join(stale_kept, ", ")));

  result.harness = harness_fingerprint;
  std::set<std::string> finished;
  for (const auto& record : result.records) finished.insert(record.student);
  for (const auto& pending : mine) {
    result.students.push_back(pending.entry.student);
    if (finished.count(pending.entry.student) == 0) result.unfinished.push_back(pending.entry.student);
  }
  std::sort(result.records.begin(), result.records.end(),
            [](const StudentRecord& a, const StudentRecord& b) { return a.student < b.student; });
  if (!options_.keep_scratch) {
    std::error_code ignored;
    fs::remove_all(scratch_root_, ignored);
  }
  return result;
}

}  // namespace

bool in_shard(std::size_t position, int index, int count) {
  return count <= 1 || static_cast<int>(position % static_cast<std::size_t>(count)) == index - 1;
}

ClassRunResult grade_class(const ClassRunOptions& options, const std::atomic<bool>& stop) {
  return ClassGrader(options, stop).run();
}

}  // namespace assg
