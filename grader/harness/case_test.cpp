#include "case_test.hpp"

#include <algorithm>
#include <csignal>
#include <cctype>
#include <cmath>
#include <memory>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "compare.hpp"
#include "failure_diagnosis.hpp"
#include "protocol.hpp"
#include "sanitized_runs.hpp"
#include "model/scoring.hpp"
#include "text.hpp"

namespace assg {

namespace {

// Predicate-formatter form of OutputMatches, so that a failure's message is
// exactly the comparison's explanation (EXPECT_PRED_FORMAT4).
::testing::AssertionResult OutputMatchesFormat(const char*, const char*, const char*, const char*,
                                               const OutputSpec& output, const Expected& expected,
                                               const TensorValue& actual, const Tolerance& tolerance) {
  return OutputMatches(output, expected, actual, tolerance);
}

// One line the solution wrote, cut to a readable length, marked "|".
std::string quoted_line(const std::string& line) {
  return "\n    | " + (line.size() > 200 ? utf8_prefix(line, 200) + "..." : line);
}

// The last lines the solution printed, to help a student connect output and
// failure (their own debugging prints included).
std::string printed_tail(const ChildResult& run) {
  if (run.output.empty()) return {};
  std::vector<std::string> lines;
  std::istringstream stream(shown_text(run.output, /*keep_newlines=*/true));
  for (std::string line; std::getline(stream, line);) {
    if (line == kStackOverflowNote) continue;  // the runner's, said in the message itself
    lines.push_back(line);
  }
  constexpr std::size_t kShown = 12;
  std::string text = "\n  your code printed";
  if (run.output_truncated)
    text += fmt::format(" {:.1f} MB (printing that much takes time); its last lines", static_cast<double>(run.output_bytes) / 1e6);
  else if (lines.size() > kShown)
    text += fmt::format(" (last {} lines)", kShown);
  text += ":";
  for (std::size_t i = lines.size() > kShown ? lines.size() - kShown : 0; i < lines.size(); ++i)
    text += quoted_line(lines[i]);
  return text;
}

// Text from the solution (an exception's message), on lines of its own
// marked "|" like its prints: whatever it says, it cannot pass for the
// grader's own lines (a forged table or "Total:").
std::string quoted_lines(const std::string& text) {
  if (text.empty()) return "\n    | (an empty message)";
  std::istringstream stream(shown_text(text, /*keep_newlines=*/true));
  std::string out;
  std::size_t count = 0;
  constexpr std::size_t kShown = 12;
  for (std::string line; std::getline(stream, line); ++count) {
    if (count == kShown) {
      out += "\n    | ...";
      break;
    }
    out += quoted_line(line);
  }
  return out;
}

struct Verdict {
  std::string status;  // property value; empty when the reply is to be compared
  std::string message;
  std::optional<RunnerReply> reply;
};

// make test SANITIZE=1: a run a sanitizer stopped, told from its report,
// followed by what the solution itself printed before it.
Verdict sanitizer_verdict(const ChildResult& run, const std::string& function, const SanitizedSolution& sanitized) {
  auto report = parse_sanitizer_report(run.output);
  // A symbolizer that cannot be run leaves the frames as they were: the
  // message then names the function instead of the line.
  if (report && sanitized.symbolizer) sanitized.symbolizer->symbolize(*report);
  if (!report)
    return {"crashed",
            fmt::format("crashed: a sanitizer stopped {} (exit status {}), but its report is not in the output "
                        "kept{}",
                        function, run.exit_code, printed_tail(run)),
            {}};
  ChildResult before = run;
  before.output.resize(report->start);
  return {"crashed",
          "crashed: " + shown_text(describe_sanitizer_report(*report, function, sanitized.source), /*keep_newlines=*/true) + printed_tail(before),
          {}};
}

Verdict interpret(const ChildResult& run, const std::string& function, const std::string& debug_hint,
                  double limit_seconds, const std::optional<SanitizedSolution>& sanitized) {
  const auto tail = printed_tail(run);
  if (run.reply_too_large && run.ending != ChildResult::Ending::SpawnFailed)
    return {"crashed",
            fmt::format("crashed: {} returned far more data than its outputs need; is a result tensor given a "
                        "wrong, huge size?{}",
                        function, tail),
            {}};
  if (sanitized && run.ending == ChildResult::Ending::Exited && run.exit_code == kSanitizerExitCode)
    return sanitizer_verdict(run, function, *sanitized);
  switch (run.ending) {
    case ChildResult::Ending::SpawnFailed:
      return {"crashed", fmt::format("the grader could not start the solution's runner: {}", run.spawn_error), {}};
    case ChildResult::Ending::Cancelled:
      return {"crashed", "the grading run was stopped before this case finished", {}};
    case ChildResult::Ending::TimedOut: {
      const auto sanitizers =
          sanitized ? fmt::format(" ({:g} times the usual, for the sanitizers)", kSanitizedTimeFactor) : std::string();
      // The limit is on CPU time; the idle time stops only code that waits.
      if (run.timeout_cause == ChildResult::TimeoutCause::Idle)
        return {"timed_out",
                fmt::format("timed out: {} spent {:.0f} s neither running nor waiting for a CPU (it used {:.1f} s "
                            "of CPU time in {:.0f} s on the clock): is it sleeping, or waiting for input that "
                            "never comes?{}",
                            function, run.idle_seconds, run.cpu_seconds, run.wall_seconds, tail),
                {}};
      if (run.timeout_cause == ChildResult::TimeoutCause::Clock)
        return {"timed_out",
                fmt::format("timed out: {} was still running after {:.0f} s on the clock, having used {:.1f} s of "
                            "CPU time (this case's limit is {:g} s{}): it may be waiting for something, or the "
                            "machine may be too busy to run it{}",
                            function, run.wall_seconds, run.cpu_seconds, limit_seconds, sanitizers, tail),
                {}};
      return {"timed_out",
              fmt::format("timed out: {} used {:g} s of CPU time, this case's limit{}, without returning; look for "
                          "a loop that never ends (or one that does far too much work){}",
                          function, limit_seconds, sanitizers, tail),
              {}};
    }
    case ChildResult::Ending::Signaled:
      if (run.signal == SIGSYS)  // the sandbox's doing: nothing to debug
        return {"crashed", fmt::format("crashed: {} was stopped with {}{}", function, describe_signal(run.signal), tail),
                {}};
      if (run.signal == SIGSEGV && run.output.find(kStackOverflowNote) != std::string::npos)
        return {"crashed",
                fmt::format("crashed: {} overflowed the stack (SIGSEGV): a recursion that never ends or goes too "
                            "deep, or a huge array declared as a local variable (use a tensor instead). {}{}",
                            function, debug_hint, tail),
                {}};
      {
        // An invalid access: the sanitizers name its line without a debugger.
        const bool memory = run.signal == SIGSEGV || run.signal == SIGBUS;
        return {"crashed",
                fmt::format("crashed: {} killed the program with {}. {}{}{}", function, describe_signal(run.signal),
                            debug_hint,
                            memory && !sanitized ? "; or run make test SANITIZE=1, which names the line of the first "
                                                   "invalid access"
                                                 : "",
                            tail),
                {}};
      }
    case ChildResult::Ending::Exited: break;
  }
  if (run.reply.empty())
    return {"crashed",
            fmt::format("crashed: the program ended (exit status {}) before {} returned; does your code "
                        "call exit(), abort() or std::terminate?{}",
                        run.exit_code, function, tail),
            {}};
  RunnerReply reply;
  try {
    reply = decode_reply(run.reply);
  } catch (const ProtocolError& error) {
    return {"crashed", fmt::format("crashed: the runner's reply was unreadable ({}){}", error.what(), tail), {}};
  }
  // Exception messages come from student code: any bytes at all, shown
  // quoted (see quoted_lines()), never as the grader's own words.
  reply.exception_type = shown_text(reply.exception_type, /*keep_newlines=*/false);
  switch (reply.status) {
    case RunnerReply::Status::NotImplemented: {
      // The function at fault may be another task's one this one reuses, and
      // it may be a stub or missing from the file altogether.
      // Only a function of the assignment is named: the message is the runner's.
      auto culprit = reply.message.substr(0, reply.message.find(' '));
      if (find_task(culprit) == nullptr) culprit.clear();
      const bool missing = reply.message.find(" is missing from the solution file") != std::string::npos;
      const auto why = missing ? fmt::format("is not defined in your file (check its name and parameter types "
                                             "against student/assg_tasks.hpp, and that it is not inside a namespace)")
                               : std::string("still throws NotImplemented (the starting stub)");
      if (!culprit.empty() && culprit != function)
        return {"not_implemented",
                fmt::format("not implemented yet: {} calls {}, which {}; implement {} first", function, culprit, why,
                            culprit),
                {}};
      if (!missing) return {"not_implemented", own_stub_message(function), {}};
      return {"not_implemented", fmt::format("not implemented yet: {} {}", function, why), {}};
    }
    case RunnerReply::Status::IndexError:
      return {"crashed",
              fmt::format("crashed: {} failed an Eigen index check. {}{}{}", function, debug_hint,
                          quoted_lines(reply.message), tail),
              {}};
    case RunnerReply::Status::Exception:
      if (reply.exception_type == "std::bad_alloc")
        return {"crashed",
                fmt::format("crashed: {} ran out of memory (std::bad_alloc: it asked for more than the {} GiB a case "
                            "may use); is a tensor given a wrong, huge size?{}",
                            function, kCaseMemoryGiB, tail),
                {}};
      return {"crashed", fmt::format("crashed: {} threw {}:{}{}", function, reply.exception_type, quoted_lines(reply.message), tail),
              {}};
    case RunnerReply::Status::Ok: break;
  }
  return {"", tail, std::move(reply)};
}

// Fails (with the reason) unless the solution ran to completion and replied.
::testing::AssertionResult SolutionReturned(const char*, const Verdict& verdict) {
  if (verdict.reply) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << verdict.message;
}

class FixtureCaseTest : public ::testing::Test {
 public:
  FixtureCaseTest(const PlannedTask& task, const FixtureCase& fixture_case, RunScheduler& scheduler, int job,
                  std::optional<SanitizedSolution> sanitized)
      : task_(task), case_(fixture_case), scheduler_(scheduler), job_(job), sanitized_(std::move(sanitized)) {}

