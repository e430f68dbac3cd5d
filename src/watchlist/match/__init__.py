"""Features as pure functions, weights as data, an explanation per feature."""
