/*
 * complete.c - the words shell completions offer, read from --help texts
 * (hidden `migc __complete`, tools/completion/).
 *
 * A migrator's commands and options come from its own `--help` (and its
 * revision ids from `history --offline`), run here without a shell, so
 * the completions of every migrator, old or new, offer exactly what that
 * binary says it accepts.  Nothing here prints a diagnostic: a program
 * that cannot be run completes nothing.
 */
#include "complete.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* Long options printed at most this many times each. */
#define COMPLETE_MAX_WORDS 128

/* Is the word of n bytes at p already among seen? */
static bool seen_before(const char **seen, const size_t *seen_n, size_t nseen,
			const char *p, size_t n)
{
	for (size_t k = 0; k < nseen; k++)
		if (seen_n[k] == n && strncmp(seen[k], p, n) == 0)
			return true;
	return false;
}

void complete_long_options(FILE *out, const char *text)
{
	const char *seen[COMPLETE_MAX_WORDS];
	size_t seen_n[COMPLETE_MAX_WORDS], nseen = 0;
	for (const char *p = text; (p = strstr(p, "--")) != NULL;) {
		size_t n = 2;
		while (p[n] == '-' || (p[n] >= 'a' && p[n] <= 'z'))
			n++;
		bool word = n > 2 && (p == text || strchr(" [(|", p[-1]));
		if (word && !seen_before(seen, seen_n, nseen, p, n) &&
		    nseen < COMPLETE_MAX_WORDS) {
			seen[nseen] = p;
			seen_n[nseen++] = n;
			fprintf(out, "%.*s\n", (int)n, p);
		}
		p += n;
	}
}

/* The standard output of `prog arg1 arg2`, NUL-terminated (malloc'd;
 * the caller frees it), or NULL when it cannot run or fails. */
static char *run_capture(const char *prog, const char *arg1, const char *arg2)
{
	int fd[2];
	if (pipe(fd) != 0)
		return NULL;
	pid_t pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return NULL;
	}
	if (pid == 0) {
		dup2(fd[1], STDOUT_FILENO);
		close(fd[0]);
		close(fd[1]);
		int null = open("/dev/null", O_WRONLY);
		if (null >= 0)
			dup2(null, STDERR_FILENO);
		char *const argv[] = { (char *)prog, (char *)arg1, (char *)arg2, NULL };
		execvp(prog, argv);
		_exit(127);
	}
	close(fd[1]);
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	ssize_t got = 0;
	while (buf && (got = read(fd[0], buf + len, cap - len - 1)) > 0) {
		len += (size_t)got;
		if (cap - len < 2) {
			char *more = realloc(buf, cap * 2);
			if (!more) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = more;
			cap *= 2;
		}
	}
	close(fd[0]);
	int status = 0;
	waitpid(pid, &status, 0);
	if (!buf || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		free(buf);
		return NULL;
	}
	buf[len] = '\0';
	return buf;
}

/* The commands of a migrator's --help: in its "commands:" section, every
 * line indented by exactly two spaces starts with COMMAND or CMD|CMD. */
static void print_commands(FILE *out, char *help)
{
	const char *seen[COMPLETE_MAX_WORDS];
	size_t seen_n[COMPLETE_MAX_WORDS], nseen = 0;
	bool in = false;
	for (char *line = strtok(help, "\n"); line; line = strtok(NULL, "\n")) {
		if (strcmp(line, "commands:") == 0) {
			in = true;
			continue;
		}
		if (in && line[0] != ' ')
			break;
		if (!in || line[1] != ' ' || line[2] < 'a' || line[2] > 'z')
			continue;
		for (const char *p = line + 2; *p >= 'a' && *p <= 'z';) {
			size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz-");
			if (!seen_before(seen, seen_n, nseen, p, n) && nseen < COMPLETE_MAX_WORDS) {
				seen[nseen] = p;
				seen_n[nseen++] = n;
				fprintf(out, "%.*s\n", (int)n, p);
			}
			p += n;
			if (*p != '|')
				break;
			p++;
		}
	}
}

/* Short options: "  -q, --quiet" lines of the "options:" section. */
static void print_short_options(FILE *out, const char *help)
{
	const char *opts = strstr(help, "\noptions:\n");
	for (const char *p = opts; p && (p = strstr(p, "\n  -")) != NULL; p += 3)
		if (p[4] != '-' && p[5] == ',')
			fprintf(out, "-%c\n", p[4]);
}

/* Revision ids from `history --offline`: "PARENT -> ID, message". */
static void print_revisions(FILE *out, const char *history)
{
	for (const char *p = history; (p = strstr(p, " -> ")) != NULL;) {
		p += 4;
		size_t n = strcspn(p, " ,\n");
		if (n)
			fprintf(out, "%.*s\n", (int)n, p);
		p += n;
	}
}

int complete_migrator(FILE *out, const char *prog, const char *what)
{
	bool revisions = strcmp(what, "revisions") == 0;
	if (!revisions && strcmp(what, "commands") != 0 && strcmp(what, "options") != 0)
		return 2;
	char *text = revisions ? run_capture(prog, "history", "--offline")
			       : run_capture(prog, "--help", NULL);
	if (!text)
		return 0;
	if (revisions)
		print_revisions(out, text);
	else if (strcmp(what, "options") == 0) {
		print_short_options(out, text);
		complete_long_options(out, text);
	} else
		print_commands(out, text);
	free(text);
	return 0;
}
