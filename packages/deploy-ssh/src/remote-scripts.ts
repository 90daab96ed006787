// The shell scripts run on the host. They are constants: user values only arrive as
// positional parameters ($1, $2 …), quoted by shellJoin, so no input is ever parsed as code.

/**
 * $1 base, $2 release id (may be empty): creates releases/, refuses an existing release,
 * reports current, history, releases and whether rsync is installed. Prints to stderr when
 * it runs as rsync's --rsync-path prefix (stdout then carries the rsync protocol).
 */
export const PREPARE = `set -eu
base=$1; id=$2
mkdir -p -- "$base/releases"
if [ -n "$id" ] && [ -e "$base/releases/$id" ]; then echo pk:exists; exit 97; fi
if [ -L "$base/current" ]; then t=$(readlink -- "$base/current"); echo "pk:current=\${t##*/}"; fi
if [ -f "$base/.releases" ]; then while IFS= read -r l; do echo "pk:history=$l"; done < "$base/.releases"; fi
for d in "$base/releases"/*; do if [ -d "$d" ]; then echo "pk:release=\${d##*/}"; fi; done
if command -v rsync >/dev/null 2>&1; then echo pk:rsync; fi
true`

/** Exit code of PREPARE when the release directory already exists. */
export const EXISTS_EXIT_CODE = 97

/** $1 archive, $2 release dir: unpacks an uploaded .tar/.tar.gz/.tgz into the release and removes it. */
export const UNPACK = `set -eu
mkdir -p -- "$2"
tar -xf "$1" -C "$2"
rm -f -- "$1"`

/**
 * $1 base, $2 target (releases/<id>, or empty to remove the link), then the history ids,
 * \`--\`, and the release ids to delete. Switches \`current\` atomically — a new symlink
 * beside it renamed over it (rename(2) is atomic, so a reader sees the old or the new
 * release, never none) — then writes .releases atomically and removes old releases.
 */
export const ACTIVATE = `set -eu
base=$1; target=$2; shift 2
if [ -z "$target" ]; then rm -f -- "$base/current"
else
  tmp="$base/.current.tmp.$$"
  ln -s -- "$target" "$tmp"
  mv -T -- "$tmp" "$base/current" || { rm -f -- "$tmp"; exit 1; }
  [ "$(readlink -- "$base/current")" = "$target" ]
fi
h="$base/.releases.tmp.$$"
: > "$h"
while [ $# -gt 0 ] && [ "$1" != -- ]; do printf '%s\\n' "$1" >> "$h"; shift; done
mv -f -- "$h" "$base/.releases"
if [ $# -gt 0 ]; then shift; fi
for id in "$@"; do rm -rf -- "$base/releases/$id"; done`

/** $1 base, $2.. release ids to delete. */
export const PRUNE = `set -eu
base=$1; shift
for id in "$@"; do rm -rf -- "$base/releases/$id"; done`

/**
 * $1 directory, $2 command, then NAME=value pairs: runs a user command with sh -c in the
 * directory with the deployment variables exported.
 */
export const RUN_COMMAND = `set -eu
dir=$1; cmd=$2; shift 2
for kv in "$@"; do export "$kv"; done
cd -- "$dir"
exec sh -c "$cmd"`
