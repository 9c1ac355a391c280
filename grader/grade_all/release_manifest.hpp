// Release manifests: what each student release shipped. `make
// student-release` (distribution/student_release.sh) writes one per release,
// distribution/releases/<UTC time>-<id>.json:
//
//   {"release": "20250901T120000Z-1a2b3c4d", "released_at": "2025-09-01T12:00:00Z",
//    "commit": "a5503ca" (or ""), "files": {"grader/rubric.json": "<sha256>", ...}}
//
// "files" holds every instructor file of the release (the student's own
// files left out) with the plain SHA-256 of its bytes, as sha256sum prints
// it. grade-all compares a student's copy of an instructor file with these
// as well as with the instructor's current copy, so that changing a rubric,
// fixture or grader file after a release never flags a student who kept
// what they were given.
#pragma once

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace assg {

class ReleaseManifestError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ReleaseManifest {
  std::string path;
  std::string release;
  std::string released_at;
  std::string commit;
  std::map<std::string, std::string> files;  // path in the repository -> SHA-256, 64 lowercase hex digits
};

// Reads one manifest. Throws ReleaseManifestError naming the file and the
// key that is wrong.
ReleaseManifest load_release_manifest(const std::string& path);

// Every manifest (*.json, dot files aside) in `folder`, in name order, which
// is release order; none when the folder does not exist (no release yet).
std::vector<ReleaseManifest> load_release_manifests(const std::string& folder);

}  // namespace assg
