// `grade-all merge --out OUT SHARD_OUT...`: the shards' student folders
// copied into OUT, and the class files written from them, exactly as one
// run over the whole class writes them.
#pragma once

#include <string>
#include <vector>

#include "student_result.hpp"

namespace assg {

// What a run leaves in OUT/.grade-all/run.json, so that shards can be
// checked against each other before they are merged.
struct RunManifest {
  std::string harness;  // fingerprint of everything but the submissions
  int shard_index = 1, shard_count = 1;
  std::vector<std::string> students;    // the run's slice of the class
  std::vector<std::string> unfinished;  // not graded (interrupted)
};

void save_manifest(const std::string& out, const RunManifest& manifest);
// Throws std::runtime_error naming the folder if it has no manifest.
RunManifest load_manifest(const std::string& out);

struct MergedClass {
  std::vector<StudentRecord> records;
  std::vector<std::string> unfinished;
  std::vector<std::string> warnings;  // e.g. a shard missing
};

// Copies each shard's students (those its manifest lists) into `out`.
// Throws std::runtime_error naming the shards if they were graded with
// different harnesses (rubric, fixtures, hidden tests or seed, grader...),
// different shard counts, or one shard is given twice.
MergedClass merge_shards(const std::vector<std::string>& shards, const std::string& out);

}  // namespace assg
