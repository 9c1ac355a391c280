// grade-all: grades a whole class's submissions with the same grader,
// points and results JSON as `make test`, plus hidden tests, a gradebook, a
// class report, resumable runs and shards for a cluster.
//
//   grade-all [--submissions DIR] [--out DIR] [--jobs N] [--shard K/N] ...
//   grade-all merge --out DIR SHARD_OUT...
//
// Exit status: 0 every student has a result; 1 some student could not be
// graded because of the harness (harness_error: not the student's fault),
// or has no result yet and was not named by --only;
// 2 the run could not start (bad option, rubric, fixture, build);
// 130 interrupted (finished students are kept: run again to finish).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <regex>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "platform/child_process.hpp"
#include "class_files.hpp"
#include "class_grading.hpp"
#include "hidden_fixtures.hpp"
#include "regrade_compare.hpp"
#include "roster.hpp"
#include "rubric.hpp"
#include "shard_merge.hpp"
#include "submission_reader.hpp"
#include "file_io.hpp"

namespace {

namespace fs = std::filesystem;

constexpr int kHarnessErrors = 1;
constexpr int kCannotRun = 2;
constexpr int kInterrupted = 130;

std::atomic<bool> stop_requested{false};

// First Ctrl-C: finish cleanly (running students are stopped and left
// ungraded, finished ones kept). Second: stop at once.
extern "C" void on_interrupt(int) {
  if (stop_requested.exchange(true)) {
    assg::kill_all_children();
    ::_exit(kInterrupted);
  }
  constexpr char kMessage[] = "\ngrade-all: stopping: finished students are kept; Ctrl-C again to stop at once\n";
  [[maybe_unused]] auto ignored = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
}

int fail(const std::string& message) {
  std::cerr << "grade-all: error: " << message << "\n";
  return kCannotRun;
}

struct Shard {
  int index = 1;
  int count = 1;
};

// "K/N", 1 <= K <= N.
std::optional<Shard> parse_shard(const std::string& text) {
  static const std::regex pattern(R"(\s*(\d{1,6})\s*/\s*(\d{1,6})\s*)");
  std::smatch match;
  if (!std::regex_match(text, match, pattern)) return std::nullopt;
  const Shard shard{std::stoi(match[1]), std::stoi(match[2])};
  if (shard.count < 1 || shard.index < 1 || shard.index > shard.count) return std::nullopt;
  return shard;
}

void print_warnings(const std::vector<std::string>& warnings) {
  for (const auto& warning : warnings) std::cerr << "grade-all: warning: " << warning << "\n";
}

// canvas.csv's column: the one --canvas-assignment names, else the roster's
// own (a Canvas export's "Assignment 05 (88123)") when it has exactly one.
std::vector<std::string> choose_canvas_column(const assg::Roster& roster, bool given, std::string& title) {
  if (given || roster.assignment_columns.empty()) return {};
  if (roster.assignment_columns.size() == 1) {
    // Said every time: if the export is of another assignment, an import
    // would overwrite that one's grades.
    title = roster.assignment_columns.front();
    return {fmt::format("canvas.csv's column is \"{}\", the one assignment of {}: check that it is this assignment "
                        "(else --canvas-assignment)",
                        title, roster.path)};
  }
  return {fmt::format("{}: {} assignment columns ({}); canvas.csv's is titled \"{}\" (choose with "
                      "--canvas-assignment)",
                      roster.path, roster.assignment_columns.size(), fmt::join(roster.assignment_columns, ", "), title)};
}

}  // namespace

