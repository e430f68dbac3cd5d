"""The name pipeline: normalise, romanise, strip titles, canonical legal forms, keys."""
