// Hidden tests: instructor-only specs (fixtures/spec/hidden/*.json) turned
// into golden values by the reference at grading time, into a private folder
// that no student code can see (the sandbox shows it nothing outside the
// submission's scratch folder). Runners only ever receive a case's inputs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "rubric.hpp"

namespace assg {

// The hidden specs folder's rubric of hidden weights (not a spec).
inline constexpr const char* kHiddenRubricName = "rubric.json";

struct HiddenFixtures {
  std::string folder;       // empty: no hidden tests
  int cases = 0;            // every hidden case, over every task
  std::string fingerprint;  // of the generated fixtures
};

// Each seeded case's seed is mixed with `term_seed` (when given), so that
// each term's hidden data differs. Several spec files may hold one task's
// hidden cases: they are merged into that task's one hidden fixture. Throws
// std::runtime_error naming the spec file and the problem; a case name used
// by two spec files of one task names both files, and one that is also a
// visible case of the task (in `fixtures_dir`) names the spec and the fixture.
HiddenFixtures build_hidden_fixtures(const std::string& spec_folder, const std::string& out_folder,
                                     std::optional<std::uint32_t> term_seed, const Rubric& rubric,
                                     const std::string& fixtures_dir);

// The seed a hidden case with `seed` gets in the term `term_seed`
// (splitmix64 of both, folded to NumPy's 32-bit seed range).
std::uint32_t term_case_seed(std::uint64_t seed, std::uint32_t term_seed);

}  // namespace assg
