package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestJoinCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		code := newJoinCode()
		if len(code) != joinCodeLen {
			t.Fatalf("code %q has length %d", code, len(code))
		}
		for _, r := range code {
			if !strings.ContainsRune(joinCodeAlphabet, r) {
				t.Fatalf("code %q has %q, not in the alphabet", code, r)
			}
		}
		seen[code] = true
	}
	if len(seen) < 990 {
		t.Fatalf("only %d distinct codes in 1000", len(seen))
	}
	if got := NormalizeJoinCode(" abc-d ef "); got != "ABCDEF" {
		t.Fatalf("normalize: %q", got)
	}
}

func TestOrganiserCookie(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	a := &organiserAuth{token: []byte("right-token-0123456789"), key: []byte("k0123456789012345678901234567890"), now: func() time.Time { return now }}
	if a.validToken("wrong") || !a.validToken("right-token-0123456789") {
		t.Fatal("token check")
	}
	r := httptest.NewRequest("GET", "/", nil)
	if a.signedIn(r) {
		t.Fatal("signed in without a cookie")
	}
	c := a.cookie(false)
	if !c.HttpOnly || c.SameSite == 0 {
		t.Fatalf("cookie flags: %+v", c)
	}
	r.AddCookie(c)
	if !a.signedIn(r) {
		t.Fatal("valid cookie refused")
	}
	forged := httptest.NewRequest("GET", "/", nil)
	exp, _, _ := strings.Cut(c.Value, ".")
	forged.AddCookie(&http.Cookie{Name: organiserCookie, Value: exp + ".00"})
	if a.signedIn(forged) {
		t.Fatal("forged cookie accepted")
	}
	now = now.Add(organiserMaxAge + time.Minute)
	if a.signedIn(r) {
		t.Fatal("expired cookie accepted")
	}
}

func TestConnectionsPerAddress(t *testing.T) {
	s := &Server{cfg: Config{MaxConnsPerAddr: 2}, byAddr: map[string]int{}}
	for i := range 2 {
		if !s.countAddr("192.0.2.7", 1) {
			t.Fatalf("connection %d of 2 was refused", i+1)
		}
	}
	if s.countAddr("192.0.2.7", 1) {
		t.Fatal("a third connection from one address was allowed")
	}
	if !s.countAddr("198.51.100.1", 1) {
		t.Fatal("another address was refused")
	}
	s.countAddr("192.0.2.7", -1)
	if !s.countAddr("192.0.2.7", 1) {
		t.Fatal("a connection after one closed was refused")
	}
	for range 10 {
		if !s.countAddr("127.0.0.1", 1) || !s.countAddr("::1", 1) {
			t.Fatal("loopback (a local proxy) was limited")
		}
	}
	s.countAddr("198.51.100.1", -1)
	if _, ok := s.byAddr["198.51.100.1"]; ok {
		t.Fatal("an address with no connections is still counted")
	}
}
