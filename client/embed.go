// Package client is the browser client of Samskap: one HTML page, a style
// sheet and plain ES modules, with no build step. The server embeds FS in
// its binary and serves index.html for the page paths (/, /join, /j/{code},
// /w/{id}) and static/ under /static/.
//
// The client keeps everything that needs no DOM (the protocol, the board
// reducer, reconnect backoff, translations) in modules that `node --test`
// runs; client_test.go runs those tests from `go test`.
package client

import "embed"

// FS holds index.html and the static/ directory.
//
//go:embed index.html static
var FS embed.FS
