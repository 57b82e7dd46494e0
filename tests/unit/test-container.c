/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Unit tests of lib/container.c: container, pod and machine names from cgroup lines. */
#include <stdlib.h>
#include <string.h>

#include "container.h"
#include "unit.h"

#define ID "3f4e5d6c7b8a9f0e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a3f4e"
#define ID2 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define UID "0c1d2e3f-1111-2222-3333-444455556666"
#define UID_ "0c1d2e3f_1111_2222_3333_444455556666"

static void expect_path(const char *path, const char *want)
{
	char *name = NULL;
	int r = nst_container_from_path(path, &name);

	if (!want) {
		ck_assert_msg(r == 0, "%s: got %d '%s'", path, r, r > 0 ? name : "");
		return;
	}
	ck_assert_msg(r == 1, "%s: got %d, want %s", path, r, want);
	ck_assert_msg(strcmp(name, want) == 0, "%s: got '%s', want '%s'", path, name, want);
	free(name);
}

static void expect_cgroup(const char *text, const char *want)
{
	char *name = NULL;
	int r = nst_container_from_cgroup(text, &name);

	if (!want) {
		ck_assert_msg(r == 0, "got %d for %s", r, text);
		return;
	}
	ck_assert_msg(r == 1 && strcmp(name, want) == 0, "got %d '%s', want '%s'", r,
		      r > 0 ? name : "", want);
	free(name);
}

START_TEST(test_paths)
{
	expect_path("/system.slice/docker-" ID ".scope", "docker:3f4e5d6c7b8a");
	expect_path("/docker/" ID, "docker:3f4e5d6c7b8a");
	expect_path("/docker/" ID "/init.scope", "docker:3f4e5d6c7b8a");
	expect_path("/machine.slice/libpod-" ID ".scope", "podman:3f4e5d6c7b8a");
	expect_path("/machine.slice/libpod-" ID ".scope/container", "podman:3f4e5d6c7b8a");
	expect_path("/machine.slice/libpod-conmon-" ID ".scope", NULL);
	expect_path("/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" ID ".scope",
		    "podman:3f4e5d6c7b8a");
	expect_path("/system.slice/cri-containerd-" ID ".scope", "containerd:3f4e5d6c7b8a");
	expect_path("/system.slice/crio-" ID ".scope", "crio:3f4e5d6c7b8a");
	expect_path("/system.slice/crio-conmon-" ID ".scope", NULL);
	expect_path("/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod" UID_
		    ".slice/cri-containerd-" ID ".scope",
		    "pod:" UID "/containerd:3f4e5d6c7b8a");
	expect_path("/kubepods.slice/kubepods-pod" UID_ ".slice/crio-" ID ".scope",
		    "pod:" UID "/crio:3f4e5d6c7b8a");
	expect_path("/kubepods/besteffort/pod" UID "/" ID, "pod:" UID "/3f4e5d6c7b8a");
	expect_path("/kubepods/pod" UID "/" ID, "pod:" UID "/3f4e5d6c7b8a");
	expect_path("/kubepods/burstable/pod" UID, "pod:" UID);
	expect_path("/machine.slice/machine-web\\x2d01.scope", "machine:web-01");
	expect_path("/machine.slice/machine-web\\x2d01.scope/payload", "machine:web-01");
	expect_path("/machine.slice/machine-qemu\\x2d1\\x2dvm.scope/libvirt", "machine:qemu-1-vm");
	/* no control characters come out of an escape */
	expect_path("/machine.slice/machine-a\\x0ab.scope", "machine:a\\x0ab");
	expect_path("/machine.slice/machine-a\\x1b[2Jb.scope", "machine:a\\x1b[2Jb");
	/* leaf first: a container nested in another names the inner one */
	expect_path("/docker/" ID2 "/docker/" ID, "docker:3f4e5d6c7b8a");
	expect_path("/system.slice/docker-" ID2 ".scope/libpod-" ID ".scope", "podman:3f4e5d6c7b8a");
	/* near misses */
	expect_path("/", NULL);
	expect_path("", NULL);
	expect_path("/user.slice/user-1000.slice/session-2.scope", NULL);
	expect_path("/system.slice/docker.service", NULL);
	expect_path("/system.slice/docker-" ID "x.scope", NULL);
	expect_path("/system.slice/docker-3f4e5d6c7b8a.scope", NULL);
	expect_path("/system.slice/docker-" "3F4E5D6C7B8A9F0E1D2C3B4A5F6E7D8C9B0A1F2E3D4C5B6A7F8E9D0C1B2A3F4E" ".scope", NULL);
	expect_path("/" ID, NULL);	/* a bare id below neither docker nor kubepods */
	expect_path("/pod" UID, NULL);
	expect_path("/system.slice/machine-foo.scope", NULL);
	expect_path("/machine.slice/machine-.scope", NULL);
}
END_TEST

START_TEST(test_lines)
{
	/* pure v2 */
	expect_cgroup("0::/system.slice/docker-" ID ".scope\n", "docker:3f4e5d6c7b8a");
	expect_cgroup("0::/user.slice/user-0.slice/session-1.scope\n", NULL);
	/* hybrid: the unified line first */
	expect_cgroup("12:pids:/docker/" ID2 "\n"
		      "1:name=systemd:/system.slice/libpod-" ID2 ".scope\n"
		      "0::/system.slice/docker-" ID ".scope\n",
		      "docker:3f4e5d6c7b8a");
	/* v1: name=systemd before the controllers */
	expect_cgroup("12:pids:/docker/" ID2 "\n"
		      "1:name=systemd:/machine.slice/libpod-" ID ".scope\n",
		      "podman:3f4e5d6c7b8a");
	/* nothing in the preferred lines: the first matching other line */
	expect_cgroup("13:memory:/\n"
		      "12:pids:/kubepods/pod" UID "/" ID "\n"
		      "11:cpu,cpuacct:/docker/" ID2 "\n"
		      "1:name=systemd:/user.slice\n"
		      "0::/user.slice\n",
		      "pod:" UID "/3f4e5d6c7b8a");
	/* paths may contain ':' */
	expect_cgroup("0::/a:b/docker-" ID ".scope\n", "docker:3f4e5d6c7b8a");
	/* no trailing newline, garbage lines */
	expect_cgroup("garbage\n\n0::/docker/" ID, "docker:3f4e5d6c7b8a");
	expect_cgroup("", NULL);
	expect_cgroup("garbage", NULL);
}
END_TEST

Suite *nst_test_suite(void)
{
	Suite *s = suite_create("container");
	TCase *tc = tcase_create("container");

	tcase_add_test(tc, test_paths);
	tcase_add_test(tc, test_lines);
	suite_add_tcase(s, tc);
	return s;
}
