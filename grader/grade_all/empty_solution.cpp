// The probe solution: an empty file compiled exactly as every runner's
// solution is (same flags, same precompiled header), so that grade-all can
// read that command from compile_commands.json and reuse it per submission.
// Linked with the fallback definitions, it grades as "nothing implemented".