  void TestBody() override {
    const ChildResult run = scheduler_.take(job_);
    const auto& function = task_.rule.function;
    // Large cases take minutes under a debugger: point at a small one instead.
    const auto debug_hint =
        case_.generate ? fmt::format("To see where, run make debug TASK={} on a smaller case that fails the same "
                                     "way (make debug TASK=list lists them)",
                                     task_.rule.id)
                       : fmt::format("To see where, run: make debug TASK={} CASE={}", task_.rule.id, case_.name);
    const double limit_seconds = task_.rule.case_timeout(case_.name) * (sanitized_ ? kSanitizedTimeFactor : 1.0);
    Verdict verdict = interpret(run, function, debug_hint, limit_seconds, sanitized_);
    // The solution's own time, as the runner measured it, if it is credible
    // (the reply is untrusted): never more than the grader saw.
    const double reported = verdict.reply ? verdict.reply->seconds : -1.0;
    const double seconds = std::isfinite(reported) && reported >= 0.0 && reported <= run.wall_seconds ? reported
                                                                                                     : run.wall_seconds;
    RecordProperty(kSecondsProperty, fmt::format("{:.4f}", seconds));
    if (!verdict.reply) RecordProperty(kStatusProperty, verdict.status);
    if (run.ending == ChildResult::Ending::SpawnFailed) RecordProperty(kHarnessErrorProperty, run.spawn_error);
    ASSERT_PRED_FORMAT1(SolutionReturned, verdict);
    const auto* spec = find_task(function);
    const auto tolerance = task_.rule.case_tolerance(case_.name);
    bool all_match = true;
    for (const auto& output : spec->outputs) {
      const auto actual = verdict.reply->outputs.find(output.name);
      if (actual == verdict.reply->outputs.end()) {
        ADD_FAILURE() << fmt::format("{}: the runner returned no value", output.name);
        all_match = false;
        continue;
      }
      const auto& expected = case_.expected.at(output.name);
      EXPECT_PRED_FORMAT4(OutputMatchesFormat, output, expected, actual->second, tolerance);
      all_match = all_match && !HasNonfatalFailure();
    }
    // What the mistake most likely is (never for a hidden case: it would
    // describe the data).
    if (!all_match && !case_.hidden) {
      const auto sentences = diagnose_wrong_answer(task_.rule, case_, verdict.reply->outputs, tolerance, task_.mistakes);
      std::string diagnosis;
      for (const auto& sentence : sentences) diagnosis += (diagnosis.empty() ? "" : "\n") + sentence;
      if (!diagnosis.empty()) RecordProperty(kDiagnosisProperty, diagnosis);
    }
    // The solution's own prints, when a wrong answer needs explaining.
    if (!all_match && !verdict.message.empty()) RecordProperty(kPrintedProperty, verdict.message.substr(1));
  }

