#include "catalogue.hpp"

#include <algorithm>

#include "mutant_functions.hpp"

namespace assg::mutants {

namespace {

// Which function a mutant replaces, in a set that is otherwise the reference.
struct Replacement {
  const char* function;
  TaskFunctions functions;
};

#define ASSG_REPLACING(name)                                    \
  Replacement replacing(decltype(TaskFunctions::name) mutant) { \
    TaskFunctions functions;                                    \
    functions.name = mutant;                                    \
    return {#name, functions};                                  \
  }
ASSG_REPLACING(calc_new_height_width)
ASSG_REPLACING(pool_forward)
ASSG_REPLACING(zero_pad)
ASSG_REPLACING(conv_single_step)
ASSG_REPLACING(conv_forward)
ASSG_REPLACING(conv_backward)
ASSG_REPLACING(create_mask_from_window)
ASSG_REPLACING(distribute_value)
ASSG_REPLACING(pool_backward)
#undef ASSG_REPLACING

struct Entry {
  const char* id;
  const char* task;
  const char* sentence;
  Replacement replaced;
};

// One line per mutant, `{"id", "task", "sentence", replacing(&function)}`:
// tests/CMakeLists.txt reads the ids from the lines that start with `{"`
// to build one runner per mutant.
std::vector<Mutant> build_catalogue() {
  const Entry entries[] = {
      // clang-format off
      {"1.1-rounds-up", "1.1", "Likely mistake: your sizes are rounded up (ceil) where the formula rounds down (floor): a window that does not fit completely must not be counted.", replacing(&calc_new_height_width_rounding_up)},
      {"1.1-height-width-swapped", "1.1", "Likely mistake: your new_height and new_width are swapped: new_height comes from the height and new_width from the width.", replacing(&calc_new_height_width_swapped)},
      {"1.1-width-from-height", "1.1", "Likely mistake: your new_width is computed from the height instead of the width.", replacing(&calc_new_height_width_width_from_height)},
      {"1.2-ignores-stride", "1.2", "Likely mistake: your pool_forward moves the window by kernel_size instead of by stride.", replacing(&pool_forward_ignoring_stride)},
      {"1.2-average-divided-by-kernel-size", "1.2", "Likely mistake: your average pooling divides the window's sum by kernel_size instead of by kernel_size * kernel_size, the number of values in the window.", replacing(&pool_forward_average_divided_by_kernel_size)},
      {"1.2-max-starts-at-zero", "1.2", "Likely mistake: your max pooling starts the maximum at 0, so a window whose values are all negative gives 0 instead of its largest value.", replacing(&pool_forward_max_starting_at_zero)},
      {"2.1-pads-channels", "2.1", "Likely mistake: you pad the channel axis too; only height and width get pad zeros on each side.", replacing(&zero_pad_padding_channels)},
      {"2.1-pads-samples", "2.1", "Likely mistake: you pad the sample axis too; only height and width get pad zeros on each side.", replacing(&zero_pad_padding_samples)},
      {"2.1-pads-every-axis", "2.1", "Likely mistake: you pad all four axes, as np.pad(X, pad) would; only height and width get pad zeros on each side.", replacing(&zero_pad_padding_every_axis)},
      {"2.2-no-bias", "2.2", "Likely mistake: your output equals the correct one without the bias b added.", replacing(&conv_single_step_without_bias)},
      {"2.3-no-bias", "2.3", "Likely mistake: your output equals the correct one without the bias b(0, 0, 0, c) added.", replacing(&conv_forward_without_bias)},
      {"2.3-window-ignores-stride", "2.3", "Likely mistake: your window starts at row h and column w of the padded input instead of at row h * stride and column w * stride.", replacing(&conv_forward_window_ignoring_stride)},
      {"2.3-window-one-short", "2.3", "Likely mistake: your window stops one row and one column short: it must cover rows h * stride to h * stride + kernel_size - 1, both included, and the same for columns.", replacing(&conv_forward_window_one_short)},
      {"3.1-dA-assigned", "3.1", "Likely mistake: your dA is assigned (=) where it must accumulate (+=) over every window and output channel that touches it.", replacing(&conv_backward_dA_assigned)},
      {"3.1-dW-last-sample-only", "3.1", "Likely mistake: your dW holds only the last sample's contribution; dW must be summed over every sample.", replacing(&conv_backward_dW_last_sample_only)},
      {"3.1-db-last-sample-only", "3.1", "Likely mistake: your db holds only the last sample's sum; db must be summed over every sample as well as over h and w.", replacing(&conv_backward_db_last_sample_only)},
      {"3.1-dA-not-cropped", "3.1", "Likely mistake: your dA still has the padding; crop pad rows and columns off each side of dA_pad so that dA has the shape of A.", replacing(&conv_backward_dA_not_cropped)},
      {"3.2-first-maximum-only", "3.2", "Likely mistake: your mask marks only the first of several equal maxima; every cell equal to the maximum must be true.", replacing(&create_mask_from_window_first_maximum_only)},
      {"3.2-max-starts-at-zero", "3.2", "Likely mistake: your maximum starts at 0, so a window whose values are all negative gets no true cell; start from the window's first value.", replacing(&create_mask_from_window_max_starting_at_zero)},
      {"3.3-divided-by-sum", "3.3", "Likely mistake: you divide dz by n_h + n_w instead of by n_h * n_w, the number of cells.", replacing(&distribute_value_divided_by_sum)},
      {"3.3-not-divided", "3.3", "Likely mistake: every cell gets the whole dz instead of dz / (n_h * n_w).", replacing(&distribute_value_not_divided)},
      {"3.4-average-not-divided", "3.4", "Likely mistake: in average mode every cell of the window gets the whole gradient dZ(s, h, w, c) instead of an equal share, dZ(s, h, w, c) / (kernel_size * kernel_size).", replacing(&pool_backward_average_not_divided)},
      {"3.4-window-ignores-stride", "3.4", "Likely mistake: your pool_backward routes each gradient to the window at row h, column w of dA instead of at row h * stride, column w * stride.", replacing(&pool_backward_window_ignoring_stride)},
      {"3.4-assigned", "3.4", "Likely mistake: your dA is assigned (=) where it must accumulate (+=): where windows overlap, their gradients add up.", replacing(&pool_backward_assigned)},
      // clang-format on
  };
  std::vector<Mutant> mutants;
  for (const auto& entry : entries)
    mutants.push_back({entry.id, entry.task, entry.sentence, entry.replaced.function, entry.replaced.functions});
  return mutants;
}

}  // namespace

const std::vector<Mutant>& catalogue() {
  static const std::vector<Mutant> mutants = build_catalogue();
  return mutants;
}

const Mutant* find_mutant(const std::string& id) {
  const auto& mutants = catalogue();
  const auto found =
      std::find_if(mutants.begin(), mutants.end(), [&](const Mutant& mutant) { return mutant.id == id; });
  return found == mutants.end() ? nullptr : &*found;
}

}  // namespace assg::mutants
