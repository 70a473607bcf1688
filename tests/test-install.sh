#!/bin/sh
# Installs the built library into a temporary DESTDIR, then compiles and runs a consumer program
# using only `pkg-config --cflags --libs cxscore`: proof that a user outside the tree can link it.
# With the example program built, also: the installed cxscore runs WITHOUT LD_LIBRARY_PATH (its
# install rpath) and loads the installed library; every man page renders with `man -l` and names
# every option its command accepts; the bash completion completes commands and options; docs/
# is installed where --help says.
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
# cxscore.pc: GLib is an implementation detail (Requires.private; pkg-config adds its include
# paths for a static link's sake), never in the Cflags line itself.
case "$(grep '^Cflags:' "$pc")" in *glib*)
    echo "FAIL: cxscore.pc puts GLib in Cflags" >&2
    exit 1 ;;
esac
grep -q '^Requires.private:.*glib-2.0' "$pc" || {
    echo "FAIL: cxscore.pc has no GLib in Requires.private" >&2
    exit 1
}
# A URL line, when there is one, is a real address (-Dproject_url), never a placeholder.
if grep -q '^URL:' "$pc"; then
    case "$(grep '^URL:' "$pc")" in
    *example.* | *invalid* | "URL: ")
        echo "FAIL: cxscore.pc has a placeholder URL: $(grep '^URL:' "$pc")" >&2
        exit 1 ;;
    esac
fi

# The consumer of a DESTDIR copy needs LD_LIBRARY_PATH (a real install runs ldconfig, as the
# README says); the installed cxscore must not.
LD_LIBRARY_PATH="$libdir" "$tmp/consumer"
# The consumer must really have used the installed copy.
LD_LIBRARY_PATH="$libdir" ldd "$tmp/consumer" | grep -q "$libdir/libcxscore.so" || {
    echo "FAIL: consumer did not load the installed libcxscore" >&2
    exit 1
}
cli=$(find "$tmp/root" -path '*/bin/cxscore' | head -n 1)
if [ -n "$cli" ]; then
    unset LD_LIBRARY_PATH
    "$cli" --version >"$tmp/version" 2>&1 || {
        cat "$tmp/version" >&2
        echo "FAIL: the installed cxscore does not run without LD_LIBRARY_PATH" >&2
        exit 1
    }
    loaded=$(ldd "$cli" | sed -n 's/.*libcxscore.so[^ ]* => \([^ ]*\).*/\1/p')
    [ -n "$loaded" ] && [ "$(readlink -f "$loaded")" = "$(readlink -f "$soname")" ] || {
        ldd "$cli" >&2
        echo "FAIL: the installed cxscore does not load the installed libcxscore" >&2
        exit 1
    }
    man1=$(dirname "$(find "$tmp/root" -name cxscore.1 | head -n 1)")
    docdir=$(find "$tmp/root" -type d -path '*/doc/libcxscore' | head -n 1)
    [ -n "$docdir" ] || {
        echo "FAIL: docs/ is not installed under share/doc/libcxscore" >&2
        exit 1
    }
    for page in "$(dirname "$0")"/../docs/*.md; do
        [ -f "$docdir/$(basename "$page")" ] || {
            echo "FAIL: docs/$(basename "$page") is not installed in share/doc/libcxscore" >&2
            exit 1
        }
    done
    "$cli" --help | grep -q "${docdir#"$tmp/root"}" || {
        echo "FAIL: cxscore --help does not name the installed doc directory" >&2
        exit 1
    }
    commands=$("$cli" --help | sed -n 's/^  \([a-z]\{1,\}\) .*/\1/p')
    for page in cxscore $commands; do
        file="$man1/$page.1"
        [ "$page" = cxscore ] || file="$man1/cxscore-$page.1"
        if [ ! -f "$file" ]; then
            echo "FAIL: no man page $file" >&2
            exit 1
        fi
        MANWIDTH=80 man --warnings -l "$file" >"$tmp/man.txt" 2>"$tmp/man.err" || {
            cat "$tmp/man.err" >&2
            echo "FAIL: man -l $file" >&2
            exit 1
        }
        if [ -s "$tmp/man.err" ]; then
            cat "$tmp/man.err" >&2
            echo "FAIL: man -l $file warns" >&2
            exit 1
        fi
        [ "$page" = cxscore ] && continue
        # Every option the command accepts (its --help-all) is named in its page.
        for option in $("$cli" "$page" --help-all | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
            grep -q -- "$option" "$tmp/man.txt" || {
                echo "FAIL: cxscore-$page(1) does not name $option" >&2
                exit 1
            }
        done
        grep -q "cxscore $page" "$tmp/man.txt" || {
            echo "FAIL: cxscore-$page(1) has no synopsis 'cxscore $page'" >&2
            exit 1
        }
    done
    completion=$(find "$tmp/root" -path '*/bash-completion/completions/cxscore' | head -n 1)
    if [ -z "$completion" ]; then
        echo "FAIL: no bash completion installed" >&2
        exit 1
    fi
    got=$(bash -c '. "$1"; COMP_WORDS=("$2" n); COMP_CWORD=1; _cxscore; echo "${COMPREPLY[*]}"
                   COMP_WORDS=("$2" nps --lev); COMP_CWORD=2; _cxscore; echo "${COMPREPLY[*]}"
                   COMP_WORDS=("$2" nps --format j); COMP_CWORD=3; _cxscore
                   echo "${COMPREPLY[*]}"' sh "$completion" "$cli")
    [ "$got" = "$(printf 'nps\n--level\njson')" ] || {
        echo "FAIL: bash completion gave: $got" >&2
        exit 1
    }
    echo "installed cxscore: runs without LD_LIBRARY_PATH; man pages, completion, docs: ok"
fi
echo "1 passed, 0 failed"
