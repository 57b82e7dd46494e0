/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Kernel interfaces newer than Debian 12's headers: syscall wrappers and constants. */
#ifndef NST_MISSING_H
#define NST_MISSING_H

#include <linux/types.h>
#include <sched.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif

#ifndef NSFS_MAGIC
#define NSFS_MAGIC 0x6e736673
#endif
#ifndef PROC_SUPER_MAGIC
#define PROC_SUPER_MAGIC 0x9fa0
#endif

/* <linux/nsfs.h>: defined here under our own names, so a newer header that turns these into
 * an enum or adds members cannot clash with us. */
#define NST_NSIO 0xb7
#define NST_NS_GET_USERNS _IO(NST_NSIO, 0x1)
#define NST_NS_GET_PARENT _IO(NST_NSIO, 0x2)
#define NST_NS_GET_NSTYPE _IO(NST_NSIO, 0x3)
#define NST_NS_GET_OWNER_UID _IO(NST_NSIO, 0x4)

#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C
#endif

/* <linux/pidfd.h> (6.11): open a namespace of the process a pidfd refers to. */
#define NST_PIDFS_IOCTL_MAGIC 0xFF
#define NST_PIDFD_GET_CGROUP_NAMESPACE _IO(NST_PIDFS_IOCTL_MAGIC, 1)
#define NST_PIDFD_GET_IPC_NAMESPACE _IO(NST_PIDFS_IOCTL_MAGIC, 2)
#define NST_PIDFD_GET_MNT_NAMESPACE _IO(NST_PIDFS_IOCTL_MAGIC, 3)
#define NST_PIDFD_GET_NET_NAMESPACE _IO(NST_PIDFS_IOCTL_MAGIC, 4)
#define NST_PIDFD_GET_PID_NAMESPACE _IO(NST_PIDFS_IOCTL_MAGIC, 5)
#define NST_PIDFD_GET_PID_FOR_CHILDREN_NAMESPACE _IO(NST_PIDFS_IOCTL_MAGIC, 6)
#define NST_PIDFD_GET_TIME_NAMESPACE _IO(NST_PIDFS_IOCTL_MAGIC, 7)
#define NST_PIDFD_GET_TIME_FOR_CHILDREN_NAMESPACE _IO(NST_PIDFS_IOCTL_MAGIC, 8)
#define NST_PIDFD_GET_USER_NAMESPACE _IO(NST_PIDFS_IOCTL_MAGIC, 9)
#define NST_PIDFD_GET_UTS_NAMESPACE _IO(NST_PIDFS_IOCTL_MAGIC, 10)

#ifndef __NR_pidfd_open
#define __NR_pidfd_open 434
#endif
#ifndef __NR_pidfd_send_signal
#define __NR_pidfd_send_signal 424
#endif
#ifndef __NR_pidfd_getfd
#define __NR_pidfd_getfd 438
#endif

static inline int nst_sys_pidfd_open(pid_t pid, unsigned int flags)
{
	return (int)syscall(__NR_pidfd_open, pid, flags);
}

static inline int nst_sys_pidfd_send_signal(int pidfd, int sig, siginfo_t *info, unsigned int flags)
{
	return (int)syscall(__NR_pidfd_send_signal, pidfd, sig, info, flags);
}

static inline int nst_sys_pidfd_getfd(int pidfd, int targetfd, unsigned int flags)
{
	return (int)syscall(__NR_pidfd_getfd, pidfd, targetfd, flags);
}

#endif
