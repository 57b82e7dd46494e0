# SPDX-License-Identifier: GPL-2.0-or-later
# Consistency: the options in --help, in the man page and in the bash completion agree, both
# ways; so do the lsns columns, and the sections the nsenter and unshare pages share.
source "$NST_SRCDIR/tests/integration/lib.sh"

man_dir=$NST_SRCDIR/man
comp_dir=$NST_SRCDIR/bash-completion
tmp=$_tap_tmp

# --- extraction: one item per line, in the order found ---

# help_longs FILE: the long option of each option line of a --help text ("-t, --target <pid>",
# "    --preserve-credentials"), not the options that descriptions mention.
help_longs() {
	sed -nE 's/^[[:space:]]+(-[[:alnum:]],[[:space:]]+)?--([[:alnum:]][[:alnum:]-]*).*/--\2/p' "$1"
}

# help_shorts FILE: "-t" of "-t, --target" and of short-only lines ("-x <arg>").
help_shorts() {
	sed -nE 's/^[[:space:]]+-([[:alnum:]])(,|[[:space:]]|$).*/-\1/p' "$1"
}

# scd_text FILE: an scd page without its literal blocks (a "# " line in an example is not a
# section heading).
scd_text() {
	awk '/^[[:space:]]*```/ { lit = !lit; next } !lit' "$1"
}

# scd_section FILE NAME: the lines of one section, without its heading.
scd_section() {
	scd_text "$1" | awk -v want="# $2" '/^# / { on = ($0 == want); next } on'
}

# man_options FILE: the OPTIONS section of an scd page, only the lines that define an option
# (they start in column 0 with "*-"); descriptions are indented.
man_options() {
	scd_section "$1" OPTIONS | sed -n '/^\*-/p'
}

man_longs() {
	man_options "$1" |
		sed -nE 's/^(\*-[[:alnum:]]\*,[[:space:]]+)?\*(--[[:alnum:]][[:alnum:]-]*)\*.*/\2/p'
}

man_shorts() {
	man_options "$1" | sed -nE 's/^\*(-[[:alnum:]])\*.*/\1/p'
}

# complete_words FILE FUNC WORD...: source the completion file in a subshell and call FUNC as
# bash would for the command line WORD... (the last word is the one being completed); prints
# COMPREPLY one per line. bash_completion itself is not needed for option names.
complete_words() {
	local file=$1 func=$2
	shift 2
	(
		set +euo pipefail
		# a path with a slash: "source lsns" would search $PATH first
		source "$(cd "$(dirname "$file")" && pwd)/$(basename "$file")" || exit 1
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMP_LINE="$*"
		COMP_POINT=${#COMP_LINE}
		COMPREPLY=()
		"$func" "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
		if [ "${#COMPREPLY[@]}" -gt 0 ]; then
			printf '%s\n' "${COMPREPLY[@]}"
		fi
	)
}

# comp_longs FILE FUNC TOOL: what "TOOL --<TAB>" offers, a trailing '=' removed.
comp_longs() {
	complete_words "$1" "$2" "$3" -- | sed -n 's/=$//; /^--./p'
}

# comp_shorts FILE FUNC TOOL: the short options "TOOL -<TAB>" offers.
comp_shorts() {
	complete_words "$1" "$2" "$3" - | sed -nE '/^-[[:alnum:]]$/p'
}

# only_in A B: the lines of A that are not in B (sorted, unique).
only_in() {
	comm -23 <(printf '%s\n' "$1" | sed '/^$/d' | sort -u) \
		<(printf '%s\n' "$2" | sed '/^$/d' | sort -u)
}

# same_set DESC NAME_A A NAME_B B: one test per direction, listing what is missing.
same_set() {
	local desc=$1 name_a=$2 a=$3 name_b=$4 b=$5 missing
	missing=$(only_in "$a" "$b")
	is "$missing" "" "$desc: everything in $name_a is in $name_b"
	if [ -n "$missing" ]; then
		diag "in $name_a but not in $name_b:" $missing
	fi
	missing=$(only_in "$b" "$a")
	is "$missing" "" "$desc: everything in $name_b is in $name_a"
	if [ -n "$missing" ]; then
		diag "in $name_b but not in $name_a:" $missing
	fi
}

# --- the man pages themselves ---

for page in nsenter.1 unshare.1 lsns.8; do
	scd=$man_dir/$page.scd
	ok "$page.scd exists" test -f "$scd"
	is "$(sed -n 1p "$scd" | cut -d' ' -f1)" "${page%.*}(${page##*.})" "$page.scd: header line"
	is "$(sed -n 2p "$scd")" "; SPDX-License-Identifier: GPL-2.0-or-later" "$page.scd: SPDX line"
	if command -v scdoc >/dev/null; then
		ok "$page.scd: scdoc accepts it" sh -c 'scdoc < "$1" > /dev/null' _ "$scd"
	else
		skip "$page.scd: scdoc accepts it" "scdoc not installed"
	fi
	sections=$(scd_text "$scd" | sed -n 's/^# //p' | tr '\n' ' ')
	want="NAME SYNOPSIS DESCRIPTION OPTIONS "
	[ "$page" = lsns.8 ] && want+="COLUMNS "
	want+="EXIT STATUS NOTES EXAMPLES SEE ALSO "
	is "$sections" "$want" "$page.scd: sections in the house order"
done

# --- options: --help <-> man page <-> completion, for each tool ---

for tool in nsenter unshare lsns; do
	case $tool in
	nsenter) bin=$NSENTER page=nsenter.1 ;;
	unshare) bin=$UNSHARE page=unshare.1 ;;
	lsns) bin=$LSNS page=lsns.8 ;;
	esac
	scd=$man_dir/$page.scd
	comp=$comp_dir/$tool
	func=_${tool}_module

	"$bin" --help >"$tmp/$tool.help"
	h_longs=$(help_longs "$tmp/$tool.help")
	h_shorts=$(help_shorts "$tmp/$tool.help")
	m_longs=$(man_longs "$scd")
	m_shorts=$(man_shorts "$scd")
	c_longs=$(comp_longs "$comp" "$func" "$tool")
	c_shorts=$(comp_shorts "$comp" "$func" "$tool")

	# an empty list would make every comparison pass: the extraction itself must work
	isnt "$h_longs" "" "$tool: long options found in --help"
	isnt "$m_longs" "" "$tool: long options found in $page.scd"
	isnt "$c_longs" "" "$tool: long options offered by the completion"

	same_set "$tool long options" "--help" "$h_longs" "$page.scd" "$m_longs"
	same_set "$tool long options" "--help" "$h_longs" "completion" "$c_longs"
	same_set "$tool short options" "--help" "$h_shorts" "$page.scd" "$m_shorts"
	same_set "$tool short options" "--help" "$h_shorts" "completion" "$c_shorts"
	is "$(echo $m_longs)" "$(echo $h_longs)" "$tool: $page.scd lists the options in --help order"
