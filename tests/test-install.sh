#!/bin/sh
# Installs the built library into a temporary DESTDIR, then compiles and runs a consumer program
# using only `pkg-config --cflags --libs cxscore`: proof that a user outside the tree can link it.
# Usage: test-install.sh BUILD_DIR CONSUMER_C CC
set -eu
build_dir=$1
consumer=$2
cc=$3

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

meson install -C "$build_dir" --destdir "$tmp/root" --no-rebuild --quiet >"$tmp/install.log" 2>&1 || {
    cat "$tmp/install.log" >&2
    echo "FAIL: meson install" >&2
    exit 1
}

pc=$(find "$tmp/root" -name cxscore.pc | head -n 1)
if [ -z "$pc" ]; then
    echo "FAIL: no cxscore.pc installed" >&2
    exit 1
fi
for h in cxscore.h cx-version.h cx-nps.h cx-reader.h cx-error.h cx-common.h; do
    if ! find "$tmp/root" -path "*/include/cxscore/$h" | grep -q .; then
        echo "FAIL: header cxscore/$h not installed" >&2
        exit 1
    fi
done

# The .pc file names the configured prefix; point it at the DESTDIR copy (what a packager's
# relocation does). Other packages (glib) resolve from the system as usual.
prefix=$(sed -n 's/^prefix=//p' "$pc")
mkdir -p "$tmp/pc"
sed "s|^prefix=.*|prefix=$tmp/root$prefix|" "$pc" >"$tmp/pc/cxscore.pc"
export PKG_CONFIG_PATH="$tmp/pc"

flags=$(pkg-config --cflags --libs cxscore)
echo "pkg-config --cflags --libs cxscore: $flags"
# shellcheck disable=SC2086
$cc -std=c99 -pedantic -Wall -Wextra -Werror ${CONSUMER_CFLAGS:-} -o "$tmp/consumer" "$consumer" $flags -lm

libdir=$(pkg-config --variable=libdir cxscore)
soname=$(find "$libdir" -name 'libcxscore.so.*' | head -n 1)
if [ -z "$soname" ]; then
    echo "FAIL: no versioned libcxscore.so.* in $libdir" >&2
    exit 1
fi
LD_LIBRARY_PATH="$libdir" "$tmp/consumer"
# The consumer must really have used the installed copy.
LD_LIBRARY_PATH="$libdir" ldd "$tmp/consumer" | grep -q "$libdir/libcxscore.so" || {
    echo "FAIL: consumer did not load the installed libcxscore" >&2
    exit 1
}
echo "1 passed, 0 failed"
