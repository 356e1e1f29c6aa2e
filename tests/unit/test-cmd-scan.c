/*
 * test-cmd-scan.c — `tally scan` through the real binary, as a technician
 * checking a batch scanner's dump sees it: every scan in order, GS shown,
 * quantities, a bad line named with its number and the exit status saying
 * the dump had a bad line; --json for scripts; a missing device named.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "tests/lib/testutil.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sysexits.h>
#include <termios.h>
#include <unistd.h>

static const char dump[] = "]E05701234567899\t12\n"
                           "]d20109521234543213\x1d"
                           "10LOT1\n"
                           "NOAIM-42\n"
                           "]E05701234567899\tmany\n"
                           "]C100095212340000000013\n";

static void a_batch_dump_is_shown_scan_by_scan(void **state)
{
	char *dir = tu_mkdtemp(), *file = tu_path(dir, "dump.txt");
	tu_write_file(file, dump);
	char *spec = tu_strfmt("file:%s", file);
	struct tu_run r = tu_tally(NULL, "--lang", "en", "scan", "--scanner", spec, NULL);
	assert_int_equal(r.status, EX_DATAERR);
	const char *a = strstr(r.out, "]E0 EAN-13 / UPC-A: 5701234567899  quantity 12\n");
	const char *b = strstr(r.out, "]d2 GS1 DataMatrix: 0109521234543213<GS>10LOT1\n");
	const char *c = strstr(r.out, "(no AIM id) NOAIM-42\n");
	const char *d = strstr(r.out, "]C1 GS1-128: 00095212340000000013\n");
	if (!(a && b && c && d && a < b && b < c && c < d))
		fail_msg("scans missing or out of order:\n%s", r.out);
	tu_assert_contains(r.out, "\n    gs1      ]d2  GTIN 09521234543213  batch LOT1\n");
	tu_assert_contains(r.out, "\n    sscc     ]C1  SSCC 095212340000000013\n");
	tu_assert_contains(r.err, "line 4");
	tu_assert_contains(r.err, "many");
	tu_assert_contains(r.err, "4 scans");
	tu_run_free(&r);
	tu_rmtree(dir);
	free(file);
	free(spec);
	free(dir);
}

static void stdin_with_json_gives_one_object_per_scan(void **state)
{
	struct tu_run r = tu_tally("]d20109521234543213\x1d"
	                           "10LOT1\t3\n]E05701234567899\n",
	                           "--lang", "en", "--json", "scan", "--scanner", "stdin", NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "{\"raw\":\"]d20109521234543213\\u001D10LOT1\","
	                          "\"symbology\":\"]d2\"");
	tu_assert_contains(r.out, "\"data\":\"0109521234543213\\u001D10LOT1\",\"qty\":3,\"line\":1,"
	                          "\"parse\":{\"ok\":true,\"type\":\"gs1\"");
	tu_assert_contains(r.out, "\"data\":\"5701234567899\",\"qty\":null,\"line\":2,"
	                          "\"parse\":{\"ok\":true,\"type\":\"gtin\"");
	tu_run_free(&r);
}

static void a_missing_device_or_spec_is_named(void **state)
{
	struct tu_run r = tu_tally(NULL, "--lang", "en", "scan", "--scanner",
	                           "serial:/dev/tally-no-such-scanner@9600", NULL);
	assert_int_equal(r.status, EX_UNAVAILABLE);
	tu_assert_contains(r.err, "/dev/tally-no-such-scanner");
	tu_run_free(&r);

	r = tu_tally(NULL, "--lang", "en", "scan", "--scanner", "bluetooth:x", NULL);
	assert_int_equal(r.status, EX_USAGE);
	tu_assert_contains(r.err, "unknown scanner 'bluetooth:x'");
	tu_run_free(&r);

	r = tu_tally(NULL, "--lang", "en", "scan", NULL);
	assert_int_equal(r.status, EX_USAGE);
	tu_assert_contains(r.err, "no scanner given");
	tu_run_free(&r);
}

/* A serial scanner on a pseudo-terminal: scans shown as they arrive, and
 * Ctrl+C (SIGINT) ends the check cleanly. */
