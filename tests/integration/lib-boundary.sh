# SPDX-License-Identifier: GPL-2.0-or-later
# lib/ stays a silent library: no printing, no exiting, no libsmartcols, and every exported
# name carries the nst_ prefix (STYLE.md, "Library and tools" and "Naming").
source "$NST_SRCDIR/tests/integration/lib.sh"

lib=$NST_SRCDIR/lib
tmp=$_tap_tmp
lib_c=("$lib"/*.c)
lib_h=("$lib"/*.h)

# strip_code FILE: FILE with comments, string and character literals blanked, so that neither
# "printf(" in a comment nor in a message counts. Newlines inside comments are kept, so line
# numbers stay right. One left-to-right pass: a quote inside a comment or "/*" inside a string
# can't confuse it.
strip_code() {
	perl -0777 -pe '
		s{(/\*.*?\*/)|(//[^\n]*)|("(?:[^"\\\n]|\\.)*")|('"'"'(?:[^'"'"'\\\n]|\\.)*'"'"')}{
			defined $1 ? "\n" x ($1 =~ tr/\n//) : defined $2 ? "" : defined $3 ? "\"\"" : "0"
		}gse' "$1"
}

# Calls that print or end the process. A name counts only as a whole identifier followed by
# "(": snprintf(, nst_exit_from_status(, "struct nst_exit" and p->exit( don't.
calls='printf|fprintf|dprintf|vprintf|vfprintf|vdprintf|puts|fputs|putchar|perror|psignal'
calls+='|err|errx|verr|verrx|warn|warnx|vwarn|vwarnx|error|error_at_line|syslog'
calls+='|exit|_exit|_Exit|abort'

# find_calls FILE...: "file:line: code" for each forbidden call; nothing if clean.
find_calls() {
	local f
	for f in "$@"; do
		strip_code "$f" |
			grep -nE "(^|[^[:alnum:]_.>])($calls)[[:space:]]*\\(" |
			sed "s|^|${f#"$NST_SRCDIR"/}:|" || true
	done
}

# find_std_streams FILE...: uses of stdout/stderr (fwrite(..., stderr) prints too).
find_std_streams() {
	local f
	for f in "$@"; do
		strip_code "$f" | grep -nwE 'stdout|stderr' | sed "s|^|${f#"$NST_SRCDIR"/}:|" || true
	done
}

# find_typedefs FILE...: the house style has none.
find_typedefs() {
	local f
	for f in "$@"; do
		strip_code "$f" | grep -nE '^[[:space:]]*typedef[[:space:]]' |
			sed "s|^|${f#"$NST_SRCDIR"/}:|" || true
	done
}

# find_smartcols FILE...: libsmartcols includes.
find_smartcols() {
	grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]libsmartcols' "$@" || true
}

