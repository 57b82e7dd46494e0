# SPDX-License-Identifier: GPL-2.0-or-later
# The bash completion files: valid syntax, registered functions, and the values they offer.
source "$NST_SRCDIR/tests/integration/lib.sh"

comp_dir=$NST_SRCDIR/bash-completion
bash_completion=/usr/share/bash-completion/bash_completion
tmp=$_tap_tmp

# in_comp_shell TOOL CODE: run CODE in a subshell where bash-completion (if installed) and our
# completion file for TOOL are loaded, as in an interactive shell. Neither is written for
# "set -euo pipefail", so the subshell runs without it.
in_comp_shell() {
	local tool=$1 code=$2
	(
		set +euo pipefail
		if [ -r "$bash_completion" ]; then
			source "$bash_completion" >/dev/null 2>&1
		fi
		source "$comp_dir/$tool" || exit 1
		eval "$code"
	)
}

# complete_words WORD...: what completing the last word of the command line WORD... offers,
# sorted, one per line. The function is the one `complete -p` registered for the command.
complete_words() {
	local tool=$1
	local words
	printf -v words '%q ' "$@"
	in_comp_shell "$tool" "
		COMP_WORDS=($words)
		COMP_CWORD=\$((\${#COMP_WORDS[@]} - 1))
		COMP_LINE=\"\${COMP_WORDS[*]}\"
		COMP_POINT=\${#COMP_LINE}
		COMPREPLY=()
		spec=\$(complete -p $tool) || exit 1
		func=\${spec#*-F }
		func=\${func%% *}
		\"\$func\" $tool \"\${COMP_WORDS[COMP_CWORD]}\" \"\${COMP_WORDS[COMP_CWORD - 1]}\" \\
			2>/dev/null
		if [ \${#COMPREPLY[@]} -gt 0 ]; then printf '%s\n' \"\${COMPREPLY[@]}\"; fi
	" | sort
}

# words LIST...: the same list sorted one per line, for comparing with complete_words.
words() {
	printf '%s\n' "$@" | sort
}

for tool in nsenter unshare lsns; do
	ok "$tool: bash -n" bash -n "$comp_dir/$tool"
	is "$(sed -n 1p "$comp_dir/$tool")" "# SPDX-License-Identifier: GPL-2.0-or-later" \
		"$tool: SPDX line"
	is "$(in_comp_shell "$tool" "complete -p $tool")" "complete -F _${tool}_module $tool" \
		"$tool: completion function registered"
done

# Sourcing without bash-completion must work too (the files use no helper from it).
is "$(bash --norc -c "source '$comp_dir/lsns' && complete -p lsns")" \
	"complete -F _lsns_module lsns" "lsns: completion loads without bash-completion"

# --- lsns ---
all_types=$(words cgroup ipc mnt net pid time user uts)
is "$(complete_words lsns --type '')" "$all_types" "lsns --type <TAB>: exactly the namespace types"
is "$(complete_words lsns -t '')" "$all_types" "lsns -t <TAB>: exactly the namespace types"
is "$(complete_words lsns --type = '')" "$all_types" "lsns --type=<TAB>: the namespace types"
is "$(complete_words lsns --type u)" "$(words user uts)" "lsns --type u<TAB>: user uts"
is "$(complete_words lsns -o NS,TY)" "NS,TYPE" "lsns -o NS,TY<TAB>: NS,TYPE"
is "$(complete_words lsns --output +PID,np)" "+PID,NPROCS" "lsns --output +PID,np<TAB>: +PID,NPROCS"
is "$(complete_words lsns -o NS,TYPE,TY)" "" "lsns -o NS,TYPE,TY<TAB>: a given column is not offered again"
out=$(complete_words lsns --)
like "$out" $'(^|\n)--type($|\n)' "lsns --<TAB> offers --type"
isnt "$out" "" "lsns --<TAB> offers something"
is "$(printf '%s\n' "$out" | sed -n '/^-[^-]/p')" "" "lsns --<TAB> offers no short options"
like "$(complete_words lsns -)" $'(^|\n)-t($|\n)' "lsns -<TAB> offers -t"

# --- unshare ---
modes=$(words private shared slave unchanged)
is "$(complete_words unshare --propagation '')" "$modes" \
	"unshare --propagation <TAB>: exactly the four modes"
is "$(complete_words unshare --propagation = s)" "$(words shared slave)" \
	"unshare --propagation=s<TAB>: shared slave"
mkdir "$tmp/procdir" "$tmp/procdir2"
: >"$tmp/procfile"
is "$(complete_words unshare --mount-proc = "$tmp/proc")" "$(words "$tmp/procdir" "$tmp/procdir2")" \
	"unshare --mount-proc=<TAB>: directories only"

# --- nsenter ---
coproc SLEEPER { read -r _; }
sleeper=$SLEEPER_PID
out=$(complete_words nsenter --target '')
like "$out" "(^|"$'\n'")$sleeper(\$|"$'\n'")" \
	"nsenter --target <TAB> offers the PID of a process we started"
is "$(printf '%s\n' "$out" | sed '/^[0-9][0-9]*$/d')" "" "nsenter --target <TAB> offers only numbers"
like "$(complete_words nsenter -t "${sleeper:0:${#sleeper}-1}")" "(^|"$'\n'")$sleeper(\$|"$'\n'")" \
	"nsenter -t <prefix><TAB> offers the PID"
echo >&"${SLEEPER[1]}"
wait "$sleeper" || true

like "$(complete_words nsenter --setuid '')" $'(^|\n)0($|\n)' "nsenter --setuid <TAB> offers uid 0"
: >"$tmp/netns-file"
is "$(complete_words nsenter --net = "$tmp/netns-f")" "$tmp/netns-file" \
	"nsenter --net=<TAB> completes files"
is "$(complete_words nsenter --net="$tmp/netns-f")" "--net=$tmp/netns-file" \
	"nsenter --net=<TAB> completes files when '=' does not break words"
out=$(complete_words nsenter --pr)
is "$out" "--preserve-credentials" "nsenter --pr<TAB>: --preserve-credentials"

# after the program, its own completion takes over
fake='_fake_cmd() { COMPREPLY=(fake-completion); }; complete -F _fake_cmd fakecmd'
if in_comp_shell nsenter 'declare -F _comp_command_offset || declare -F _command_offset' >/dev/null; then
	is "$(in_comp_shell nsenter "$fake
		COMP_WORDS=(nsenter -t 1 --net fakecmd --p); COMP_CWORD=5
		COMP_LINE='nsenter -t 1 --net fakecmd --p'; COMP_POINT=\${#COMP_LINE}
		_nsenter_module nsenter --p fakecmd 2>/dev/null; printf '%s\n' \"\${COMPREPLY[@]}\"")" \
		"fake-completion" "nsenter ... program <TAB>: the program's own completion"
	is "$(in_comp_shell unshare "$fake
		COMP_WORDS=(unshare --propagation slave -m fakecmd ''); COMP_CWORD=5
		COMP_LINE='unshare --propagation slave -m fakecmd '; COMP_POINT=\${#COMP_LINE}
		_unshare_module unshare '' fakecmd 2>/dev/null; printf '%s\n' \"\${COMPREPLY[@]}\"")" \
		"fake-completion" "unshare ... program <TAB>: the program's own completion"
else
	skip "nsenter ... program <TAB>: the program's own completion" "no _command_offset"
	skip "unshare ... program <TAB>: the program's own completion" "no _command_offset"
fi
# without a command-offset helper, options after the program are still not ours
is "$(bash --norc -c "source '$comp_dir/nsenter'
	COMP_WORDS=(nsenter -t 1 fakecmd --pr); COMP_CWORD=3
	_nsenter_module nsenter --pr fakecmd 2>/dev/null; printf '%s\n' \"\${COMPREPLY[@]}\"")" "" \
	"nsenter ... program --pr<TAB>: nsenter's options are not offered after the program"

# --- negative controls: values that don't exist complete to nothing ---
is "$(complete_words lsns --type x)" "" "negative control: lsns --type x<TAB> offers nothing"
is "$(complete_words unshare --propagation x)" "" \
	"negative control: unshare --propagation x<TAB> offers nothing"
is "$(complete_words lsns -o NS,XY)" "" "negative control: lsns -o NS,XY<TAB> offers nothing"

done_testing
