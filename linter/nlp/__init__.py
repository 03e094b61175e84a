"""Chinese text helpers: normalisation, numbers, quantities and indicator values."""
