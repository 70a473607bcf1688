# SPDX-License-Identifier: MIT
# bash completion for cxscore: commands, then each command's options as its --help-all lists
# them (so the completion never falls behind the program), then files.
_cxscore()
{
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]} cmd=${COMP_WORDS[1]}
    if [ "$COMP_CWORD" -eq 1 ]; then
        local commands
        commands=$("${COMP_WORDS[0]}" --help 2>/dev/null | sed -n 's/^  \([a-z]\{1,\}\) .*/\1/p')
        mapfile -t COMPREPLY < <(compgen -W "$commands help --help --version" -- "$cur")
        return
    fi
    case $prev in
    --format | -f)
        mapfile -t COMPREPLY < <(compgen -W "table csv json markdown" -- "$cur")
        return ;;
    --method | -m)
        mapfile -t COMPREPLY < <(compgen -W "wald adjusted-wald tango" -- "$cur")
        return ;;
    --variance)
        mapfile -t COMPREPLY < <(compgen -W "kish design" -- "$cur")
        return ;;
    --every | -e)
        mapfile -t COMPREPLY < <(compgen -W "day week month quarter year" -- "$cur")
        return ;;
    esac
    if [[ $cur == -* ]]; then
        local options
        options=$("${COMP_WORDS[0]}" "$cmd" --help-all 2>/dev/null |
            grep -o -- '--[a-z][a-z0-9-]*' | sort -u)
        mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur")
        return
    fi
    mapfile -t COMPREPLY < <(compgen -f -- "$cur")
}
complete -F _cxscore cxscore
