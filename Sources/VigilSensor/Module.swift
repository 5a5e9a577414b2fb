// Intentionally empty while the target is built up.
