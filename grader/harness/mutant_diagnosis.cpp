#include "mutant_diagnosis.hpp"

#include <exception>

#include "catalogue.hpp"
#include "compare.hpp"
#include "task_call.hpp"
#include "task_catalog.hpp"

namespace assg {

namespace {

// Running every mutant of a task costs a few times the reference: fine for
// the public cases, not for the course's big ones (millions of inputs).
constexpr std::int64_t kLargestCase = 200'000;  // inputs and expected values
// A zero_pad mutant that pads the sample and channel axes too grows its
// output with (1 + 2 pad)^2, so the budget counts that as well.
constexpr std::int64_t kLargestPaddedCase = 4'000'000;

bool small_enough(const WrongAnswer& answer) {
  std::int64_t elements = 0;
  for (const auto& [name, tensor] : answer.inputs) elements += tensor.element_count();
  for (const auto& [name, expected] : answer.fixture_case.expected) elements += element_count(expected.shape());
  // zero_pad's default pad is 1; other tasks without a pad are not grown.
  const auto& params = answer.fixture_case.params;
  const std::int64_t pad =
      params.contains("pad") && params.at("pad").is_number_integer() ? params.at("pad").get<std::int64_t>() : 1;
  if (pad < 0 || pad > 1000) return false;
  return elements <= kLargestCase && elements * (1 + 2 * pad) * (1 + 2 * pad) <= kLargestPaddedCase;
}

bool matches(const OutputSpec& output, const Expected& expected, const TensorValue& actual,
             const Tolerance& tolerance) {
  return static_cast<bool>(OutputMatches(output, expected, actual, tolerance));
}

// The student's output equals the mutant's, by the grader's own rule
// (same shape, numpy.allclose; integers and masks exactly).
bool same(const OutputSpec& output, const TensorValue& mutant, const TensorValue& student, const Tolerance& tolerance) {
  Expected as_expected;
  as_expected.tensor = mutant;
  return matches(output, as_expected, student, tolerance);
}

// How far a mutant accounts for a wrong answer, output by output.
enum class Explains { Nothing, Part, All };

// A mutant explains an output it gets wrong on this case when the student
// got it wrong the same way; it explains nothing if any output it gets wrong
// the student got otherwise (or right), or if it is right everywhere here.
// It explains all when the outputs it gets wrong are exactly the student's
// wrong ones.
Explains explains(const TaskSpec& task, const Outputs& mutant, const WrongAnswer& answer) {
  bool mutant_wrong_somewhere = false, student_wrong_elsewhere = false;
  for (const auto& output : task.outputs) {
    const auto expected = answer.fixture_case.expected.find(output.name);
    const auto mine = mutant.find(output.name);
    const auto theirs = answer.outputs.find(output.name);
    if (expected == answer.fixture_case.expected.end() || mine == mutant.end()) return Explains::Nothing;
    const bool student_right =
        theirs != answer.outputs.end() && matches(output, expected->second, theirs->second, answer.tolerance);
    if (matches(output, expected->second, mine->second, answer.tolerance)) {
      student_wrong_elsewhere = student_wrong_elsewhere || !student_right;
      continue;
    }
    mutant_wrong_somewhere = true;
    if (theirs == answer.outputs.end() || !same(output, mine->second, theirs->second, answer.tolerance))
      return Explains::Nothing;
  }
  if (!mutant_wrong_somewhere) return Explains::Nothing;
  return student_wrong_elsewhere ? Explains::Part : Explains::All;
}

}  // namespace

std::vector<std::string> diagnose_by_mutants(const WrongAnswer& answer) {
  const auto* task = find_task(answer.rule.function);
  if (task == nullptr || !small_enough(answer)) return {};
  // A mistake that accounts for every wrong output is the diagnosis;
  // failing that, each one that accounts for some (a backward pass with a
  // wrong dW and a wrong db: two mistakes).
  std::vector<std::string> whole, partial;
  for (const auto& mutant : mutants::catalogue()) {
    if (mutant.function != answer.rule.function) continue;
    try {
      const auto outputs =
          mutants::call_task(mutant.functions, mutant.function, answer.inputs, answer.fixture_case.params);
      switch (explains(*task, outputs, answer)) {
        case Explains::All:
          whole.push_back(mutant.sentence);
          break;
        case Explains::Part:
          partial.push_back(mutant.sentence);
          break;
        case Explains::Nothing:
          break;
      }
    } catch (const std::exception&) {
      // A mutant that cannot run on this case (an index error, say) explains nothing.
    }
  }
  return whole.empty() ? partial : whole;
}

}  // namespace assg