done

# --- lsns columns ---

"$LSNS" --help >"$tmp/lsns.help"
h_cols=$(awk '/^Available output columns:/ { on = 1; next } on && NF == 0 { on = 0 } on { print $1 }' \
	"$tmp/lsns.help")
m_cols=$(scd_section "$man_dir/lsns.8.scd" COLUMNS |
	sed -nE 's/^\*([A-Z][A-Z0-9_-]*)\*$/\1/p')
c_cols=$(complete_words "$comp_dir/lsns" _lsns_module lsns --output '')
isnt "$h_cols" "" "lsns: columns found in --help"
isnt "$m_cols" "" "lsns: columns found in lsns.8.scd"
same_set "lsns columns" "--help" "$h_cols" "lsns.8.scd" "$m_cols"
same_set "lsns columns" "--help" "$h_cols" "completion" "$c_cols"
if [[ $'\n'$(help_longs "$tmp/lsns.help")$'\n' == *$'\n--list-columns\n'* ]]; then
	# -H prints one column per line, the name first, and no header
	l_cols=$("$LSNS" --list-columns | awk '{ print $1 }')
	same_set "lsns columns" "--help" "$h_cols" "--list-columns" "$l_cols"
else
	skip "lsns columns: --help and --list-columns agree" "lsns has no --list-columns yet"
fi

# --- sections shared by nsenter.1 and unshare.1 ---
# scdoc has no includes: a block between "; nstools-shared: NAME" and "; nstools-shared-end" is
# copied between the pages, and the copies must stay identical.

# shared_names FILE / shared_block FILE NAME
shared_names() {
	sed -n 's/^; nstools-shared: //p' "$1" | sort
}
shared_block() {
	awk -v name="$2" '$0 == "; nstools-shared: " name { on = 1; next }
		$0 == "; nstools-shared-end" { on = 0 } on' "$1"
}
# shared_diffs FILE_A FILE_B: names of blocks missing from one page or different; empty if ok.
shared_diffs() {
	local n
	{
		only_in "$(shared_names "$1")" "$(shared_names "$2")"
		only_in "$(shared_names "$2")" "$(shared_names "$1")"
		for n in $(shared_names "$1"); do
			if [ "$(shared_block "$1" "$n")" != "$(shared_block "$2" "$n")" ]; then
				echo "$n"
			fi
		done
	} | sort -u
}
isnt "$(shared_names "$man_dir/nsenter.1.scd")" "" "nsenter.1.scd has shared blocks"
d=$(shared_diffs "$man_dir/nsenter.1.scd" "$man_dir/unshare.1.scd")
is "$d" "" "shared blocks of nsenter.1.scd and unshare.1.scd are identical"

# --- negative controls: the comparisons must see a deliberate difference ---

# a man page with --net taken out of OPTIONS
grep -v '^\*-n\*, \*--net\*' "$man_dir/nsenter.1.scd" >"$tmp/nsenter-altered.scd"
help_longs "$tmp/nsenter.help" >"$tmp/h"
is "$(only_in "$(cat "$tmp/h")" "$(man_longs "$tmp/nsenter-altered.scd")")" "--net" \
	"negative control: an option removed from the man page is reported"

# a completion that offers an option the tool does not have
sed 's/--fork/--fork --bogus-option/' "$comp_dir/unshare" >"$tmp/unshare-altered"
is "$(only_in "$(comp_longs "$tmp/unshare-altered" _unshare_module unshare)" \
	"$(help_longs "$tmp/unshare.help")")" "--bogus-option" \
	"negative control: an extra option in the completion is reported"

# a shared block edited in one page only
sed '/^; nstools-shared: exec-exit/,/^; nstools-shared-end/ s/was not found/was missing/' \
	"$man_dir/unshare.1.scd" >"$tmp/unshare-altered.scd"
is "$(shared_diffs "$man_dir/nsenter.1.scd" "$tmp/unshare-altered.scd")" "exec-exit" \
	"negative control: a shared block changed in one page is reported"

done_testing
