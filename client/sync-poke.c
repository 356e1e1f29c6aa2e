#include "client/sync-poke.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

int sync_poke(const char *store_path)
{
	char path[4096];
	const char *slash = store_path ? strrchr(store_path, '/') : NULL;
	int dir_len = slash ? (int)(slash - store_path) : 1;
	const char *dir = slash ? store_path : ".";
	if (slash == store_path)
		dir_len = 0; /* the store is in / */
	if (snprintf(path, sizeof(path), "%.*s/sync.pid", dir_len, dir) >= (int)sizeof(path))
		return 0;
	FILE *f = fopen(path, "r");
	if (f == NULL)
		return 0;
	char buf[32] = "";
	int got = fgets(buf, sizeof(buf), f) != NULL;
	fclose(f);
	if (!got)
		return 0;
	char *end;
	long pid = strtol(buf, &end, 10);
	/* Never a process group or every process: only one real pid. */
	if (end == buf || pid <= 1 || (*end != '\0' && *end != '\n'))
		return 0;
	return kill((pid_t)pid, SIGUSR1) == 0;
}
