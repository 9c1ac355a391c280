// The reference solution, compiled into a hostile solution itself: `make test`
// and grade-all compile a solution file alone, so the reference's NumPy-order
// summation comes along as source. A hostile file renames the one function it
// attacks with a macro before including this, exactly as tests/solutions/bug_*
// do, so every other task stays the reference's and must get full marks.
#pragma once

#include "../../reference/assg_tasks_reference.cpp"
#include "../../grader/common/numpy_summation.cpp"
