// Writes the catalogue of common mistakes as data (grader/common/known_mistakes.hpp):
// every mutant of a fixture's function run on each of its cases, keeping the
// outputs of those that get the case wrong. `make fixtures` writes one table
// per visible fixture into fixtures/mistakes/; the grader reads them.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "fixture.hpp"

namespace assg::mutants {

// Deterministic (byte-identical output on every machine), like the fixtures.
nlohmann::ordered_json known_mistakes_table(const Fixture& fixture);

}  // namespace assg::mutants
