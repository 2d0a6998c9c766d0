//go:build !unix

package load

// RaiseFileLimit does nothing where there is no rlimit.
func RaiseFileLimit(need uint64) (uint64, error) { return need, nil }

func processCPU() float64 { return 0 }

func setRcvBuf(fd uintptr, size int) error { return nil }
