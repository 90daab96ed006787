def area(kind, size):
    if kind == "square":
        return size * size
    if kind == "circle":
        return 3.14159 * size * size
    raise ValueError(kind)


def describe(size):
    if size > 10:
        label = "large"
    else:
        label = "small"
    return label


def never_called():
    total = 0
    for i in range(3):
        total += i
    return total
