"""The generators of the large community for the benchmark, one module per app, run in order
by `community.seed()`."""
