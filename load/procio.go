package load

import (
	"os"
	"strconv"
	"strings"
)

// procIO is a process's system call counts from /proc/<pid>/io: syscw
// counts write(2), writev(2), sendmsg(2) and the like, syscr the reads.
// Per delivery they hardly depend on how busy the machine is, unlike
// latency, so they compare builds measured at different times.
type procIO struct {
	Writes, Reads float64
	OK            bool
}

// readProcIO reads pid's counters; OK is false without /proc or the pid.
func readProcIO(pid int) procIO {
	if pid <= 0 {
		return procIO{}
	}
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/io")
	if err != nil {
		return procIO{}
	}
	var p procIO
	for _, line := range strings.Split(string(data), "\n") {
		name, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		n, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil {
			continue
		}
		switch name {
		case "syscw":
			p.Writes, p.OK = n, true
		case "syscr":
			p.Reads = n
		}
	}
	return p
}
