package load

import "testing"

func TestLoopbackOnly(t *testing.T) {
	for _, ok := range []string{"127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "[::1]"} {
		if err := CheckLoopback(ok); err != nil {
			t.Errorf("%s refused: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "10.0.0.1", "192.168.1.5", "0.0.0.0", "::", "example.com", "localhost.example.com", "8.8.8.8", "127.0.0.1.nip.io"} {
		if CheckLoopback(bad) == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestParseURLs(t *testing.T) {
	us, err := ParseURLs("http://127.0.0.1:8080, http://localhost:8081/")
	if err != nil || len(us) != 2 || us[0].String() != "http://127.0.0.1:8080" || us[1].String() != "http://localhost:8081" {
		t.Fatalf("%v %v", us, err)
	}
	if got := wsURL(us[0], "abc"); got != "ws://127.0.0.1:8080/ws/abc?v=2" {
		t.Fatalf("ws url %s", got)
	}
	for _, bad := range []string{"", "https://127.0.0.1", "http://example.com:8080", "http://127.0.0.1:8080,http://10.1.1.1",
		"http://127.0.0.1/api", "http://u:p@127.0.0.1", "ws://127.0.0.1", "127.0.0.1:8080"} {
		if _, err := ParseURLs(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
