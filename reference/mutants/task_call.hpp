// One assignment function of a TaskFunctions set called on a fixture case's
// inputs and parameters, its outputs as the runner would reply them: the
// grader's way to run a mutant (or the reference) in its own process.
#pragma once

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "task_functions.hpp"
#include "tensor_value.hpp"

namespace assg::mutants {

// Parameters a case leaves out get the API's defaults, as in the runner
// (grader/runner/call_solution.cpp). Throws std::exception on inputs the
// function cannot take.
std::map<std::string, TensorValue> call_task(const TaskFunctions& functions, const std::string& function,
                                             const std::map<std::string, TensorValue>& inputs,
                                             const nlohmann::json& params);

}  // namespace assg::mutants
