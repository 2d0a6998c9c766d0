// Command testreport reads the output of go test -json on stdin and keeps
// CI's log readable: it prints each package's result line ("ok", "FAIL",
// "?") as go test does without -v, the whole output of every test that
// failed, build errors, and a list of the tests that were skipped, with
// their reasons.
//
// It exits 1 when a test or a package failed, when the input holds no
// result at all, or when a test was skipped that is not in the list of
// skips by design (allowed below): in CI every service is installed and
// required, so any other skip means a test that needs a service did not
// run, which must not pass quietly.
//
//	go test -json -race ./... | go run ./tools/testreport
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"
)

// allowed are the skips that do not mean a missing service, by package
// and test name (a regular expression matched against the whole name),
// each with why it may skip.
var allowed = []struct{ pkg, test, why string }{
	{"github.com/samskap/samskap/server", `TestCrashChild`, "the child server of TestCrashKeepsAcknowledgedOps; it runs only as a child process"},
	{"github.com/samskap/samskap/server", `TestFaultNodeChild`, "a node of TestFaults; it runs only as a child process"},
	// storetest's contract runs in every store's package.
	{"", `.*/AppendConflictAfterGap`, "a contract branch: a store that refuses a log with a gap has nothing more to show"},
}

// allowedAll is why every skip passes with SAMSKAP_TESTREPORT_ALLOW_SKIPS=1.
const allowedAll = "SAMSKAP_TESTREPORT_ALLOW_SKIPS=1 (a developer's machine without every service)"

// event is one line of go test -json (cmd/test2json).
type event struct {
	Action      string
	Package     string
	Test        string
	Output      string
	ImportPath  string
	FailedBuild string
}

type result struct {
	output []string
	action string
}

func main() { os.Exit(run(os.Stdin, os.Stdout, os.Getenv("SAMSKAP_TESTREPORT_ALLOW_SKIPS") == "1")) }

func run(in io.Reader, out io.Writer, allowAll bool) int {
	tests := map[string]*result{} // package + " " + test
	var skips, failures []string
	var order []string
	failed, sawResult := false, false
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if err := json.Unmarshal(line, &e); err != nil || e.Action == "" {
			fmt.Fprintf(out, "%s\n", line) // not JSON: go test's own errors
			continue
		}
		if e.Action == "build-output" {
			fmt.Fprint(out, e.Output)
			continue
		}
		if e.Action == "build-fail" {
			failed = true
			continue
		}
		if e.Test == "" {
			switch e.Action {
			case "output":
				// The package's own lines: its result ("ok ...", "FAIL ...",
				// "? ... [no test files]"), panics outside a test; not the
				// bare PASS/FAIL go test prints before the result line.
				if t := strings.TrimSpace(e.Output); t != "PASS" && t != "FAIL" && t != "" {
					fmt.Fprint(out, e.Output)
				}
			case "pass", "skip":
				sawResult = true
			case "fail":
				sawResult, failed = true, true
			}
			continue
		}
		key := e.Package + " " + e.Test
		r := tests[key]
		if r == nil {
			r = &result{}
			tests[key] = r
			order = append(order, key)
		}
		switch e.Action {
		case "output":
			r.output = append(r.output, e.Output)
		case "pass", "fail", "skip":
			r.action = e.Action
		}
		switch e.Action {
		case "pass":
			r.output = nil // keep memory bounded on long runs
		case "fail":
			failed = true
			failures = append(failures, key)
		case "skip":
			why := skipReason(r.output)
			r.output = nil
			if ok, reason := allowedSkip(e.Package, e.Test, allowAll); ok {
				skips = append(skips, fmt.Sprintf("  skip (allowed: %s) %s %s: %s", reason, e.Package, e.Test, why))
			} else {
				skips = append(skips, fmt.Sprintf("  SKIP NOT ALLOWED %s %s: %s", e.Package, e.Test, why))
				failed = true
			}
		}
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(out, "testreport: reading go test's output: %v\n", err)
		return 1
	}
	for _, key := range failures {
		fmt.Fprintf(out, "\n--- FAIL %s\n%s", key, strings.Join(tests[key].output, ""))
	}
	if len(skips) > 0 {
		sort.Strings(skips)
		fmt.Fprintf(out, "\n%d skipped tests:\n%s\n", len(skips), strings.Join(skips, "\n"))
	}
	if !sawResult {
		fmt.Fprintln(out, "testreport: no package result in the input (was it go test -json?)")
		return 1
	}
	if failed {
		fmt.Fprintln(out, "testreport: FAIL (a test or package failed, or a test that needs a service was skipped)")
		return 1
	}
	return 0
}

func allowedSkip(pkg, test string, allowAll bool) (bool, string) {
	for _, a := range allowed {
		if (a.pkg == "" || a.pkg == pkg) && regexp.MustCompile(`^(?:`+a.test+`)$`).MatchString(test) {
			return true, a.why
		}
	}
	if allowAll {
		return true, allowedAll
	}
	return false, ""
}

// skipReason returns the test's skip message: its last output lines other
// than go test's own === and --- lines.
func skipReason(output []string) string {
	var msg []string
	for _, l := range output {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "=== ") || strings.HasPrefix(t, "--- ") {
			continue
		}
		msg = append(msg, t)
	}
	if len(msg) == 0 {
		return "(no message)"
	}
	return strings.Join(msg, " / ")
}
