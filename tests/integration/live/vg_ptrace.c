/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vg_ptrace.c - ptrace for the live scenario tests: attach to a child (PTRACE_ATTACH, what a
 * debugger or an injector does), or only peek at a child it does not trace (PTRACE_PEEKDATA,
 * fails with ESRCH: the near miss).
 *
 * usage: vg-ptrace attach|peek MARKER
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: vg-ptrace attach|peek MARKER\n");
		return 2;
	}
	pid_t child = fork();
	if (child < 0)
		return 1;
	if (child == 0) {
		for (;;)
			pause();
	}
	usleep(50000);
	int rc = 0;
	if (strcmp(argv[1], "attach") == 0) {
		if (ptrace(PTRACE_ATTACH, child, NULL, NULL) != 0) {
			perror("vg-ptrace: attach");
			rc = 1;
		} else {
			waitpid(child, NULL, 0);
			ptrace(PTRACE_DETACH, child, NULL, NULL);
		}
	} else {
		errno = 0;
		(void)ptrace(PTRACE_PEEKDATA, child, NULL, NULL);
	}
	kill(child, SIGKILL);
	waitpid(child, NULL, 0);
	return rc;
}
