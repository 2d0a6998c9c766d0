//go:build unix

package server

import "syscall"

// canWriteRaw: the fast path can write a socket without blocking here.
const canWriteRaw = true

// writeStep writes l.buf from l.n on, without waiting: it stops when the
// socket is full (EAGAIN) or fails. It runs under the socket's own write
// lock (syscall.RawConn.Write); returning true means done, never wait.
func (l *lockedConn) writeStep(fd uintptr) bool {
	for l.n < len(l.buf) {
		n, err := syscall.Write(int(fd), l.buf[l.n:])
		if n > 0 {
			l.n += n
		}
		switch {
		case err == syscall.EINTR:
			continue
		case err == syscall.EAGAIN:
			return true
		case err != nil:
			l.werr = err
			return true
		case n <= 0:
			return true
		}
	}
	return true
}
