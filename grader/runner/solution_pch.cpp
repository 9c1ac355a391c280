// The translation unit that owns the precompiled interface header: it has
// exactly the flags and definitions of a runner, so every solution reuses it.
