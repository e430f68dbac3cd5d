"""Candidate generation: an inverted index of name keys over the current entities."""
