"""The page benchmark (`make bench`) and the large community it measures."""
