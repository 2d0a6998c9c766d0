//go:build !unix

package server

// canWriteRaw: no non-blocking raw writes here; every connection writes
// on the slow path.
const canWriteRaw = false

func (l *lockedConn) writeStep(fd uintptr) bool { return true }
