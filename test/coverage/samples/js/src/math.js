export function add(a, b) {
  return a + b
}

export function classify(n) {
  if (n < 0) {
    return 'negative'
  }
  if (n === 0) {
    return 'zero'
  }
  return 'positive'
}

export function unused(x) {
  const doubled = x * 2
  return doubled + 1
}
