#include "platform/supervisor_report.hpp"

#include <algorithm>
#include <cstring>
#include <sstream>

#include <fmt/format.h>

#include "text.hpp"

namespace assg {

namespace {

const char* kind_word(SupervisorReport::Kind kind) {
  switch (kind) {
    case SupervisorReport::Kind::Exited: return "exited";
    case SupervisorReport::Kind::Signaled: return "signaled";
    case SupervisorReport::Kind::SetupFailed: return "setup_failed";
  }
  return "setup_failed";
}

}  // namespace

std::string encode_supervisor_report(const SupervisorReport& report) {
  if (report.kind == SupervisorReport::Kind::SetupFailed)
    return fmt::format("{} {} {}\n", kind_word(report.kind), report.code, report.failed_step);
  return fmt::format("{} {} {:.6f}\n", kind_word(report.kind), report.code, report.cpu_seconds);
}

std::optional<SupervisorReport> decode_supervisor_report(const std::string& text) {
  if (text.empty() || text.back() != '\n' || text.find('\n') != text.size() - 1) return std::nullopt;
  std::istringstream line(text);
  std::string word, last;
  SupervisorReport report;
  if (!(line >> word >> report.code >> last)) return std::nullopt;
  std::string extra;
  if (line >> extra) return std::nullopt;
  if (word == kind_word(SupervisorReport::Kind::SetupFailed)) {
    report.kind = SupervisorReport::Kind::SetupFailed;
    report.failed_step = last;
    return report;
  }
  if (word == kind_word(SupervisorReport::Kind::Exited)) report.kind = SupervisorReport::Kind::Exited;
  else if (word == kind_word(SupervisorReport::Kind::Signaled)) report.kind = SupervisorReport::Kind::Signaled;
  else return std::nullopt;
  std::istringstream seconds(last);
  if (!(seconds >> report.cpu_seconds) || report.cpu_seconds < 0) return std::nullopt;
  return report;
}

void apply_supervisor_report(ChildResult& run, const std::optional<SupervisorReport>& report,
                             double cpu_limit_seconds) {
  if (run.ending != ChildResult::Ending::Exited && run.ending != ChildResult::Ending::Signaled) return;
  if (!report) {
    run.spawn_error = fmt::format("the sandbox ended ({}) before the runner's supervisor reported how the runner "
                                  "ended: {}",
                                  run.ending == ChildResult::Ending::Exited
                                      ? fmt::format("exit status {}", run.exit_code)
                                      : describe_signal(run.signal),
                                  shown_text(run.output.substr(run.output.size() > 400 ? run.output.size() - 400 : 0),
                                             /*keep_newlines=*/false));
    run.ending = ChildResult::Ending::SpawnFailed;
    return;
  }
  switch (report->kind) {
    case SupervisorReport::Kind::SetupFailed:
      run.ending = ChildResult::Ending::SpawnFailed;
      run.spawn_error = fmt::format("the runner's supervisor could not {} the runner: {}",
                                    report->failed_step == "seccomp" ? "confine (seccomp)" : "start",
                                    std::strerror(report->code));
      return;
    case SupervisorReport::Kind::Exited:
      run.ending = ChildResult::Ending::Exited;
      run.exit_code = report->code;
      run.signal = 0;
      break;
    case SupervisorReport::Kind::Signaled:
      run.ending = ChildResult::Ending::Signaled;
      run.signal = report->code;
      run.exit_code = 0;
      break;
  }
  run.cpu_seconds = std::max(run.cpu_seconds, report->cpu_seconds);
  judge_cpu_limit(run, cpu_limit_seconds);  // as run_child judges its own child
}

}  // namespace assg
