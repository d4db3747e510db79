/*
 * fleet.c - `<prog> fleet COMMAND [ARGS] --targets FILE|-`: the same
 * migrator command on many databases and tenant schemas, -j N at a time.
 *
 * Each target runs in a forked child (no exec) that calls the migrator's
 * own entry (migrt_main, passed in) with --url and --schema set and
 * --format json where the command has it: an ordinary run, under its own
 * advisory lock and in its own session, so a rerun after the fleet was
 * killed finds every target where its last run left it.  The child's
 * stdout and stderr come back through pipes.
 *
 * Guarantees: the fleet process holds no libpq connection when it forks
 * (fleet_targets.c closes the ones that list schemas); a child dies with
 * SIGTERM when the fleet dies (Linux), which rolls its revision back as
 * any interrupt does; SIGINT/SIGTERM to the fleet starts no new target and
 * is forwarded once to each running child (children are in their own
 * process group, so a terminal's Ctrl-C reaches them only this way).
 * --canary N runs the first N targets before any other and stops after
 * them if one failed; --on-error stop (the default) starts no new target
 * after a failure and sends each running one SIGUSR1 once, which makes it
 * finish the revision it is running and start no other (intr.c, apply.c;
 * it exits RT_EXIT_STOPPED, "stopped").  The fleet installs that signal's
 * handler before its first fork, so a child can never get it with the
 * default action (death).  Exit status: 0 when every target succeeded, 6
 * when interrupted, else 8 (RT_EXIT_FLEET).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "rt.h"
#include "rt_fleet.h"
#include "rt_run.h"

struct fleet {
	struct rt_ctx ctx;
	const struct migrt_plan *plan;
	rt_fleet_entry entry;
	const char *cmd;
	char **args;		/* the command's arguments and passed options */
	int nargs;
	int json;		/* the command takes --format json */
	const char *targets, *schemas, *report;
	long jobs, canary;
	int keep_going;
	struct rt_fleet_target *list;
	size_t n;
};

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	if (!got_signal)
		got_signal = sig;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int number(const char *v, long *out)
{
	char *end;

	if (!v || !*v || strspn(v, "0123456789") != strlen(v) || strlen(v) > 6)
		return -1;
	*out = strtol(v, &end, 10);
	return 0;
}

static int fleet_option(const char *a)
{
	return !strcmp(a, "--targets") || !strcmp(a, "--schemas") || !strcmp(a, "--report") ||
	       !strcmp(a, "--on-error") || !strcmp(a, "-j") || !strcmp(a, "--canary");
}

/* Fleet options out of argv[2..]; everything else goes to each target's
 * run.  Returns an exit status (usage errors printed). */
static int parse(struct fleet *f, int argc, char **argv)
{
	static const char *const json_cmds[] = { "upgrade", "downgrade", "current",
						 "history", "check" };
	struct rt_ctx *ctx = &f->ctx;
	int i;

	f->args = rt_xcalloc((size_t)argc, sizeof *f->args);
	f->jobs = -1;
	for (i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const char *eq = strchr(a, '=');
		char name[16];
		int joined = 0;
		long num;

		/* --name=VALUE and -jN */
		if (a[0] == '-' && a[1] == '-' && eq && (size_t)(eq - a) < sizeof name) {
			memcpy(name, a, (size_t)(eq - a));
			name[eq - a] = '\0';
			if (fleet_option(name)) {
				a = name;
				v = eq + 1;
				joined = 1;
			}
		} else if (a[0] == '-' && a[1] == 'j' && a[2]) {
			a = "-j";
			v = argv[i] + 2;
			joined = 1;
		}
		if (fleet_option(a)) {
			if (!v || !*v)
				return rt_usage_error(ctx, "%s needs a value", a);
			if (!joined)
				i++;
			if (!strcmp(a, "--targets"))
				f->targets = v;
			else if (!strcmp(a, "--schemas"))
				f->schemas = v;
			else if (!strcmp(a, "--report"))
				f->report = v;
			else if (!strcmp(a, "--on-error")) {
				if (strcmp(v, "stop") && strcmp(v, "continue"))
					return rt_usage_error(ctx, "bad --on-error \"%s\": expected "
								 "stop or continue", v);
				f->keep_going = !strcmp(v, "continue");
			} else if (number(v, &num) < 0 || (num < 1 && a[1] == 'j'))
				return rt_usage_error(ctx, "bad %s \"%s\": expected a number%s", a,
							 v, a[1] == 'j' ? " from 1" : "");
			else if (a[1] == 'j')
				f->jobs = num;
			else
				f->canary = num;
		} else if (!strcmp(a, "--url") || !strncmp(a, "--url=", 6) ||
			   !strcmp(a, "--schema") || !strncmp(a, "--schema=", 9) ||
			   !strcmp(a, "--format") || !strncmp(a, "--format=", 9) ||
			   !strcmp(a, "--env-file") || !strncmp(a, "--env-file=", 11)) {
			return rt_usage_error(ctx, "fleet sets the connection, --schema and "
						 "--format of each target itself: give the targets "
						 "with --targets (and --schemas)");
		} else if (!f->cmd && a[0] != '-') {
			f->cmd = a;
		} else {
			f->args[f->nargs++] = argv[i];
			/* an option whose value is the next argument: the value is
			 * not the command */
			if (v && (!strcmp(a, "--lock-timeout") || !strcmp(a, "--statement-timeout") ||
				  !strcmp(a, "--retries") || !strcmp(a, "-r") ||
				  !strcmp(a, "--rev-range")))
				f->args[f->nargs++] = argv[++i];
		}
	}
	if (!f->cmd)
		return rt_usage_error(ctx, "fleet needs a command: upgrade, downgrade, "
					 "current, check or history");
	for (i = 0; i < 5; i++)
		if (!strcmp(f->cmd, json_cmds[i]))
			f->json = 1;
	if (!f->json)
		return rt_usage_error(ctx, "fleet runs upgrade, downgrade, current, check "
					 "or history, not \"%s\"", f->cmd);
	for (i = 0; i < f->nargs; i++)
		if (!strcmp(f->args[i], "--sql"))
			return rt_usage_error(ctx, "fleet does not go with --sql");
	if (!f->targets)
		return rt_usage_error(ctx, "fleet needs --targets FILE (or - for "
					 "standard input)");
	return RT_EXIT_OK;
}

