// `grade-all merge --out OUT SHARD_OUT...`: the shards' student folders
// copied into OUT, and the class files written from them, exactly as one
// run over the whole class writes them.
#pragma once

#include <string>
#include <vector>

#include "student_result.hpp"

namespace assg {

// Copies each shard's complete student records into `out`. Throws
// std::runtime_error naming the shard and student if two shards graded the
// same student differently, or a shard holds no results.
std::vector<StudentRecord> merge_shards(const std::vector<std::string>& shards, const std::string& out);

}  // namespace assg
