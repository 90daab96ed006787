from shapes import area, describe

assert area("square", 2) == 4
assert describe(20) == "large"
assert describe(1) == "small"
