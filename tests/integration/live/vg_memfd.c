/* SPDX-License-Identifier: Apache-2.0 */
/*
 * vg_memfd.c - fileless execution for the live scenario tests: copies an executable into a
 * memfd_create() file and runs it from there with fexecve (exec), or creates the same memfd
 * but runs the executable from its file (noexec: the near miss).
 *
 * usage: vg-memfd exec|noexec MARKER [EXECUTABLE (default /bin/true)]
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: vg-memfd exec|noexec MARKER [EXECUTABLE]\n");
		return 2;
	}
	const char *exe = argc > 3 ? argv[3] : "/bin/true";
	int mfd = memfd_create("vg-payload", 0);
	int in = open(exe, O_RDONLY);
	if (mfd < 0 || in < 0) {
		perror("vg-memfd");
		return 1;
	}
	char buf[65536];
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(mfd, buf, (size_t)n) != n) {
			perror("vg-memfd: write");
			return 1;
		}
	close(in);
	char *args[] = { "vg-payload", argv[2], NULL };
	if (strcmp(argv[1], "exec") == 0)
		fexecve(mfd, args, environ);
	else
		execve(exe, args, environ);
	perror("vg-memfd: exec");
	return 1;
}