static void a_serial_scanner_until_ctrl_c(void **state)
{
	int master, slave;
	char name[128];
	assert_int_equal(openpty(&master, &slave, name, NULL, NULL), 0);
	char *spec = tu_strfmt("serial:%s@115200", name);
	int out[2], err[2];
	assert_int_equal(pipe(out), 0);
	assert_int_equal(pipe(err), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		close(out[0]);
		close(err[0]);
		execl(tu_tally_bin(), "tally", "--lang", "en", "scan", "--scanner", spec,
		      (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	close(err[1]);
	/* tally flushes the line when it opens it: write only once it is open */
	char ebuf[512];
	size_t eg = 0;
	ebuf[0] = '\0';
	while (strstr(ebuf, "Ctrl+C") == NULL && eg < sizeof(ebuf) - 1) {
		struct pollfd p = { err[0], POLLIN, 0 };
		if (poll(&p, 1, 5000) <= 0)
			break;
		ssize_t n = read(err[0], ebuf + eg, sizeof(ebuf) - 1 - eg);
		if (n <= 0)
			break;
		eg += (size_t)n;
		ebuf[eg] = '\0';
	}
	tu_assert_contains(ebuf, "reading scans from");
	/* split across writes, two in one write, CRLF and LF */
	const char *parts[] = { "]E0570123", "4567899\r\n]Q1LOC:WARD-7\n]C1000952123",
		                "40000000013\r" };
	for (size_t i = 0; i < 3; i++) {
		usleep(100 * 1000);
		assert_true(write(master, parts[i], strlen(parts[i])) > 0);
	}
	char buf[4096];
	size_t got = 0;
	while (got < sizeof(buf) - 1) {
		struct pollfd p = { out[0], POLLIN, 0 };
		if (poll(&p, 1, 3000) <= 0)
			break;
		ssize_t n = read(out[0], buf + got, sizeof(buf) - 1 - got);
		if (n <= 0)
			break;
		got += (size_t)n;
		buf[got] = '\0';
		if (strstr(buf, "SSCC 095212340000000013\n"))
			break;
	}
	buf[got] = '\0';
	kill(pid, SIGINT);
	int st;
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFEXITED(st));
	assert_int_equal(WEXITSTATUS(st), 0);
	assert_string_equal(buf, "]E0 EAN-13 / UPC-A: 5701234567899\n"
	                         "    gtin     ]E0  GTIN 05701234567899\n"
	                         "]Q1 QR Code: LOC:WARD-7\n"
	                         "    location ]Q1  WARD-7\n"
	                         "]C1 GS1-128: 00095212340000000013\n"
	                         "    sscc     ]C1  SSCC 095212340000000013\n");
	close(out[0]);
	close(err[0]);
	close(master);
	close(slave);
	free(spec);
}

/* The technician also checks the signals: the LED of the last scan is lit. */
static void good_and_error_signals_on_the_leds(void **state)
{
	char *dir = tu_mkdtemp(), *conf = tu_path(dir, "tally.conf");
	const char *names[2] = { "green", "red" };
	char *bright[2];
	for (int i = 0; i < 2; i++) {
		char *d = tu_path(dir, names[i]);
		mkdir(d, 0700);
		bright[i] = tu_path(d, "brightness");
		tu_write_file(bright[i], "0\n");
		free(d);
	}
	char *text = tu_strfmt("[feedback]\ntone = none\nleds = %s\nled_good = green\n"
	                       "led_error = red\n",
	                       dir);
	tu_write_file(conf, text);

	struct tu_run r = tu_tally("]E05701234567899\n", "--lang", "en", "--config", conf, "scan",
	                           "--scanner", "stdin", NULL);
	assert_int_equal(r.status, 0);
	char *g = tu_read_file(bright[0], NULL), *red = tu_read_file(bright[1], NULL);
	assert_int_equal(atoi(g), 1);
	assert_int_equal(atoi(red), 0);
	free(g);
	free(red);
	tu_run_free(&r);

	/* a wrong check digit: the error LED */
	r = tu_tally("]E05701234567898\n", "--lang", "en", "--config", conf, "scan", "--scanner",
	             "stdin", NULL);
	assert_int_equal(r.status, 0);
	tu_assert_contains(r.out, "check digit");
	g = tu_read_file(bright[0], NULL);
	red = tu_read_file(bright[1], NULL);
	assert_int_equal(atoi(g), 0);
	assert_int_equal(atoi(red), 1);
	free(g);
	free(red);
	tu_run_free(&r);
	for (int i = 0; i < 2; i++)
		free(bright[i]);
	tu_rmtree(dir);
	free(text);
	free(conf);
	free(dir);
}

/* A batch scanner's dump is often hundreds of lines: every one is a scan,
 * none lost however many arrive in one read. */
static void a_long_dump_loses_no_scan(void **state)
{
	char *dir = tu_mkdtemp(), *file = tu_path(dir, "dump.txt");
	FILE *f = fopen(file, "w");
	assert_non_null(f);
	for (int i = 0; i < 500; i++)
		fprintf(f,
		        "]d20109521234543213\x1d"
		        "10LOT%d\t%d\n",
		        i, i % 9 + 1);
	fclose(f);
	char *spec = tu_strfmt("file:%s", file);
	struct tu_run r = tu_tally(NULL, "--lang", "en", "--json", "scan", "--scanner", spec, NULL);
	assert_int_equal(r.status, 0);
	int n = 0;
	for (const char *p = r.out; (p = strstr(p, "\"raw\"")) != NULL; p++)
		n++;
	assert_int_equal(n, 500);
	tu_assert_contains(r.out, "10LOT0\",");
	tu_assert_contains(r.out, "10LOT499\",");
	tu_run_free(&r);
	tu_rmtree(dir);
	free(spec);
	free(file);
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_batch_dump_is_shown_scan_by_scan),
		cmocka_unit_test(stdin_with_json_gives_one_object_per_scan),
		cmocka_unit_test(a_missing_device_or_spec_is_named),
		cmocka_unit_test(a_serial_scanner_until_ctrl_c),
		cmocka_unit_test(good_and_error_signals_on_the_leds),
		cmocka_unit_test(a_long_dump_loses_no_scan),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
