// make-fixtures: turns fixture specs into fixtures of golden values computed
// by the reference solution. Output is byte-identical on every machine, so
// `--check` can tell when a committed fixture is stale.
//
//   make-fixtures --spec fixtures/spec/conv_forward.json --out fixtures/conv_forward.json
//   make-fixtures --spec-dir fixtures/spec --out-dir fixtures [--mistakes-dir fixtures/mistakes] [--check]
//
// --mistakes-dir also writes each fixture's table of known mistakes (the
// outputs of the catalogue's mutants on its cases: grader/common/known_mistakes.hpp),
// which the grader reads to name a student's likely mistake.
//
// With --spec-dir, every spec is built before anything is written: one bad
// spec leaves every fixture as it was.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <set>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "file_io.hpp"
#include "fixture.hpp"
#include "fixture_builder.hpp"
#include "json_format.hpp"
#include "known_mistakes_table.hpp"

namespace fs = std::filesystem;

namespace {

// One file to write: a fixture, or (with --mistakes-dir) its table of known mistakes.
struct Job {
  fs::path spec;
  fs::path out;
  std::string text;  // what the spec generates
};

std::string read_text(const fs::path& path) { return assg::read_file(path.string()).value_or(std::string()); }

bool hidden(const fs::path& path) { return path.filename().string().rfind('.', 0) == 0; }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Generate fixtures (golden values) from fixture specs with the reference solution."};
  std::string spec, out, spec_dir, out_dir, mistakes_dir;
  bool check = false;
  auto* single = app.add_option("--spec", spec, "One spec file");
  app.add_option("--out", out, "Where to write its fixture")->needs(single);
  auto* many = app.add_option("--spec-dir", spec_dir, "A folder of spec files (*.json, not recursive)");
  app.add_option("--out-dir", out_dir, "Where to write their fixtures (same file names)")->needs(many);
  app.add_option("--mistakes-dir", mistakes_dir,
                 "Also write each fixture's table of known mistakes here (same file names)");
  app.add_flag("--check", check,
               "Write nothing; exit 1 if any fixture is missing, differs from its spec, or (with --out-dir) has no spec");
  single->excludes(many);
  CLI11_PARSE(app, argc, argv);

  std::vector<Job> jobs;
  if (!spec.empty()) {
    if (out.empty()) {
      std::cerr << "make-fixtures: --spec needs --out\n";
      return 2;
    }
    std::error_code ignored;
    if (fs::path(spec) == fs::path(out) || fs::equivalent(spec, out, ignored)) {
      std::cerr << fmt::format("make-fixtures: --out {} is the spec itself; it would be overwritten\n", out);
      return 2;
    }
    jobs.push_back({spec, out, {}});
  } else if (!spec_dir.empty()) {
    if (out_dir.empty()) {
      std::cerr << "make-fixtures: --spec-dir needs --out-dir\n";
      return 2;
    }
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(spec_dir, error))
      if (entry.is_regular_file() && entry.path().extension() == ".json" && !hidden(entry.path()))
        jobs.push_back({entry.path(), fs::path(out_dir) / entry.path().filename(), {}});
    if (error) {
      std::cerr << fmt::format("make-fixtures: {}: {}\n", spec_dir, error.message());
      return 2;
    }
    std::sort(jobs.begin(), jobs.end(), [](const Job& a, const Job& b) { return a.spec < b.spec; });
    if (jobs.empty()) {
      std::cerr << fmt::format("make-fixtures: {}: no *.json specs\n", spec_dir);
      return 2;
    }
  } else {
    std::cerr << app.help();
    return 2;
  }

  int failed = 0;
  std::vector<Job> tables;
  for (auto& job : jobs) {
    try {
      const auto fixture = assg::build_fixture(assg::read_json_file(job.spec.string()), job.spec.string());
      job.text = assg::format_json(fixture);
      if (!mistakes_dir.empty())
        tables.push_back({job.spec, fs::path(mistakes_dir) / job.out.filename(),
                          assg::format_json(assg::mutants::known_mistakes_table(
                              assg::parse_fixture(nlohmann::json(fixture), job.out.string())))});
    } catch (const std::exception& error) {
      std::cerr << fmt::format("make-fixtures: error: {}\n", error.what());
      ++failed;
    }
  }
  if (failed > 0) {
    std::cerr << fmt::format("make-fixtures: {} spec{} failed; no fixture was written\n", failed,
                             failed == 1 ? "" : "s");
    return 2;
  }

  jobs.insert(jobs.end(), std::make_move_iterator(tables.begin()), std::make_move_iterator(tables.end()));

  int stale = 0;
  for (const auto& job : jobs) {
    const bool same = read_text(job.out) == job.text;
    if (check) {
      if (!same) ++stale;
      std::cout << fmt::format("{}: {}\n", same ? "fresh" : "stale", job.out.string())
                << (same ? "" : fmt::format("  (differs from what {} generates: run `make fixtures`)\n", job.spec.string()));
      continue;
    }
    if (same) {
      std::cout << fmt::format("unchanged {}\n", job.out.string());
      continue;
    }
    try {
      assg::write_file_atomically(job.out.string(), job.text);
      std::cout << fmt::format("wrote {} ({} bytes)\n", job.out.string(), job.text.size());
    } catch (const std::exception& error) {
      std::cerr << fmt::format("make-fixtures: error: {}\n", error.what());
      return 2;
    }
  }

  // A fixture (or table) without a spec can never be regenerated or checked.
  std::set<fs::path> expected;
  for (const auto& job : jobs) expected.insert(job.out.filename());
  for (const auto& folder : {out_dir, mistakes_dir}) {
    if (!check || folder.empty()) continue;
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(folder, error)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".json" || hidden(entry.path())) continue;
      if (expected.count(entry.path().filename()) == 0) {
        std::cout << fmt::format("orphan: {} has no spec in {}\n", entry.path().string(), spec_dir);
        ++stale;
      }
    }
  }
  return stale > 0 ? 1 : 0;
}
