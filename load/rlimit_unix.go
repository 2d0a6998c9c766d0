//go:build unix

package load

import (
	"fmt"
	"syscall"
)

// RaiseFileLimit raises this process's open-file limit to at least need,
// up to what the system allows (a privileged process may raise the hard
// limit too). It returns the limit in force and an error if it is below need.
func RaiseFileLimit(need uint64) (uint64, error) {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return 0, fmt.Errorf("reading the open-file limit: %w", err)
	}
	if lim.Cur >= need {
		return lim.Cur, nil
	}
	want := lim
	want.Cur = need
	if want.Max < need {
		want.Max = need // works only with privilege (CAP_SYS_RESOURCE)
	}
	if syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want) != nil {
		want = lim
		want.Cur = lim.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &want)
	}
	syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim)
	if lim.Cur < need {
		return lim.Cur, fmt.Errorf("open-file limit is %d, need %d for these clients: "+
			"run `ulimit -n %d` (as root, or raise the hard limit in limits.conf) and try again", lim.Cur, need, need)
	}
	return lim.Cur, nil
}

// rusage returns this process's user+system CPU time so far, in seconds.
func processCPU() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

// setRcvBuf sets a socket's receive buffer (before connect, so the kernel
// does not autotune it).
func setRcvBuf(fd uintptr, size int) error {
	return syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, size)
}
