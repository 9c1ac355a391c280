#include "mutant_diagnosis.hpp"

#include "compare.hpp"
#include "task_catalog.hpp"

namespace assg {

namespace {

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
Explains explains(const TaskSpec& task, const KnownMistake& mutant, const WrongAnswer& answer) {
  bool mutant_wrong_somewhere = false, student_wrong_elsewhere = false;
  for (const auto& output : task.outputs) {
    const auto expected = answer.fixture_case.expected.find(output.name);
    const auto mine = mutant.outputs.find(output.name);
    const auto theirs = answer.outputs.find(output.name);
    if (expected == answer.fixture_case.expected.end() || mine == mutant.outputs.end()) return Explains::Nothing;
    const bool student_right =
        theirs != answer.outputs.end() && matches(output, expected->second, theirs->second, answer.tolerance);
    // std::nullopt: the mutant's output is the expected one.
    if (!mine->second || matches(output, expected->second, *mine->second, answer.tolerance)) {
      student_wrong_elsewhere = student_wrong_elsewhere || !student_right;
      continue;
    }
    mutant_wrong_somewhere = true;
    if (theirs == answer.outputs.end() || !same(output, *mine->second, theirs->second, answer.tolerance))
      return Explains::Nothing;
  }
  if (!mutant_wrong_somewhere) return Explains::Nothing;
  return student_wrong_elsewhere ? Explains::Part : Explains::All;
}

}  // namespace

std::vector<std::string> diagnose_by_mutants(const WrongAnswer& answer) {
  const auto* task = find_task(answer.rule.function);
  if (task == nullptr) return {};
  // A mistake that accounts for every wrong output is the diagnosis;
  // failing that, each one that accounts for some (a backward pass with a
  // wrong dW and a wrong db: two mistakes).
  std::vector<std::string> whole, partial;
  for (const auto& mutant : answer.mistakes) {
    switch (explains(*task, mutant, answer)) {
      case Explains::All:
        whole.push_back(mutant.sentence);
        break;
      case Explains::Part:
        partial.push_back(mutant.sentence);
        break;
      case Explains::Nothing:
        break;
    }
  }
  return whole.empty() ? partial : whole;
}

}  // namespace assg