 private:
  const PlannedTask& task_;
  const FixtureCase& case_;
  RunScheduler& scheduler_;
  int job_;
  std::optional<SanitizedSolution> sanitized_;
};

// Elements in and out: a rough measure of how long a case will run.
double cost(const FixtureCase& fixture_case) {
  double elements = 0.0;
  for (const auto& [name, tensor] : fixture_case.inputs) elements += static_cast<double>(tensor.element_count());
  if (fixture_case.generate) elements += static_cast<double>(drawn_element_count(*fixture_case.generate));
  for (const auto& [name, expected] : fixture_case.expected)
    elements += static_cast<double>(element_count(expected.shape()));
  return elements;
}

}  // namespace

std::string suite_name(const GradingPlan& plan, std::size_t task) {
  const auto& function = plan.tasks[task].rule.function;
  const auto sharing = std::count_if(plan.tasks.begin(), plan.tasks.end(),
                                     [&](const PlannedTask& other) { return other.rule.function == function; });
  if (sharing == 1) return function;
  std::string id = plan.tasks[task].rule.id;
  std::replace_if(id.begin(), id.end(), [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)); }, '_');
  return function + "_" + id;
}

CaseRegistry register_case_tests(const GradingPlan& plan, RunScheduler& scheduler,
                                 const ChildLimits& limits_template, std::optional<SanitizedSolution> sanitized) {
  CaseRegistry registry;
  for (std::size_t t = 0; t < plan.tasks.size(); ++t) {
    const auto& task = plan.tasks[t];
    const auto suite = suite_name(plan, t);
    for (std::size_t c = 0; c < task.fixture.cases.size(); ++c) {
      const auto& fixture_case = task.fixture.cases[c];
      ChildLimits limits = limits_template;
      // The rubric's limit is on CPU time (RLIMIT_CPU), which other work on
      // a busy machine (a whole class graded at once) does not eat into, so
      // the grade does not depend on the load. Code that sleeps or waits is
      // stopped once it has spent twice the limit plus a second neither
      // running nor waiting for a CPU; the clock, ten times that, is only
      // the last backstop, for a machine too busy to run the case at all.
      const double limit = task.rule.case_timeout(fixture_case.name) * (sanitized ? kSanitizedTimeFactor : 1.0);
      limits.cpu_seconds = static_cast<std::uint64_t>(std::ceil(limit));
      limits.idle_timeout_seconds = 2.0 * limit + 1.0;
      limits.timeout_seconds = kClockBackstopFactor * *limits.idle_timeout_seconds;
      // Room for outputs many times their right size (wrong shapes are
      // graded, not refused), but not for an answer that would exhaust the
      // grader's memory.
      double output_bytes = 0.0;
      for (const auto& [name, expected] : fixture_case.expected)
        output_bytes += 8.0 * static_cast<double>(element_count(expected.shape()));
      limits.reply_cap_bytes = static_cast<std::size_t>(std::max(64.0 * (1 << 20), 16.0 * output_bytes));
      const int job = scheduler.add(encode_request(fixture_case, task.rule.function), limits, cost(fixture_case));
      ::testing::RegisterTest(suite.c_str(), fixture_case.name.c_str(), nullptr,
                              fixture_case.description.empty() || fixture_case.hidden
                                  ? nullptr
                                  : fixture_case.description.c_str(),
                              task.fixture.path.c_str(), static_cast<int>(c + 1),
                              // GoogleTest owns the test object the factory returns.
                              [&task, &fixture_case, &scheduler, job, sanitized]() -> ::testing::Test* {
                                return std::make_unique<FixtureCaseTest>(task, fixture_case, scheduler, job, sanitized)
                                    .release();
                              });
      registry[{suite, fixture_case.name}] = RegisteredCase{t, c, job};
    }
  }
  return registry;
}

}  // namespace assg