/* The child: its own process group, SIGTERM when the fleet dies, output
 * into the pipes, then the ordinary command line.  Never returns. */
static void child(struct fleet *f, struct rt_fleet_target *t, int out[2], int err[2])
{
	char **argv = rt_xcalloc((size_t)f->nargs + 10, sizeof *argv);
	int argc = 0, i;
	size_t k;

	setpgid(0, 0);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	if (getppid() == 1)
		_exit(RT_EXIT_INTERRUPTED);
	dup2(out[1], STDOUT_FILENO);
	dup2(err[1], STDERR_FILENO);
	close(out[0]);
	close(out[1]);
	close(err[0]);
	close(err[1]);
	for (k = 0; k < f->n; k++)
		for (i = 0; i < 2; i++)
			if (f->list[k].fd[i] >= 0)
				close(f->list[k].fd[i]);
	argv[argc++] = (char *)f->ctx.prog;
	argv[argc++] = "--url";
	argv[argc++] = t->conninfo;
	if (t->schema) {
		argv[argc++] = "--schema";
		argv[argc++] = t->schema;
	}
	argv[argc++] = "--format";
	argv[argc++] = "json";
	argv[argc++] = (char *)f->cmd;
	for (i = 0; i < f->nargs; i++)
		argv[argc++] = f->args[i];
	argv[argc] = NULL;
	i = f->entry(f->plan, argc, argv);
	fflush(NULL);
	_exit(i);
}

static int start(struct fleet *f, struct rt_fleet_target *t)
{
	int out[2], err[2];

	t->t0 = now_s();
	if (t->pre_error) {
		t->state = RT_FLEET_DONE;
		t->status = t->pre_status;
		return 0;
	}
	if (pipe(out) < 0 || pipe(err) < 0) {
		rt_error(&f->ctx, "cannot create a pipe: %s", strerror(errno));
		return -1;
	}
	fflush(NULL);
	t->pid = fork();
	if (t->pid < 0) {
		rt_error(&f->ctx, "cannot fork: %s", strerror(errno));
		close(out[0]);
		close(out[1]);
		close(err[0]);
		close(err[1]);
		return -1;
	}
	if (t->pid == 0)
		child(f, t, out, err);
	close(out[1]);
	close(err[1]);
	t->fd[0] = out[0];
	t->fd[1] = err[0];
	t->state = RT_FLEET_RUNNING;
	return 0;
}

/* Reads what is there from fd `i` of `t`; closes it at end of file. */
static void drain(struct rt_fleet_target *t, int i)
{
	char chunk[4096];
	ssize_t got = read(t->fd[i], chunk, sizeof chunk);

	if (got < 0 && errno == EINTR)
		return;
	if (got <= 0) {
		close(t->fd[i]);
		t->fd[i] = -1;
		return;
	}
	{
		char *bigger = realloc(t->buf[i], t->len[i] + (size_t)got + 1);

		if (!bigger)
			rt_xcalloc((size_t)-1, (size_t)-1);
		memcpy(bigger + t->len[i], chunk, (size_t)got);
		t->len[i] += (size_t)got;
		bigger[t->len[i]] = '\0';
		t->buf[i] = bigger;
	}
}

/* Waits for output or the end of a child; returns the number of targets
 * that finished (each reaped, timed and printed). */
