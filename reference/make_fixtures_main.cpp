// make-fixtures: turns fixture specs into fixtures of golden values computed
// by the reference solution. Output is byte-identical on every machine, so
// `--check` can tell when a committed fixture is stale.
//
//   make-fixtures --spec fixtures/spec/conv_forward.json --out fixtures/conv_forward.json
//   make-fixtures --spec-dir fixtures/spec --out-dir fixtures [--check]
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "file_io.hpp"
#include "fixture.hpp"
#include "fixture_builder.hpp"

namespace fs = std::filesystem;

namespace {

struct Job {
  fs::path spec;
  fs::path out;
};

std::string read_text(const fs::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return {};
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Generate fixtures (golden values) from fixture specs with the reference solution."};
  std::string spec, out, spec_dir, out_dir;
  bool check = false;
  auto* single = app.add_option("--spec", spec, "One spec file");
  app.add_option("--out", out, "Where to write its fixture")->needs(single);
  auto* many = app.add_option("--spec-dir", spec_dir, "A folder of spec files (*.json, not recursive)");
  app.add_option("--out-dir", out_dir, "Where to write their fixtures (same file names)")->needs(many);
  app.add_flag("--check", check, "Write nothing; exit 1 if any fixture is missing or differs from its spec");
  single->excludes(many);
  CLI11_PARSE(app, argc, argv);

  std::vector<Job> jobs;
  if (!spec.empty()) {
    if (out.empty()) {
      std::cerr << "make-fixtures: --spec needs --out\n";
      return 2;
    }
    jobs.push_back({spec, out});
  } else if (!spec_dir.empty()) {
    if (out_dir.empty()) {
      std::cerr << "make-fixtures: --spec-dir needs --out-dir\n";
      return 2;
    }
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(spec_dir, error))
      if (entry.is_regular_file() && entry.path().extension() == ".json")
        jobs.push_back({entry.path(), fs::path(out_dir) / entry.path().filename()});
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

  int stale = 0, failed = 0;
  for (const auto& job : jobs) {
    try {
      const auto fixture =
          assg::build_fixture(assg::read_json_file(job.spec.string()), job.spec.filename().string());
      const auto text = assg::format_json(fixture);
      if (check) {
        if (read_text(job.out) != text) {
          std::cout << fmt::format("stale: {} does not match {} (run `make fixtures`)\n", job.out.string(),
                                   job.spec.string());
          ++stale;
        } else {
          std::cout << fmt::format("fresh: {}\n", job.out.string());
        }
      } else {
        assg::write_file_atomically(job.out.string(), text);
        std::cout << fmt::format("wrote {} ({} cases, {} bytes)\n", job.out.string(), fixture["cases"].size(),
                                 text.size());
      }
    } catch (const std::exception& error) {
      std::cerr << fmt::format("make-fixtures: error: {}\n", error.what());
      ++failed;
    }
  }
  if (failed > 0) return 2;
  return stale > 0 ? 1 : 0;
}
