# migc.fish - fish completion for migc and, once registered with
# migc_complete_migrator, for the migrators it builds.  Installed by `make install` as
# $(PREFIX)/share/fish/vendor_completions.d/migc.fish.  Commands and
# options come from migc itself (`migc __complete commands|options CMD`,
# read from the --help texts), revision ids from the project
# (`migc __complete revisions`, under the -C directory when one is given).

function __migc_cmd
    set -l toks (commandline -opc)
    set -e toks[1]
    while set -q toks[1]
        switch $toks[1]
            case -C --project
                set -e toks[1]
            case '-*'
            case '*'
                echo $toks[1]
                return 0
        end
        set -e toks[1]
    end
    return 1
end

function __migc_dir
    set -l toks (commandline -opc)
    for i in (seq (count $toks))
        if contains -- $toks[$i] -C --project
            set -l j (math $i + 1)
            set -q toks[$j]; and printf '%s\n' -C $toks[$j]
            return
        end
    end
end

function __migc_options
    set -l c (__migc_cmd)
    and migc __complete options $c 2>/dev/null
end

complete -c migc -f
complete -c migc -n 'not __migc_cmd' -a '(migc __complete commands 2>/dev/null)'
complete -c migc -n 'not __migc_cmd' -s C -l project -r -F -d 'project directory'
complete -c migc -s q -l quiet -d 'no progress lines'
complete -c migc -s v -l verbose -d 'more detail'
complete -c migc -s h -l help -d 'usage'
complete -c migc -n 'not __migc_cmd' -s V -l version -d 'version'
complete -c migc -n '__migc_cmd; and string match -q -- "-*" (commandline -ct)' -a '(__migc_options)'
complete -c migc -n '__migc_cmd' -l format -x -a 'text json sarif github'
complete -c migc -n 'contains -- (__migc_cmd) show merge sql' -a '(migc (__migc_dir) __complete revisions 2>/dev/null) head'
complete -c migc -n 'contains -- (__migc_cmd) help' -a '(migc __complete commands 2>/dev/null) migc.conf'

# ---- migrators ------------------------------------------------------------
# fish loads completions by command name, and a migrator's name is its
# project's, so a migrator is registered once, e.g. in config.fish:
#   source /usr/share/fish/vendor_completions.d/migc.fish
#   migc_complete_migrator blog-migrate
# Its commands and options come from its own --help, revision ids from its
# plan (`migc __complete migrator PROG commands|options|revisions`).

function __migc_mig_cmd
    set -l toks (commandline -opc)
    set -e toks[1]
    while set -q toks[1]
        switch $toks[1]
            case --url --env-file --format --lock-timeout --statement-timeout --retries -r --schema --targets --schemas -j --canary --on-error --report
                set -e toks[1]
            case '-*'
            case '*'
                echo $toks[1]
                return 0
        end
        set -e toks[1]
    end
    return 1
end

function __migc_mig_words --argument-names what
    set -l prog (commandline -opc)[1]
    migc __complete migrator $prog $what 2>/dev/null
end

function migc_complete_migrator -d 'complete a migrator built by migc'
    for prog in $argv
        complete -c $prog -f
        complete -c $prog -n 'not __migc_mig_cmd; and not string match -q -- "-*" (commandline -ct)' -a '(__migc_mig_words commands)'
        complete -c $prog -n 'string match -q -- "-*" (commandline -ct)' -a '(__migc_mig_words options)'
        complete -c $prog -l format -x -a 'text json markdown'
        complete -c $prog -l on-error -x -a 'stop continue'
        complete -c $prog -l env-file -r -F
        complete -c $prog -l targets -r -F
        complete -c $prog -l report -r -F
        complete -c $prog -n 'contains -- (__migc_mig_cmd) upgrade downgrade show stamp resolve accept-checksum sql plan' -a '(__migc_mig_words revisions) head heads base'
    end
end
