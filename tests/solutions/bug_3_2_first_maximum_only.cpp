// Task 3.2 mutant: marks only the first of several tied maxima.
#define create_mask_from_window reference_create_mask_from_window
#include "assg_tasks_reference.cpp"
#undef create_mask_from_window

Mask2 create_mask_from_window(const Tensor2& x) {
  Eigen::Index best_i = 0, best_j = 0;
  for (Eigen::Index i = 0; i < x.dimension(0); ++i)
    for (Eigen::Index j = 0; j < x.dimension(1); ++j)
      if (x(i, j) > x(best_i, best_j)) best_i = i, best_j = j;
  Mask2 mask(x.dimensions());
  mask.setConstant(false);
  mask(best_i, best_j) = true;
  return mask;
}
