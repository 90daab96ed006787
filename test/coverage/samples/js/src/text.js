export function shout(text) {
  return text.toUpperCase() + '!'
}

export function whisper(text) {
  return text.toLowerCase()
}
