/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A pseudo-terminal for the program, proxied by its fork parent (nsenter/unshare --pty). */
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "macro.h"
#include "pty.h"
#include "relay.h"

#ifndef TIOCGPTPEER
#define TIOCGPTPEER _IO('T', 0x41)
#endif

void nst_pty_init(struct nst_pty *pty)
{
	pty->master = -EBADF;
	pty->slave = -EBADF;
	pty->in = -EBADF;
	pty->out = -EBADF;
	pty->raw = false;
}

void nst_pty_done(struct nst_pty *pty)
{
	nst_pty_restore(pty);
	nst_closep(&pty->master);
	nst_closep(&pty->slave);
	nst_pty_init(pty);
}

int nst_pty_open(struct nst_pty *pty, int in, int out)
{
	_cleanup_close_ int master = -EBADF, slave = -EBADF;
	struct termios tio;
	struct winsize ws;

	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0)
		return nst_negerrno();
	if (grantpt(master) < 0 || unlockpt(master) < 0)
		return nst_negerrno();
	/* the peer of this very master, without a path lookup in /dev/pts that a mount
	 * could redirect */
	slave = ioctl(master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (slave < 0) {
		/* COMPAT(kernel < 4.13): no TIOCGPTPEER */
		char name[64];

		if (ptsname_r(master, name, sizeof(name)) != 0)
			return nst_negerrno();
		slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (slave < 0)
			return nst_negerrno();
	}
	if (isatty(in) && tcgetattr(in, &tio) == 0 && tcsetattr(slave, TCSANOW, &tio) < 0)
		return nst_negerrno();
	if (ioctl(in, TIOCGWINSZ, &ws) == 0 || ioctl(out, TIOCGWINSZ, &ws) == 0)
		(void)ioctl(slave, TIOCSWINSZ, &ws);
	pty->master = TAKE_FD(master);
	pty->slave = TAKE_FD(slave);
	pty->in = in;
	pty->out = out;
	return 0;
}

int nst_pty_child(struct nst_pty *pty)
{
	nst_closep(&pty->master);
	pty->master = -EBADF;
	if (setsid() < 0)
		return nst_negerrno();
	if (ioctl(pty->slave, TIOCSCTTY, 0) < 0)
		return nst_negerrno();
	/* dup2() clears close-on-exec on the copies: they are what the program gets */
	for (int fd = 0; fd <= 2; fd++)
		if (dup2(pty->slave, fd) < 0)
			return nst_negerrno();
	if (pty->slave > 2)
		nst_closep(&pty->slave);
	pty->slave = -EBADF;
	return 0;
}

void nst_pty_close_slave(struct nst_pty *pty)
{
	nst_closep(&pty->slave);
	pty->slave = -EBADF;
}

int nst_pty_raw(struct nst_pty *pty)
{
	struct termios tio;

	if (pty->raw || !isatty(pty->in))
		return 0;
	if (tcgetattr(pty->in, &pty->saved) < 0)
		return nst_negerrno();
	tio = pty->saved;
	cfmakeraw(&tio);
	if (tcsetattr(pty->in, TCSANOW, &tio) < 0)
		return nst_negerrno();
	pty->raw = true;
	return 0;
}

void nst_pty_restore(struct nst_pty *pty)
{
	if (!pty->raw)
		return;
	(void)tcsetattr(pty->in, TCSADRAIN, &pty->saved);
	pty->raw = false;
}

int nst_pty_sync_winsize(const struct nst_pty *pty)
{
	struct winsize ws;

	if (ioctl(pty->in, TIOCGWINSZ, &ws) < 0 && ioctl(pty->out, TIOCGWINSZ, &ws) < 0)
		return nst_negerrno();
	return ioctl(pty->master, TIOCSWINSZ, &ws) < 0 ? nst_negerrno() : 0;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				struct pollfd p = { .fd = fd, .events = POLLOUT };

				(void)poll(&p, 1, -1);
				continue;
			}
			return nst_negerrno();
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* Copy what the program wrote to out. 1 if there was data, 0 on EOF/EIO (no slave left). */
static int pump_out(struct nst_pty *pty)
{
	char buf[4096];
	ssize_t n;
	int r;

	do
		n = read(pty->master, buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EIO ? 0 : nst_negerrno();
	if (n == 0)
		return 0;
	r = write_all(pty->out, buf, (size_t)n);
	return r < 0 ? r : 1;
}

int nst_pty_proxy(struct nst_pty *pty, int sfd,
		  int (*on_signal)(const struct signalfd_siginfo *si, void *userdata),
		  void *userdata)
{
	bool in_open = true, master_open = true, ended = false;
	char buf[4096];
	int r;

	while (!ended) {
		struct pollfd p[3] = {
			{ .fd = in_open ? pty->in : -1, .events = POLLIN },
			{ .fd = master_open ? pty->master : -1, .events = POLLIN },
			{ .fd = sfd, .events = POLLIN },
		};

		if (poll(p, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return nst_negerrno();
		}
		if (p[2].revents & POLLIN) {
			struct signalfd_siginfo si;

			while ((r = nst_relay_read(sfd, &si)) > 0) {
				r = on_signal(&si, userdata);
				if (r < 0)
					return r;
				if (r > 0)
					ended = true;
			}
			if (r < 0)
				return r;
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			r = pump_out(pty);
			if (r < 0)
				return r;
			if (r == 0)
				master_open = false;
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t n = read(pty->in, buf, sizeof(buf));

			if (n > 0) {
				r = write_all(pty->master, buf, (size_t)n);
				if (r < 0 && r != -EIO)
					return r;
			} else if (n == 0 || errno != EINTR) {
				/* the caller's input ended: let the program read EOF too */
				struct termios tio;
				char eof = 4;	/* ^D, the usual VEOF */

				if (tcgetattr(pty->master, &tio) == 0 && tio.c_cc[VEOF])
					eof = (char)tio.c_cc[VEOF];
				(void)write_all(pty->master, &eof, 1);
				in_open = false;
			}
		}
	}
	/* The program has ended; what it wrote last is still in the pty. Take it without
	 * waiting for processes it left behind that may keep the slave open. */
	if (master_open && fcntl(pty->master, F_SETFL, O_NONBLOCK) == 0)
		while (pump_out(pty) > 0)
			;
	return 0;
}
