package server

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// Ready is the "samskap ready" command, a health check for containers
// without a shell or curl (the distroless image): it asks the server
// listening on SAMSKAP_ADDR (or -addr) of this machine for /readyz and
// returns 0 when it answers 200 ready, else 1.
func Ready(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	addr := getenv("SAMSKAP_ADDR")
	if addr == "" {
		addr = DefaultConfig().Addr
	}
	if len(args) == 2 && args[0] == "-addr" {
		addr = args[1]
	} else if len(args) != 0 {
		fmt.Fprintln(stderr, "usage: samskap ready [-addr HOST:PORT]\n\nExits 0 when the server on this machine answers /readyz with 200, else 1.")
		return 2
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		fmt.Fprintln(stderr, "samskap ready:", err)
		return 2
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+net.JoinHostPort(host, port)+"/readyz", nil)
	if err != nil {
		fmt.Fprintln(stderr, "samskap ready:", err)
		return 2
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		fmt.Fprintln(stderr, "samskap ready:", err)
		return 1
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024))
	if resp.StatusCode != http.StatusOK {
		fmt.Fprintf(stderr, "samskap ready: %s: %s", resp.Status, body)
		return 1
	}
	stdout.Write(body)
	return 0
}