int main(int argc, char** argv) {
  assg::ClassRunOptions options;
  options.source_dir = ASSG_SOURCE_DIR;
  options.build_dir = ASSG_BINARY_DIR;
  options.submissions = ASSG_SOURCE_DIR "/demo_class";
  options.out = "out";
  options.rubric_path = ASSG_SOURCE_DIR "/grader/rubric.json";
  options.fixtures_dir = ASSG_SOURCE_DIR "/fixtures";
  options.hidden_specs = ASSG_SOURCE_DIR "/fixtures/spec/hidden";
  options.release_manifests = ASSG_SOURCE_DIR "/distribution/releases";
  options.jobs = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  std::string shard_text = "1/1";
  std::string compare_with;
  std::string roster_path;
  std::string progress_mode = "auto";
  std::string report_template = ASSG_SOURCE_DIR "/grader/grade_all/report_page.html";
  bool no_hidden = false;
  std::uint32_t hidden_seed = 0;

  CLI::App app{"Grade a whole class: every submission compiled and graded in its own sandboxed scratch folder,\n"
               "with the rubric's visible and hidden tests, into OUT: grades.csv, <student>/results.json and\n"
               "feedback.md, summary.json, report.html (and canvas.csv with --roster)."};
  app.add_option("--submissions", options.submissions,
                 "Folder with one entry per student: a folder (a copy of the assignment repo), .zip or .tar.gz")
      ->capture_default_str();
  app.add_option("--out", options.out, "Where the results go")->capture_default_str();
  app.add_option("--jobs", options.jobs, "Submissions graded at once")->check(CLI::Range(1, 512))->capture_default_str();
  app.add_option("--shard", shard_text, "Grade only slice K of N (1-based; students in name order, every Nth)")
      ->capture_default_str();
  app.add_flag("--force", options.force, "Regrade every student, even those unchanged since their last result");
  app.add_option("--only", options.only,
                 "Regrade only these students (entry names); everyone else keeps their stored result, and the class "
                 "files are written for the whole class");
  app.add_option("--explain", options.explain,
                 "Grade this one student and print each of their hidden cases by name, with its status and full message "
                 "(for you, not the student: nothing is saved; not with --keep-scratch)");
  app.add_option("--compare", compare_with,
                 "An earlier output folder: print the students whose points moved (biggest first, with the tasks "
                 "that moved) and write OUT/compare.csv");
  app.add_option("--roster", roster_path, "Class roster CSV: also write canvas.csv (Canvas's gradebook import)");
  app.add_option("--junit", options.class_files.junit_path,
                 "Also write every student's grade as JUnit XML here (for GitLab, Jenkins and other CI)");
  app.add_option("--canvas-assignment", options.class_files.canvas_assignment,
                 "The assignment's column title in canvas.csv (Canvas's name, optionally with its id: \"A5 (1234)\"; "
                 "default: the roster's own assignment column, if it has exactly one)")
      ->capture_default_str();
  app.add_option("--hidden-specs", options.hidden_specs, "Folder of hidden test specs (instructor only)")
      ->capture_default_str();
  app.add_option("--hidden-rubric", options.hidden_rubric,
                 "The hidden cases' weights, time limits and tolerances, by case name (default: the hidden specs "
                 "folder's rubric.json, if it has one); never in the students' rubric, which would publish them");
  app.add_flag("--no-hidden", no_hidden, "Grade without the hidden tests");
  app.add_option("--release-manifests", options.release_manifests,
                 "Folder of the student releases' manifests (make student-release writes them): a student's copy of "
                 "an instructor file is flagged as edited only if it matches neither the current file nor any release's")
      ->capture_default_str();
  app.add_option("--hidden-seed", hidden_seed, "Vary every seeded hidden case (e.g. one seed per term)");
  app.add_option("--sandbox", options.sandbox, "auto, bwrap, landlock or none (see docs/architecture.md: what is enforced where)")
      ->check(CLI::IsMember({"auto", "bwrap", "landlock", "none"}))
      ->capture_default_str();
  app.add_flag("--require-sandbox", options.require_sandbox,
               "With --sandbox auto: refuse to grade when neither bubblewrap nor Landlock works here");
  app.add_option("--submission-timeout", options.submission_timeout, "Seconds one submission's grading may take")
      ->check(CLI::Range(1.0, 86400.0))
      ->capture_default_str();
  app.add_option("--compile-timeout", options.compile_timeout, "Seconds compiling one submission may take")
      ->check(CLI::Range(1.0, 3600.0))
      ->capture_default_str();
  app.add_flag("--keep-scratch", options.keep_scratch, "Keep each submission's scratch folder (OUT/.grade-all/scratch)");
  app.add_option("--progress", progress_mode, "auto (a bar on a terminal), bar or log")
      ->check(CLI::IsMember({"auto", "bar", "log"}))
      ->capture_default_str();
  app.add_option("--rubric", options.rubric_path, "Rubric file")->capture_default_str();
  app.add_option("--fixtures", options.fixtures_dir, "Visible fixtures folder")->capture_default_str();
  app.add_option("--build", options.build_dir, "The instructor's build folder")->capture_default_str();

  auto* merge = app.add_subcommand("merge", "Combine shard outputs into OUT: the same files one run writes");
  std::vector<std::string> shard_outputs;
  std::string merge_out;
  merge->add_option("--out", merge_out, "Where the merged results go")->required();
  merge->add_option("shards", shard_outputs, "The shards' output folders")->required()->check(CLI::ExistingDirectory);
  merge->add_option("--roster", roster_path, "Class roster CSV: also write canvas.csv");
  merge->add_option("--junit", options.class_files.junit_path, "Also write every student's grade as JUnit XML here");
  merge->add_option("--canvas-assignment", options.class_files.canvas_assignment, "The assignment's title in canvas.csv");
  merge->add_option("--rubric", options.rubric_path, "Rubric file");
  app.footer("Exit status: 0 every student has a result; 1 some could not be graded (harness_error, see the log),\n"
             "or have no result yet and were not named by --only;\n"
             "2 the run could not start; 130 interrupted (finished students are kept: run again to finish).\n"
             "Students whose submission and the harness are unchanged keep their result (--force regrades).");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? 0 : kCannotRun;
  }

  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  // Bubblewrap leaves its inner process to be reaped by whoever adopts it;
  // adopt and reap them here, so that they never pile up as zombies (and
  // count against a submission's process limit) on a machine whose init
  // reaps slowly, as in many containers.
  std::atomic<bool> reaping{assg::adopt_orphans()};
  std::thread reaper([&reaping] {
    while (reaping.load()) {
      assg::reap_orphans();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  struct StopReaper {
    std::atomic<bool>& flag;
    std::thread& thread;
    ~StopReaper() {
      flag = false;
      thread.join();
    }
  } stop_reaper{reaping, reaper};

  try {
    options.class_files.report_template = assg::load_report_template(report_template);
    if (!roster_path.empty()) {
      options.class_files.roster = assg::load_roster(roster_path);
      const auto given = app.count("--canvas-assignment") != 0 || merge->count("--canvas-assignment") != 0;
      print_warnings(choose_canvas_column(*options.class_files.roster, given, options.class_files.canvas_assignment));
    }
    const auto rubric = assg::load_rubric(options.rubric_path);

    if (*merge) {
      const auto merged = assg::merge_shards(shard_outputs, merge_out);
      print_warnings(merged.warnings);
      options.class_files.unfinished = merged.unfinished;
      print_warnings(assg::write_class_files(merge_out, rubric, merged.records, options.class_files));
      std::cout << fmt::format("grade-all: merged {} student(s) from {} shard(s) into {}\n", merged.records.size(),
                               shard_outputs.size(), merge_out);
      if (!merged.unfinished.empty())
        std::cerr << fmt::format("grade-all: {} student(s) were not finished in their shard: the merged class is "
                                 "incomplete\n",
                                 merged.unfinished.size());
      return merged.warnings.empty() && merged.unfinished.empty() ? 0 : kHarnessErrors;
    }

    const auto shard = parse_shard(shard_text);
    if (!shard) return fail(fmt::format("--shard {}: expected K/N with 1 <= K <= N, e.g. --shard 2/4", shard_text));
    options.shard_index = shard->index;
    options.shard_count = shard->count;
    if (app.count("--hidden-specs") != 0 && !no_hidden && !fs::is_directory(options.hidden_specs))
      return fail(fmt::format("--hidden-specs {}: no such folder", options.hidden_specs));
    if (app.count("--release-manifests") != 0 && !fs::is_directory(options.release_manifests))
      return fail(fmt::format("--release-manifests {}: no such folder", options.release_manifests));
    if (no_hidden && app.count("--hidden-seed") != 0) return fail("--hidden-seed has no effect with --no-hidden");
    if (no_hidden && app.count("--hidden-rubric") != 0) return fail("--hidden-rubric has no effect with --no-hidden");
    if (app.count("--hidden-rubric") != 0 && !fs::is_regular_file(options.hidden_rubric))
      return fail(fmt::format("--hidden-rubric {}: no such file", options.hidden_rubric));
    if (no_hidden) options.hidden_specs.clear();
    if (app.count("--hidden-rubric") == 0 && !options.hidden_specs.empty() &&
        fs::is_regular_file(fs::path(options.hidden_specs) / assg::kHiddenRubricName))
      options.hidden_rubric = (fs::path(options.hidden_specs) / assg::kHiddenRubricName).string();
    if (!options.hidden_rubric.empty()) options.hidden_rubric = fs::absolute(options.hidden_rubric).string();
    if (app.count("--hidden-seed") != 0) options.hidden_seed = hidden_seed;
    if (!fs::is_directory(options.submissions))
      return fail(fmt::format("{}: no such submissions folder", options.submissions));
    if (!options.only.empty() && !options.explain.empty()) return fail("--only and --explain: give one of them");
    // The scratch folder of an explained student holds the revealed results.
    if (!options.explain.empty() && options.keep_scratch)
      return fail("--explain saves nothing, so not with --keep-scratch (whose scratch would keep the hidden data)");
    if ((!options.only.empty() || !options.explain.empty()) && shard->count > 1)
      return fail("--only and --explain grade named students: not with --shard");
    {
      // Before any grading: names that are no submission, and a roster
      // that matches nobody, stop the run here.
      std::vector<std::string> students;
      for (const auto& entry : assg::list_submissions(options.submissions).entries) students.push_back(entry.student);
      auto named = options.only;
      if (!options.explain.empty()) named.push_back(options.explain);
      for (const auto& student : named)
        if (std::find(students.begin(), students.end(), student) == students.end())
          return fail(fmt::format("{}: no such student in {} (give the entry's name without .zip or .tar.gz)", student,
                                  options.submissions));
      if (options.class_files.roster && options.explain.empty()) assg::match_roster(*options.class_files.roster, students);
    }
    // Absolute: the compiler and the grader run inside scratch folders.
    options.out = fs::absolute(options.out).lexically_normal().string();
    options.submissions = fs::absolute(options.submissions).lexically_normal().string();
    options.rubric_path = fs::absolute(options.rubric_path).string();
    options.fixtures_dir = fs::absolute(options.fixtures_dir).string();
    options.build_dir = fs::absolute(options.build_dir).string();
    if (!options.hidden_specs.empty()) options.hidden_specs = fs::absolute(options.hidden_specs).string();
    options.release_manifests = fs::absolute(options.release_manifests).string();
    // OUT and SUBMISSIONS apart: results written among the submissions would
    // be read back as submissions (and a student folder as results).
    const auto inside = [](const fs::path& inner, const fs::path& outer) {
      const auto relative = fs::weakly_canonical(inner).lexically_relative(fs::weakly_canonical(outer));
      return !relative.empty() && relative.begin()->string() != "..";
    };
    if (inside(options.out, options.submissions) || inside(options.submissions, options.out))
      return fail(fmt::format("--out {} and --submissions {} overlap; put the results somewhere else", options.out,
                              options.submissions));
    options.terminal = progress_mode == "bar" || (progress_mode == "auto" && ::isatty(STDOUT_FILENO) != 0);

    std::vector<assg::StudentRecord> previous;
    if (!compare_with.empty()) previous = assg::load_output_records(compare_with);

    auto result = assg::grade_class(options, stop_requested);
    print_warnings(result.warnings);
    if (!options.explain.empty()) {
      // The instructor's eyes only: printed, never saved.
      std::cout << result.explanation;
      if (stop_requested.load() || result.records.empty()) {
        std::cerr << fmt::format("grade-all: {} was not graded (interrupted)\n", options.explain);
        return kInterrupted;
      }
      return 0;
    }
    options.class_files.unfinished = result.unfinished;
    assg::save_manifest(options.out, {result.harness, options.shard_index, options.shard_count, result.students,
                                      options.class_files.unfinished});
    print_warnings(assg::write_class_files(options.out, rubric, result.records, options.class_files));

    std::size_t harness_errors = 0;
    for (const auto& record : result.records)
      if (record.status == assg::StudentStatus::HarnessError) ++harness_errors;
    std::cout << fmt::format("grade-all: {} student(s): {} graded now, {} identical to one graded now, {} unchanged{}\n",
                             result.records.size(), result.graded, result.shared, result.reused,
                             result.unfinished.empty() ? std::string()
                                                       : fmt::format(", {} not finished", result.unfinished.size()));
    std::cout << fmt::format("grade-all: wrote {0}/grades.csv, {0}/summary.json, {0}/report.html{1} and one folder per "
                             "student\n",
                             options.out,
                             options.class_files.roster && options.class_files.unfinished.empty()
                                 ? fmt::format(", {}/canvas.csv", options.out)
                                 : "");
    // compare.csv describes one whole run against another: an earlier one
    // is removed, and an unfinished run is not compared (its students not
    // yet graded would read as "no longer graded").
    std::error_code ignored;
    fs::remove(options.out + "/compare.csv", ignored);
    if (!compare_with.empty() && !options.class_files.unfinished.empty()) {
      std::cout << fmt::format("\nNot compared with {}: {} student(s) are not finished\n", compare_with,
                               options.class_files.unfinished.size());
    } else if (!compare_with.empty()) {
      const auto changes = assg::compare_records(previous, result.records);
      assg::write_file_atomically(options.out + "/compare.csv", changes.csv());
      std::cout << fmt::format("\nCompared with {}: {} student(s) moved{}\n{}(also in {}/compare.csv)\n", compare_with,
                               changes.moved.size(), changes.moved.empty() ? ": no total and no task" : "",
                               changes.text(), options.out);
    }
    if (!stop_requested.load() && !options.class_files.unfinished.empty() && !options.only.empty()) {
      std::cerr << fmt::format("grade-all: {} student(s) have no result yet and were not named by --only, so grades.csv "
                               "and the report are INCOMPLETE: run without --only to grade them\n",
                               options.class_files.unfinished.size());
      return kHarnessErrors;
    }
    if (stop_requested.load() || !options.class_files.unfinished.empty()) {
      std::cerr << fmt::format("grade-all: interrupted: {} student(s) not graded, so grades.csv and the report are "
                               "INCOMPLETE; run the same command again to grade the rest\n",
                               options.class_files.unfinished.size());
      return kInterrupted;
    }
    if (harness_errors > 0) {
      std::cerr << fmt::format("grade-all: {} student(s) could not be graded (harness_error): see their results.json\n",
                               harness_errors);
      return kHarnessErrors;
    }
    return 0;
  } catch (const std::exception& error) {
    return fail(error.what());
  }
}
