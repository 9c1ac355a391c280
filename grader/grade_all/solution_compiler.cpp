#include "solution_compiler.hpp"

#include <wordexp.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "platform/child_process.hpp"
#include "sha256.hpp"

namespace assg {

namespace fs = std::filesystem;

namespace {

constexpr const char* kProbeSuffix = "grader/grade_all/empty_solution.cpp";

// A compile_commands.json "command": shell words, quoted by CMake.
std::vector<std::string> split_command(const std::string& command) {
  wordexp_t words{};
  if (::wordexp(command.c_str(), &words, WRDE_NOCMD) != 0)
    throw std::runtime_error(fmt::format("cannot split the compile command: {}", command));
  std::vector<std::string> arguments(words.we_wordv, words.we_wordv + words.we_wordc);
  ::wordfree(&words);
  return arguments;
}

// Drops the dependency-file options (-MD -MT x -MF y): nothing tracks them here.
std::vector<std::string> without_dependency_options(const std::vector<std::string>& arguments) {
  std::vector<std::string> kept;
  for (std::size_t i = 0; i < arguments.size(); ++i) {
    const auto& argument = arguments[i];
    if (argument == "-MD" || argument == "-MMD") continue;
    if (argument == "-MT" || argument == "-MF" || argument == "-MQ") {
      ++i;
      continue;
    }
    kept.push_back(argument);
  }
  return kept;
}


}  // namespace

SolutionToolchain load_toolchain(const std::string& build_dir) {
  const auto commands_path = fs::path(build_dir) / "compile_commands.json";
  const auto link_path = fs::path(build_dir) / "grade-all" / "runner_link.txt";
  const auto rebuild = fmt::format("build it with: cmake --build {}", build_dir);
  std::ifstream commands_file(commands_path);
  if (!commands_file) throw std::runtime_error(fmt::format("{}: missing; {}", commands_path.string(), rebuild));
  nlohmann::json commands;
  try {
    commands = nlohmann::json::parse(commands_file);
  } catch (const nlohmann::json::exception& error) {
    throw std::runtime_error(fmt::format("{}: not valid JSON ({}); {}", commands_path.string(), error.what(), rebuild));
  }
  SolutionToolchain toolchain;
  for (const auto& entry : commands) {
    const auto file = entry.value("file", std::string());
    if (file.size() < std::char_traits<char>::length(kProbeSuffix) ||
        file.compare(file.size() - std::char_traits<char>::length(kProbeSuffix), std::string::npos, kProbeSuffix) != 0)
      continue;
    toolchain.probe_source = file;
    toolchain.compile = entry.contains("arguments") ? entry.at("arguments").get<std::vector<std::string>>()
                                                    : split_command(entry.value("command", std::string()));
  }
  if (toolchain.compile.empty())
    throw std::runtime_error(fmt::format("{}: has no command for {}; {}", commands_path.string(), kProbeSuffix, rebuild));
  toolchain.compile = without_dependency_options(toolchain.compile);

  std::ifstream link_file(link_path);
  if (!link_file) throw std::runtime_error(fmt::format("{}: missing; {}", link_path.string(), rebuild));
  // Line 1: the compiler driver and link options; then one input per line.
  std::string line;
  std::getline(link_file, line);
  toolchain.link = split_command(line);
  while (std::getline(link_file, line))
    if (!line.empty()) toolchain.link_inputs.push_back(line);
  if (toolchain.link.empty() || toolchain.link_inputs.empty())
    throw std::runtime_error(fmt::format("{}: incomplete; {}", link_path.string(), rebuild));

  // What the sandbox must show, and nothing more: the compiler's include
  // folders (sources: the interface, the runner's headers), the precompiled
  // header's files and the prebuilt link inputs, file by file. Never their
  // build folders, which also hold the compiled reference and mutants (a
  // solution could .incbin them and run them).
  std::set<std::string> paths;
  for (std::size_t i = 0; i < toolchain.compile.size(); ++i) {
    const auto& argument = toolchain.compile[i];
    for (const char* option : {"-I", "-isystem", "-iquote", "-include"}) {
      const std::string prefix(option);
      if (argument == prefix && i + 1 < toolchain.compile.size()) {
        const auto& path = toolchain.compile[i + 1];
        if (prefix == "-include") {
          for (const auto& file : {path, path + ".gch"})
            if (fs::exists(file)) paths.insert(file);
        } else {
          paths.insert(path);
        }
      } else if (argument.size() > prefix.size() && argument.rfind(prefix, 0) == 0 && prefix != "-include") {
        paths.insert(argument.substr(prefix.size()));
      }
    }
  }
  for (const auto& input : toolchain.link_inputs)
    if (!input.empty() && input.front() == '/') paths.insert(input);
  for (const auto& path : paths)
    if (path.rfind("/usr/", 0) != 0) toolchain.read_only.push_back(path);

  Sha256 hash;
  for (const auto& argument : toolchain.compile) hash.add(argument);
  for (const auto& argument : toolchain.link) hash.add(argument);
  for (const auto& input : toolchain.link_inputs) {
    hash.add(input);
    if (fs::is_regular_file(input)) hash.add_file(input);
  }
  toolchain.fingerprint = hash.hex();
  return toolchain;
}

BuildOutcome build_solution(const SolutionToolchain& toolchain, const Isolation& isolation, const std::string& scratch,
                            const std::vector<std::string>& sources, const BuildLimits& limits) {
  BuildOutcome outcome;
  auto prefix = limits.launcher;
  const auto sandbox = sandbox_prefix(isolation, SandboxView{toolchain.read_only, scratch, scratch});
  prefix.insert(prefix.end(), sandbox.begin(), sandbox.end());
  ChildLimits child;
  child.timeout_seconds = limits.timeout_seconds;
  child.address_space_bytes = limits.address_space_bytes;
  child.file_size_bytes = limits.file_size_bytes;
  child.output_cap_bytes = 256 * 1024;
  child.cancel = limits.cancel;
  child.working_directory = scratch;
  child.environment = {"LC_ALL=C", "GCC_COLORS="};  // plain messages, the same on every machine

  const auto run = [&](std::vector<std::string> command) {
    command.insert(command.begin(), prefix.begin(), prefix.end());
    const auto program = command.front();
    command.erase(command.begin());
    return run_child(program, command, {}, child);
  };
  const auto judge = [&](const ChildResult& result) -> bool {
    outcome.seconds += result.wall_seconds;
    outcome.log += result.output;
    switch (result.ending) {
      case ChildResult::Ending::Exited:
        if (result.exit_code == 0) return true;
        outcome.status = BuildOutcome::Status::CompileError;
        return false;
      case ChildResult::Ending::TimedOut:
        outcome.status = BuildOutcome::Status::TimedOut;
        outcome.log += fmt::format("\nerror: compiling took longer than {:g} s and was stopped\n", limits.timeout_seconds);
        return false;
      case ChildResult::Ending::Cancelled: outcome.status = BuildOutcome::Status::Cancelled; return false;
      case ChildResult::Ending::Signaled:
        // The compiler killed by a limit (memory, file size) is the
        // submission's doing; anything else is reported as it is.
        outcome.status = BuildOutcome::Status::CompileError;
        outcome.log += fmt::format("\nerror: the compiler was stopped by {} (a resource limit?)\n",
                                   describe_signal(result.signal));
        return false;
      case ChildResult::Ending::SpawnFailed:
        outcome.status = BuildOutcome::Status::HarnessError;
        outcome.log += result.spawn_error;
        return false;
    }
    return false;
  };

  std::vector<std::string> objects;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    if (fs::path(sources[i]).extension() != ".cpp") continue;
    const auto object = fmt::format("objects/{}.o", i);
    fs::create_directories(fs::path(scratch) / "objects");
    std::vector<std::string> command;
    for (std::size_t a = 0; a < toolchain.compile.size(); ++a) {
      const auto& argument = toolchain.compile[a];
      if (argument == "-o" && a + 1 < toolchain.compile.size()) {
        command.insert(command.end(), {"-o", object});
        ++a;
      } else if (argument == toolchain.probe_source) {
        command.push_back(sources[i]);
      } else {
        command.push_back(argument);
      }
    }
    if (!judge(run(command))) return outcome;
    objects.push_back(object);
  }
  auto command = toolchain.link;
  command.insert(command.end(), objects.begin(), objects.end());
  command.insert(command.end(), toolchain.link_inputs.begin(), toolchain.link_inputs.end());
  command.insert(command.end(), {"-o", "runner"});
  if (!judge(run(command))) return outcome;
  outcome.status = BuildOutcome::Status::Built;
  return outcome;
}

}  // namespace assg