# find_unprefixed HEADER...: "file:line: name" for every name a header exports without the
# nst_ prefix: functions (declared or static inline), extern variables, struct/enum/union tags
# it defines, and enumerators (NST_ or _NST_). Macros are not checked: macro.h's _cleanup_,
# TAKE_FD and ARRAY_SIZE are house vocabulary. Rough by design: kernel style puts a
# declaration's name on its first line, at column 0.
find_unprefixed() {
	local f
	for f in "$@"; do
		strip_code "$f" | awk -v file="${f#"$NST_SRCDIR"/}" '
			function report(name) { print file ":" FNR ": " name }
			{ cont = prev_cont; prev_cont = ($0 ~ /\\$/) }
			cont || /^[[:space:]]*#/ { next }
			in_enum && /^}/ { in_enum = 0; next }
			in_enum {
				if (match($0, /^[[:space:]]+[A-Za-z_][A-Za-z0-9_]*/)) {
					name = substr($0, RSTART, RLENGTH)
					sub(/^[[:space:]]+/, "", name)
					if (name !~ /^_?NST_/)
						report(name)
				}
				next
			}
			/^(typedef[[:space:]]+)?(struct|enum|union)[[:space:]]+[A-Za-z_][A-Za-z0-9_]*[[:space:]]*([{;]|$)/ {
				line = $0
				sub(/^(typedef[[:space:]]+)?(struct|enum|union)[[:space:]]+/, "", line)
				match(line, /^[A-Za-z_][A-Za-z0-9_]*/)
				name = substr(line, RSTART, RLENGTH)
				if (name !~ /^nst_/)
					report(name)
				if ($0 ~ /^(typedef[[:space:]]+)?enum/ && $0 !~ /;/)
					in_enum = 1
				next
			}
			/^extern[[:space:]]/ {
				if (match($0, /[A-Za-z_][A-Za-z0-9_]*[[:space:]]*(\[|;|=)/)) {
					name = substr($0, RSTART, RLENGTH)
					sub(/[[:space:]]*(\[|;|=)$/, "", name)
					if (name !~ /^nst_/)
						report(name)
				}
				next
			}
			/^[A-Za-z_]/ {
				line = $0
				while (match(line, /[A-Za-z_][A-Za-z0-9_]*\(/)) {
					name = substr(line, RSTART, RLENGTH - 1)
					line = substr(line, RSTART + RLENGTH)
					# attribute macros such as _printf_(1, 2), and compiler keywords
					if (name ~ /^_[a-z]+_$/ || name ~ /^__/ || name == "sizeof" ||
					    name == "typeof" || name ~ /^_?[Ss]tatic_assert$/)
						continue
					if (name !~ /^nst_/)
						report(name)
					break
				}
			}'
	done
}

# --- the checks on lib/ ---

ok "lib/ has C files and headers" test -f "${lib_c[0]}" -a -f "${lib_h[0]}"
is "$(find_calls "${lib_c[@]}" "${lib_h[@]}")" "" "lib/ calls no printing or exiting function"
is "$(find_std_streams "${lib_c[@]}" "${lib_h[@]}")" "" "lib/ does not use stdout or stderr"
is "$(find_smartcols "${lib_c[@]}" "${lib_h[@]}")" "" "lib/ does not include libsmartcols"
is "$(grep -n smartcols "$lib/meson.build" || true)" "" "lib/meson.build does not use libsmartcols"
is "$(find_unprefixed "${lib_h[@]}")" "" "every name lib/*.h exports starts with nst_ (NST_ for enumerators)"
is "$(find_typedefs "${lib_h[@]}")" "" "lib/*.h declare no typedefs"

# The built library, when there is one: every global symbol it defines has the prefix. This
# also catches a non-static helper in a .c file that no header declares.
libnst=
for a in "${NST_BUILDDIR:-/nonexistent}"/lib/libnst*.a; do
	[ -f "$a" ] && libnst=$a
done
if [ -n "$libnst" ] && command -v nm >/dev/null; then
	syms=$(nm -g --defined-only "$libnst" | awk 'NF == 3 { print $3 }' | sort -u)
	isnt "$syms" "" "nm lists the symbols of $(basename "$libnst")"
	# sanitizer builds add their own instrumentation symbols (__odr_asan.*, __asan_*)
	is "$(printf '%s\n' "$syms" | sed -e '/^nst_/d' -e '/^__odr_asan\./d' -e '/^__asan_/d' -e '/^__ubsan_/d')" "" \
		"every global symbol of $(basename "$libnst") starts with nst_"
else
	skip "nm lists the symbols of libnst" "no built libnst*.a or no nm"
	skip "every global symbol of libnst starts with nst_" "no built libnst*.a or no nm"
fi

# --- negative and positive controls: the checks must tell a bad file from a good one ---

cat >"$tmp/bad.c" <<'EOF'
#include <stdio.h>
void nst_bad(void)
{
	printf("x");
	if (1) exit(1);
	fwrite("x", 1, 1, stderr);
}
EOF
cat >"$tmp/good.c" <<'EOF'
/* printf("x"); exit(1); abort(); in a comment is fine */
#include "proc.h"
// a line comment with warn("x")
static int nst_good(char *buf, struct nst_exit *e)
{
	const char *s = "printf(\"x\"); exit(1)";
	char q = '"';

	(void)s; (void)q;
	(void)snprintf(buf, 4, "%d", 1);
	(void)vsnprintf;
	return nst_exit_from_status(0, e);
}
EOF
is "$(find_calls "$tmp/bad.c" | cut -d: -f2 | tr '\n' ' ')" "4 5 " \
	"negative control: printf( and exit( in a file are found, with their lines"
is "$(find_std_streams "$tmp/bad.c" | cut -d: -f2)" "6" "negative control: stderr in a file is found"
is "$(find_calls "$tmp/good.c")" "" \
	"control: comments, strings, snprintf( and nst_exit_from_status( are not calls"

cat >"$tmp/bad.h" <<'EOF'
#include <libsmartcols.h>
#define LOOKS_LIKE_CALL(x) foo(x)
int foo_bar(int x);
enum nst_ok_enum {
	NST_FINE,
	_NST_FINE_MAX,
	BAD_VALUE,
};
struct bad_struct {
	int (*nst_member)(void);
};
extern int bad_var[4];
static inline int bad_inline(void)
{
	return 0;
}
_printf_(1, 2) int nst_fine(const char *fmt, ...);
int nst_also_fine(int a,
		  int b);
EOF
is "$(find_unprefixed "$tmp/bad.h" | sed 's/.*: //' | tr '\n' ' ')" \
	"foo_bar BAD_VALUE bad_struct bad_var bad_inline " \
	"negative control: unprefixed function, enumerator, tag, variable and inline are found"
is "$(find_smartcols "$tmp/bad.h" | cut -d: -f1)" "1" "negative control: a libsmartcols include is found"

done_testing
