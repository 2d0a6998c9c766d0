package server

import (
	"net/http/httptest"
	"testing"
)

// TestForwardedFor: only a trusted proxy's X-Forwarded-For names the
// client, and then the last hop that is not a trusted proxy; a client
// cannot choose its address by writing the header itself.
func TestForwardedFor(t *testing.T) {
	proxies, err := parsePrefixes("127.0.0.1, 10.0.0.0/8 ,::1")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{cfg: Config{TrustedProxies: proxies}}
	for _, tc := range []struct {
		name, peer, xff, want string
	}{
		{"a trusted proxy names its client", "127.0.0.1:5000", "203.0.113.9", "203.0.113.9"},
		{"through two trusted proxies", "10.1.2.3:5000", "203.0.113.9, 10.9.9.9", "203.0.113.9"},
		{"a client's own header is left of the proxy's", "127.0.0.1:5000", "1.2.3.4, 203.0.113.9", "203.0.113.9"},
		{"IPv6 proxy", "[::1]:5000", "2001:db8::7", "2001:db8::7"},
		{"an untrusted peer's header counts for nothing", "203.0.113.9:5000", "1.2.3.4", ""},
		{"a trusted proxy without the header", "127.0.0.1:5000", "", ""},
		{"garbage in the header", "127.0.0.1:5000", "1.2.3.4, not-an-address", ""},
		{"only proxies in the header", "127.0.0.1:5000", "10.0.0.1", ""},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.peer
		if tc.xff != "" {
			r.Header.Set("X-Forwarded-For", tc.xff)
		}
		got, ok := s.forwardedFor(r)
		if (tc.want == "") == ok || (ok && got.String() != tc.want) {
			t.Errorf("%s: %v %v, want %q", tc.name, got, ok, tc.want)
		}
	}
	for _, bad := range []string{"localhost", "10.0.0.0/33", "1.2.3"} {
		if _, err := parsePrefixes(bad); err == nil {
			t.Errorf("parsePrefixes(%q) took it", bad)
		}
	}
}
