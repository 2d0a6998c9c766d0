// Command samskap runs the Samskap workshop board: one binary with the web
// client inside. "samskap backup FILE" copies the embedded store while the
// server runs; "samskap ready" is a health check for containers. See
// README.md for configuration.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/samskap/samskap/internal/gcpolicy"
	"github.com/samskap/samskap/server"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 && os.Args[1] == "backup" {
		code := server.Backup(ctx, os.Args[2:], os.Getenv, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	if len(os.Args) > 1 && os.Args[1] == "ready" { // the container health check
		code := server.Ready(ctx, os.Args[2:], os.Getenv, os.Stdout, os.Stderr)
		stop()
		os.Exit(code)
	}
	m := server.NewMain()
	gc, err := gcpolicy.Apply(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "samskap: garbage collector:", err) // GOGC is set; the memory limit stays Go's (none)
	}
	m.GC = gc.String()
	if err := m.ParseFlags(os.Args[1:], os.Getenv); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return
		}
		fmt.Fprintln(os.Stderr, "samskap:", err)
		os.Exit(2)
	}
	if err := m.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "samskap:", err)
		os.Exit(1)
	}
	<-ctx.Done()
	stop()
	if err := m.Close(); err != nil {
		fmt.Fprintln(os.Stderr, "samskap: shutdown:", err)
		os.Exit(1)
	}
}
