/* Loads one program of tpcost.bpf.o, attaches it and waits for SIGTERM (tpcost.sh's dd runs). */
#include <bpf/libbpf.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static void on_term(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	struct bpf_object *obj;
	struct bpf_program *p;
	struct bpf_link *link;

	if (argc != 3 || !(obj = bpf_object__open_file(argv[1], NULL)))
		return 1;
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, !strcmp(bpf_program__name(p), argv[2]));
	if (bpf_object__load(obj))
		return 1;
	p = bpf_object__find_program_by_name(obj, argv[2]);
	if (!p || !(link = bpf_program__attach(p)))
		return 1;
	signal(SIGTERM, on_term);
	pause();
	bpf_link__destroy(link);
	bpf_object__close(obj);
	return 0;
}