static size_t step(struct fleet *f, size_t *failures)
{
	struct pollfd *p = rt_xcalloc(f->n * 2 + 1, sizeof *p);
	size_t *who = rt_xcalloc(f->n * 2 + 1, sizeof *who), k, np = 0, done = 0;
	int i;

	for (k = 0; k < f->n; k++)
		for (i = 0; i < 2; i++)
			if (f->list[k].state == RT_FLEET_RUNNING && f->list[k].fd[i] >= 0) {
				p[np].fd = f->list[k].fd[i];
				p[np].events = POLLIN;
				who[np++] = k * 2 + (size_t)i;
			}
	if (np && poll(p, (nfds_t)np, -1) > 0)
		for (k = 0; k < np; k++)
			if (p[k].revents)
				drain(&f->list[who[k] / 2], (int)(who[k] % 2));
	for (k = 0; k < f->n; k++) {
		struct rt_fleet_target *t = &f->list[k];
		int ws;

		if (t->state != RT_FLEET_RUNNING || t->fd[0] >= 0 || t->fd[1] >= 0)
			continue;
		while (waitpid(t->pid, &ws, 0) < 0 && errno == EINTR)
			;
		t->status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
		t->state = RT_FLEET_DONE;
		t->ms = (now_s() - t->t0) * 1000.0;
		if (t->status)
			++*failures;
		rt_fleet_line(&f->ctx, f->cmd, t);
		done++;
	}
	free(p);
	free(who);
	return done;
}

/* Forwards the first signal once to every running child. */
static void forward(struct fleet *f, int *forwarded)
{
	size_t k;

	if (!got_signal || *forwarded)
		return;
	*forwarded = 1;
	for (k = 0; k < f->n; k++)
		if (f->list[k].state == RT_FLEET_RUNNING)
			kill(f->list[k].pid, got_signal);
}

/* After a failure under --on-error stop: asks each running target, once,
 * to stop after its current revision. */
static void stop_running(struct fleet *f)
{
	size_t k;

	for (k = 0; k < f->n; k++)
		if (f->list[k].state == RT_FLEET_RUNNING && !f->list[k].stop_sent) {
			f->list[k].stop_sent = 1;
			kill(f->list[k].pid, SIGUSR1);
		}
}

/* Runs targets [0, upto) with at most f->jobs at a time. */
static void run_upto(struct fleet *f, size_t upto, size_t *next, size_t *failures,
		     int *forwarded)
{
	size_t running = 0, k;

	for (k = 0; k < f->n; k++)
		running += f->list[k].state == RT_FLEET_RUNNING;
	for (;;) {
		while (!got_signal && *next < upto && running < (size_t)f->jobs &&
		       (f->keep_going || *failures == 0)) {
			struct rt_fleet_target *t = &f->list[(*next)++];

			if (start(f, t) < 0) {
				++*failures;
				break;
			}
			if (t->state == RT_FLEET_DONE) {
				++*failures;
				rt_fleet_line(&f->ctx, f->cmd, t);
			} else {
				running++;
			}
		}
		forward(f, forwarded);
		if (*failures && !f->keep_going)
			stop_running(f);
		if (running == 0)
			return;
		running -= step(f, failures);
	}
}

int rt_fleet_main(const struct migrt_plan *plan, const char *prog, int argc,
		     char **argv, rt_fleet_entry entry)
{
	struct fleet f;
	struct sigaction sa, old_int, old_term;
	size_t next = 0, failures = 0, ok = 0, k;
	int rc, forwarded = 0;

	memset(&f, 0, sizeof f);
	f.ctx.plan = plan;
	f.ctx.prog = prog;
	f.plan = plan;
	f.entry = entry;
	if ((rc = parse(&f, argc, argv)) != RT_EXIT_OK)
		goto out;
	if ((rc = rt_fleet_read(&f.ctx, f.targets, &f.list, &f.n)) != RT_EXIT_OK)
		goto out;
	if (f.schemas)
		rt_fleet_expand(&f.ctx, f.schemas, &f.list, &f.n);
	if (f.jobs < 0)
		f.jobs = f.n < 4 ? (long)f.n : 4;
	if (f.jobs < 1)
		f.jobs = 1;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	rt_intr_stop_install();
	if (f.canary > 0) {
		run_upto(&f, (size_t)f.canary < f.n ? (size_t)f.canary : f.n, &next,
			 &failures, &forwarded);
		if (failures && next < f.n)
			rt_errf(&f.ctx, "%s: fleet: a canary target failed: no other target "
				   "was started\n", prog);
	}
	if (!(f.canary > 0 && failures))
		run_upto(&f, f.n, &next, &failures, &forwarded);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	rt_fleet_table(&f.ctx, f.cmd, f.list, f.n);
	for (k = 0; k < f.n; k++)
		ok += f.list[k].state == RT_FLEET_DONE && f.list[k].status == 0;
	rc = ok == f.n ? RT_EXIT_OK : got_signal ? RT_EXIT_INTERRUPTED : RT_EXIT_FLEET;
	if (f.report && rt_fleet_report(&f.ctx, f.report, f.cmd, f.list, f.n) < 0 &&
	    rc == RT_EXIT_OK)
		rc = RT_EXIT_USAGE;
out:
	fflush(stdout);
	rt_fleet_free(f.list, f.n);
	free(f.args);
	return rc;
}
