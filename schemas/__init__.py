"""pandera models: the data rules of SPEC sections 4 and 7, readable as a specification."""
