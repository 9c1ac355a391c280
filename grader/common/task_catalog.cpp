#include "task_catalog.hpp"

namespace assg {

namespace {
const std::vector<std::string> kActivationAxes{"n", "h", "w", "c"};
const std::vector<std::string> kKernelAxes{"kh", "kw", "c_prev", "c"};
// b and db: (1, 1, 1, channels), the shape NumPy broadcasts over Z.
const std::vector<std::string> kBiasAxes{"_", "_", "_", "c"};
const std::vector<std::string> kWindowAxes{"h", "w"};
const char* kSlidingShape =
    "its height and width come from calc_new_height_width (task 1.1): if that task fails too, fix it first";
}  // namespace

const std::vector<TaskSpec>& task_catalog() {
  static const std::vector<TaskSpec> catalog{
      {"calc_new_height_width",
       {},
       {{"height", ParamKind::Int, false},
        {"width", ParamKind::Int, false},
        {"kernel_size", ParamKind::Int, false},
        {"stride", ParamKind::Int, false},
        {"pad", ParamKind::Int, false}},
       {{"new_height", 0, DType::Int64, {}, ""}, {"new_width", 0, DType::Int64, {}, ""}},
       {}},
      {"pool_forward",
       {{"A", 4}},
       {{"kernel_size", ParamKind::Int, false},
        {"stride", ParamKind::Int, true},
        {"mode", ParamKind::Mode, true}},
       {{"result", 4, DType::Float64, kActivationAxes, kSlidingShape}},
       {"calc_new_height_width"}},
      {"zero_pad",
       {{"X", 4}},
       {{"pad", ParamKind::Int, true}},
       {{"result", 4, DType::Float64, kActivationAxes,
         "only height and width grow, by 2 * pad each; the sample and channel axes stay as they are"}},
       {}},
      {"conv_single_step",
       {{"slice", 3}, {"W", 3}, {"b", 3, true}},
       {},
       {{"result", 0, DType::Float64, {}, ""}},
       {}},
      {"conv_forward",
       {{"A", 4}, {"W", 4}, {"b", 4}},
       {{"stride", ParamKind::Int, true}, {"pad", ParamKind::Int, true}},
       {{"result", 4, DType::Float64, kActivationAxes, kSlidingShape}},
       {"calc_new_height_width", "zero_pad", "conv_single_step"}},
      {"conv_backward",
       {{"dZ", 4}, {"A", 4}, {"W", 4}, {"b", 4}},
       {{"stride", ParamKind::Int, false}, {"pad", ParamKind::Int, false}},
       {{"dA", 4, DType::Float64, kActivationAxes, "dA has the shape of A (crop the padding off again)"},
        {"dW", 4, DType::Float64, kKernelAxes, "dW has the shape of W"},
        {"db", 4, DType::Float64, kBiasAxes, "db has the shape of b"}},
       {"calc_new_height_width", "zero_pad"}},
      {"create_mask_from_window",
       {{"x", 2}},
       {},
       {{"result", 2, DType::Bool, kWindowAxes, "the mask has the shape of x"}},
       {}},
      {"distribute_value",
       {},
       {{"dz", ParamKind::Double, false},
        {"n_h", ParamKind::Int, false},
        {"n_w", ParamKind::Int, false}},
       {{"result", 2, DType::Float64, kWindowAxes, "the result is n_h x n_w"}},
       {}},
      {"pool_backward",
       {{"dZ", 4}, {"A", 4}},
       {{"kernel_size", ParamKind::Int, false},
        {"stride", ParamKind::Int, true},
        {"mode", ParamKind::Mode, true}},
       {{"result", 4, DType::Float64, kActivationAxes, "dA has the shape of A"}},
       {"calc_new_height_width", "create_mask_from_window", "distribute_value"}},
  };
  return catalog;
}

const TaskSpec* find_task(std::string_view function) {
  for (const auto& task : task_catalog())
    if (task.function == function) return &task;
  return nullptr;
}

const OutputSpec* find_output(const TaskSpec& task, std::string_view name) {
  for (const auto& output : task.outputs)
    if (output.name == name) return &output;
  return nullptr;
}

bool is_pool_mode_name(std::string_view name) {
  return name == "max" || name == "avg" || name == "average";
}

bool is_max_pool_mode(std::string_view name) { return name == "max"; }

}  // namespace assg
