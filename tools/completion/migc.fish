# migc.fish - fish completion for migc.  Installed by `make install` as
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
