// What each assignment function takes and returns, in the fixtures' terms.
// One table drives fixture validation, the runner's argument unpacking and
// the names the grader uses in its messages, so they cannot drift apart.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tensor_value.hpp"

namespace assg {

enum class ParamKind { Int, Double, Mode };

struct ParamSpec {
  std::string name;
  ParamKind kind;
  bool optional;  // the API has a default for it
};

struct InputSpec {
  std::string name;
  int rank;
  bool scalar_allowed = false;  // conv_single_step's b: a number or shape (1, 1, 1)
};

struct OutputSpec {
  std::string name;
  int rank;
  DType dtype;
  std::vector<std::string> axis_names;  // used to print indices, e.g. (n=1, h=2, w=0, c=3)
  std::string shape_rule;               // told to a student whose output has the wrong shape
};

struct TaskSpec {
  std::string function;
  std::vector<InputSpec> inputs;
  std::vector<ParamSpec> params;
  std::vector<OutputSpec> outputs;
  std::vector<std::string> reuses;  // the earlier functions the course has it call
};

const std::vector<TaskSpec>& task_catalog();
// nullptr when the function is not part of the assignment.
const TaskSpec* find_task(std::string_view function);
const OutputSpec* find_output(const TaskSpec& task, std::string_view name);

// "max" / "avg" (also "average"): the spelling the fixtures use for PoolMode.
bool is_pool_mode_name(std::string_view name);
bool is_max_pool_mode(std::string_view name);

}  // namespace assg
