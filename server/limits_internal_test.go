package server

import (
	"fmt"
	"testing"
)

func TestAddrKeyCountsIPv6By64(t *testing.T) {
	for addr, want := range map[string]string{
		"192.0.2.7":              "192.0.2.7",
		"::ffff:192.0.2.7":       "192.0.2.7",
		"2001:db8:1:2::1":        "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::abc": "2001:db8:1:2::/64",
		"2001:db8:1:3::1":        "2001:db8:1:3::/64",
		"::1":                    "::1",
		"not an address":         "not an address",
	} {
		if got := addrKey(addr); got != want {
			t.Errorf("addrKey(%q) = %q, want %q", addr, got, want)
		}
	}
}

// TestFailuresPerEndpoint: failures at one endpoint leave the others'
// budgets whole, and a /64 shares one budget.
func TestFailuresPerEndpoint(t *testing.T) {
	g := newGuessGuard()
	a, b := addrKey("2001:db8::1"), addrKey("2001:db8::2")
	for range guessBudgets["join"] {
		g.fail("join", a)
	}
	if !g.failures["join"].exhausted(b) {
		t.Fatal("another address in the same /64 has its own join budget")
	}
	if g.failures["facilitate"].exhausted(a) || g.failures["signin"].exhausted(a) {
		t.Fatal("wrong join codes used up the facilitator or sign-in budget")
	}
	if g.failures["join"].exhausted(addrKey("2001:db8:0:1::1")) {
		t.Fatal("a neighbouring /64 shares the budget")
	}
}

// TestJoinsPerAddress: successful joins from one address are bounded.
func TestJoinsPerAddress(t *testing.T) {
	l := newJoinLimits()
	for i := range joinsPerAddrBurst {
		if err := l.allow("192.0.2.1", "w"+string(rune('a'+i%3))); err != nil {
			t.Fatalf("join %d: %v", i, err)
		}
	}
	if err := l.allow("192.0.2.1", "wx"); err == nil {
		t.Fatal("one address joined past its limit")
	}
	if err := l.allow("192.0.2.2", "wx"); err != nil {
		t.Fatalf("another address: %v", err)
	}
	// Loopback (a proxy on the same machine, a load test) is limited per
	// workshop only.
	for i := range 2 * joinsPerAddrBurst {
		if err := l.allow("127.0.0.1", fmt.Sprintf("w%d", i%20)); err != nil {
			t.Fatalf("loopback join %d: %v", i, err)
		}
	}
	for i := range joinsPerWorkshop {
		if err := l.allow("::1", "one"); err != nil {
			t.Fatalf("loopback join %d to one workshop: %v", i, err)
		}
	}
	if err := l.allow("::1", "one"); err == nil {
		t.Fatal("loopback joined one workshop past its limit")
	}
}
